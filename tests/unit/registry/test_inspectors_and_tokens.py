"""Inspector status transitions and API token revocation, on the aggregates alone."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from domain.access.errors import (
    TokenRevokedError,
    TokenValidityError,
)
from domain.access.tokens import (
    ApiToken,
    hash_secret,
)
from domain.core.errors import NothingToChangeError
from domain.core.values import (
    Actor,
    EventMeta,
    InspectorStatus,
    Role,
)
from domain.registry.errors import InspectorStatusError
from domain.registry.inspectors import (
    Inspector,
    InspectorDetails,
)

ADMIN = Actor(principal_id="admin.unit", role=Role.ADMIN)


def meta() -> EventMeta:
    return EventMeta(actor=ADMIN, reason="unit test", effective_on=date(2024, 6, 1), command_id="c")


def inspector() -> Inspector:
    made = Inspector(
        meta=meta(), number="京司执 0001", details=InspectorDetails(name="王五", unit="律师工作科")
    )
    made.collect_events()
    return made


def test_inspector_is_active_when_registered() -> None:
    assert inspector().status is InspectorStatus.ACTIVE


def test_inspector_status_transition_active_to_inactive_and_back() -> None:
    staff = inspector()
    staff.deactivate(meta())
    assert staff.status is InspectorStatus.INACTIVE
    staff.reactivate(meta())
    assert staff.status is InspectorStatus.ACTIVE
    assert [type(e).__name__ for e in staff.collect_events()] == ["Deactivated", "Reactivated"]


def test_inspector_status_transition_refuses_deactivating_an_inactive_inspector() -> None:
    staff = inspector()
    staff.deactivate(meta())
    staff.collect_events()
    before = copy.deepcopy(vars(staff))
    with pytest.raises(InspectorStatusError) as caught:
        staff.deactivate(meta())
    assert caught.value.rule == "InspectorStatusTransition"
    assert caught.value.context == {"status": "inactive"}
    assert staff.collect_events() == []
    assert vars(staff) == before


def test_inspector_status_transition_refuses_reactivating_an_active_inspector() -> None:
    staff = inspector()
    before = copy.deepcopy(vars(staff))
    with pytest.raises(InspectorStatusError) as caught:
        staff.reactivate(meta())
    assert caught.value.rule == "InspectorStatusTransition"
    assert caught.value.context == {"status": "active"}
    assert staff.collect_events() == []
    assert vars(staff) == before


def test_inactive_inspector_details_may_still_change() -> None:
    staff = inspector()
    staff.deactivate(meta())
    staff.change_details(meta(), InspectorDetails(name="王五", unit="公证工作科"))
    assert staff.details.unit == "公证工作科"
    assert staff.status is InspectorStatus.INACTIVE


def test_inspector_change_changes_something() -> None:
    staff = inspector()
    with pytest.raises(NothingToChangeError) as caught:
        staff.change_details(meta(), InspectorDetails(name="王五", unit="律师工作科"))
    assert caught.value.rule == "ChangeChangesSomething"
    assert staff.collect_events() == []


def test_token_revoked_once() -> None:
    token = ApiToken(
        meta=meta(), secret_hash=hash_secret("s3cret"), name="clerk.a", role=Role.CLERK
    )
    token.collect_events()
    assert token.revoked is False

    token.revoke(meta())
    assert token.revoked is True
    assert [type(e).__name__ for e in token.collect_events()] == ["Revoked"]

    with pytest.raises(TokenRevokedError) as caught:
        token.revoke(meta())
    assert caught.value.rule == "TokenRevokedOnce"
    assert token.collect_events() == []
    assert token.revoked is True


def test_token_stores_only_the_hash_of_its_secret() -> None:
    token = ApiToken(
        meta=meta(), secret_hash=hash_secret("s3cret"), name="clerk.a", role=Role.CLERK
    )
    assert "s3cret" not in repr(vars(token))
    assert token.secret_hash == hash_secret("s3cret") != hash_secret("s3cret ")
    # Authenticating is one read by primary key: the id follows from the secret.
    assert token.id == ApiToken.id_for_secret("s3cret")
    assert ApiToken.id_for_secret("s3cret") != ApiToken.id_for_secret("S3CRET")


def test_a_token_is_accepted_until_its_last_day() -> None:
    expires = ApiToken.expiry(date(2024, 6, 1), 30)
    assert expires == date(2024, 6, 30)
    token = ApiToken(
        meta=meta(), secret_hash=hash_secret("s"), name="clerk.a", role=Role.CLERK,
        expires_on=expires,
    )  # fmt: skip
    assert token.valid_on(date(2024, 6, 30)) and not token.valid_on(date(2024, 7, 1))
    token.revoke(meta())
    assert not token.valid_on(date(2024, 6, 2))


def test_a_token_issued_before_tokens_expired_never_expires() -> None:
    """Stored Issued events without expires_on (recorded before tokens had an expiry) load as
    tokens that never expire: the record says what was issued, it is not re-judged."""
    token = ApiToken(meta=meta(), secret_hash=hash_secret("s"), name="old", role=Role.ADMIN)
    (issued,) = token.collect_events()
    state = {k: v for k, v in vars(issued).items() if k != "expires_on"}
    old = object.__new__(type(issued))
    object.__setattr__(old, "__dict__", state)
    loaded = old.mutate(None)
    assert loaded.expires_on is None and loaded.valid_on(date(2099, 1, 1))


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_token_validity_within_limits(days: int) -> None:
    with pytest.raises(TokenValidityError) as caught:
        ApiToken.expiry(date(2024, 6, 1), days)
    assert caught.value.rule == "TokenValidityWithinLimits" and caught.value.field == "valid_days"
