"""The verifiable log through HTTP, on SQLite and PostgreSQL: anyone can fetch the public key,
the signed checkpoints and proofs, and check them with nothing but the public key; signing on
demand needs a supervisor or admin; a subject's proven history carries the events' payloads
only for callers with a role."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from domain.core.values import Role
from projections.integrity.proofs import (
    leaf_hash,
    verify_checkpoint,
    verify_consistency,
    verify_inclusion,
)
from tests.api.conftest import TokenFor
from tests.api.helpers import assert_problem, ok, register_org

Headers = dict[str, str]


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


def b(value: str) -> bytes:
    return base64.b64decode(value)


CHECKPOINT = {"reason": "每日公布"}


def sign(client: TestClient, token_for: TokenFor, expected: int = 201) -> dict[str, Any]:
    response = client.post(
        "/integrity/checkpoints", json=CHECKPOINT, headers=token_for(Role.SUPERVISOR)
    )
    return ok(response, expected)  # type: ignore[no-any-return]


def test_public_key_is_served_in_verifier_and_pem_forms(client: TestClient) -> None:
    key = ok(client.get("/integrity/public-key"))
    assert key["verifier_key"].startswith(key["key_name"] + "+" + key["key_id"] + "+")
    assert len(b(key["public_key"])) == 32
    assert key["pem"].startswith("-----BEGIN PUBLIC KEY-----")


def test_no_checkpoint_is_a_404_until_one_is_signed(client: TestClient) -> None:
    assert_problem(client.get("/integrity/checkpoints/latest"), 404)


def test_a_signed_checkpoint_verifies_with_the_served_key(
    client: TestClient, clerk: Headers, token_for: TokenFor
) -> None:
    register_org(client, clerk, "INT-1")
    signed = sign(client, token_for)
    assert signed["created"] is True
    key = ok(client.get("/integrity/public-key"))["verifier_key"]
    origin, size, root = verify_checkpoint(signed["note"], key)
    assert (origin, size, base64.b64encode(root).decode()) == (
        signed["origin"],
        signed["tree_size"],
        signed["root"],
    )
    assert size >= 2  # the registration and its receipt, at least (tokens are events too)
    latest = ok(client.get("/integrity/checkpoints/latest"))
    assert latest["note"] == signed["note"]
    assert ok(client.get(f"/integrity/checkpoints/{size}"))["note"] == signed["note"]
    again = sign(client, token_for, expected=200)  # nothing new to sign
    assert again["created"] is False and again["tree_size"] == size


def test_only_supervisors_and_admins_sign_on_demand(
    client: TestClient, token_for: TokenFor
) -> None:
    for role in (Role.CLERK, Role.INSPECTOR, Role.AUDITOR):
        response = client.post("/integrity/checkpoints", json=CHECKPOINT, headers=token_for(role))
        assert_problem(response, 403)
    signed = ok(
        client.post("/integrity/checkpoints", json=CHECKPOINT, headers=token_for(Role.ADMIN)),
        201,
    )
    assert (signed["requested_by"], signed["reason"]) == ("admin.test", "每日公布")
    assert_problem(
        client.post("/integrity/checkpoints", json={}, headers=token_for(Role.ADMIN)), 422
    )


def test_checkpoints_since_a_size_come_smallest_first(
    client: TestClient, clerk: Headers, token_for: TokenFor
) -> None:
    register_org(client, clerk, "INT-S1")
    first = sign(client, token_for)
    register_org(client, clerk, "INT-S2")
    second = sign(client, token_for)
    listed = ok(client.get("/integrity/checkpoints", params={"since": 0}))["items"]
    assert [c["tree_size"] for c in listed] == [first["tree_size"], second["tree_size"]]
    later = ok(client.get("/integrity/checkpoints", params={"since": first["tree_size"] + 1}))
    assert [c["tree_size"] for c in later["items"]] == [second["tree_size"]]


def test_inclusion_and_consistency_proofs_check_out_anonymously(
    client: TestClient, clerk: Headers, token_for: TokenFor
) -> None:
    firm = register_org(client, clerk, "INT-P1")
    first = sign(client, token_for)
    register_org(client, clerk, "INT-P2")
    second = sign(client, token_for)
    key = ok(client.get("/integrity/public-key"))["verifier_key"]
    _, size, root = verify_checkpoint(second["note"], key)

    history = ok(client.get(f"/organizations/{firm}/history", headers=clerk))
    position = history["events"][0]["position"]
    proof = ok(client.get("/integrity/proofs/inclusion", params={"position": position}))
    assert proof["subject"] == firm and proof["tree_size"] == size
    assert proof["checkpoint"]["note"] == second["note"]
    assert verify_inclusion(
        b(proof["leaf_hash"]),
        proof["leaf_index"],
        size,
        [b(p) for p in proof["inclusion_path"]],
        root,
    )

    _, old_size, old_root = verify_checkpoint(first["note"], key)
    consistency = ok(client.get("/integrity/proofs/consistency", params={"first": old_size}))
    assert consistency["second"] == size
    assert verify_consistency(
        old_size, size, old_root, root, [b(p) for p in consistency["consistency_path"]]
    )


def test_proof_requests_beyond_the_log_are_problems(
    client: TestClient, clerk: Headers, token_for: TokenFor
) -> None:
    register_org(client, clerk, "INT-E1")
    signed = sign(client, token_for)
    size = signed["tree_size"]
    assert_problem(client.get("/integrity/proofs/inclusion", params={"position": 10**9}), 404)
    assert_problem(
        client.get("/integrity/proofs/inclusion", params={"position": 1, "size": size + 50}),
        409,
        "ProofWithinSealedLog",
    )
    assert_problem(
        client.get("/integrity/proofs/consistency", params={"first": size, "second": 1}),
        422,
        "ConsistencySizesOrdered",
    )
    assert_problem(client.get("/integrity/proofs/inclusion", params={"position": 0}), 422)
    assert_problem(client.get(f"/integrity/checkpoints/{size + 1}"), 404)
    assert_problem(client.get("/integrity/checkpoints/99999999999999999999"), 422)


def test_proven_history_shows_payloads_only_to_callers_with_a_role(
    client: TestClient, clerk: Headers, token_for: TokenFor
) -> None:
    firm = register_org(client, clerk, "INT-H1")
    signed = sign(client, token_for)
    key = ok(client.get("/integrity/public-key"))["verifier_key"]
    _, size, root = verify_checkpoint(signed["note"], key)

    anonymous = ok(client.get(f"/integrity/subjects/{firm}/history"))
    assert anonymous["checkpoint"]["note"] == signed["note"]
    assert anonymous["events"], anonymous
    for event in anonymous["events"]:
        assert event["entry"] is None and event["leaf_input"] is None
        path = [b(p) for p in event["inclusion_path"]]
        assert verify_inclusion(b(event["leaf_hash"]), event["leaf_index"], size, path, root)

    payloads = f"/integrity/subjects/{firm}/history/payloads"
    auditor = ok(client.get(payloads, headers=token_for(Role.AUDITOR)))
    assert [e["leaf_hash"] for e in auditor["events"]] == [
        e["leaf_hash"] for e in anonymous["events"]
    ]
    for event in auditor["events"]:
        assert event["entry"]["event"].startswith("ledger.")
        assert leaf_hash(b(event["leaf_input"])) == b(event["leaf_hash"])
    assert_problem(client.get(payloads), 401)


def test_events_after_the_named_checkpoint_come_without_proof(
    client: TestClient, clerk: Headers, token_for: TokenFor
) -> None:
    firm = register_org(client, clerk, "INT-H2")
    signed = sign(client, token_for)
    change = {"reason": "更名", "name": "新名称（虚构）"}
    ok(client.patch(f"/organizations/{firm}", json=change, headers=clerk))
    sign(client, token_for)
    body = ok(
        client.get(
            f"/integrity/subjects/{firm}/history", params={"checkpoint": signed["tree_size"]}
        )
    )
    proven = [e["leaf_index"] is not None for e in body["events"]]
    assert proven == [True, False]
