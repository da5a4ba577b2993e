"""The published contract: every operation is summarised, says who may call it, documents its
success and problem responses, and every command body comes with a valid example."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from tests.api.helpers import PROBLEM_JSON, ROLES, WRITE_METHODS, ok

Operation = tuple[str, str, dict[str, Any]]
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}


@pytest.fixture
def spec(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")  # readable without a token
    document: dict[str, Any] = ok(response)
    assert document["openapi"].startswith("3.")
    return document


def operations(spec: dict[str, Any]) -> Iterator[Operation]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method.upper(), path, operation


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    assert ref.startswith("#/components/schemas/"), ref
    resolved: dict[str, Any] = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return resolved


def schema_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[1] if ref else None


def is_public(operation: dict[str, Any]) -> bool:
    return operation.get("x-public") is True


def test_the_spec_lists_the_registry(spec: dict[str, Any]) -> None:
    paths = set(spec["paths"])
    assert {"/organizations", "/practitioners", "/inspectors", "/tokens", "/health"} <= paths
    assert len(list(operations(spec))) > 20


def test_every_operation_has_a_summary(spec: dict[str, Any]) -> None:
    missing = [f"{m} {p}" for m, p, op in operations(spec) if not op.get("summary", "").strip()]
    assert missing == []


def test_every_operation_declares_exactly_one_of_roles_or_public(spec: dict[str, Any]) -> None:
    for method, path, op in operations(spec):
        has_roles = "x-roles" in op
        assert has_roles != is_public(op), f"{method} {path}"
        if has_roles:
            assert op["x-roles"] and set(op["x-roles"]) <= set(ROLES), f"{method} {path}"


def test_every_list_answers_an_object_with_items(spec: dict[str, Any]) -> None:
    """One shape everywhere: no route answers a bare JSON array; a list is the `items` of an
    object (beside which paging and filters can grow)."""
    bare = []
    for method, path, op in operations(spec):
        for code, response in op["responses"].items():
            content = response.get("content", {}).get("application/json")
            if code.startswith("2") and content and content["schema"].get("type") == "array":
                bare.append(f"{method} {path}")
    assert bare == []


def test_every_operation_documents_a_json_success_schema(spec: dict[str, Any]) -> None:
    for method, path, op in operations(spec):
        success = {code: r for code, r in op["responses"].items() if code.startswith("2")}
        assert success, f"{method} {path} has no 2xx response"
        for code, response in success.items():
            schema = response["content"]["application/json"]["schema"]
            assert schema, f"{method} {path} {code}"
            if method == "POST" and path.count("/") == 1:
                assert code == "201", f"{method} {path}: creation answers 201"


def expected_problems(spec: dict[str, Any], method: str, path: str, op: dict[str, Any]) -> set[str]:
    if is_public(op):
        return set()
    codes = {"401"}
    if set(op["x-roles"]) != set(ROLES):
        codes.add("403")
    if "{" in path:
        codes.add("404")
    if method in WRITE_METHODS:
        codes |= {"409", "422"}
    if op.get("parameters") or op.get("requestBody"):
        codes.add("422")
    return codes


def test_every_operation_declares_its_problem_responses(spec: dict[str, Any]) -> None:
    for method, path, op in operations(spec):
        for code in expected_problems(spec, method, path, op):
            assert code in op["responses"], f"{method} {path} does not declare {code}"
            response = op["responses"][code]
            schemas_declared = [c["schema"] for c in response.get("content", {}).values()]
            assert any(schema_name(s) == "Problem" for s in schemas_declared), (
                f"{method} {path} {code}: {response}"
            )


def test_problem_responses_are_documented_as_problem_json(spec: dict[str, Any]) -> None:
    """The API answers errors as application/problem+json (RFC 9457); the contract must say so,
    or generated clients look for a JSON body under the wrong media type."""
    wrong = []
    for method, path, op in operations(spec):
        for code, response in op["responses"].items():
            if code[0] in "45" and PROBLEM_JSON not in response.get("content", {}):
                wrong.append(f"{method} {path} {code}: {sorted(response.get('content', {}))}")
    assert wrong == [], f"{len(wrong)} problem responses not under {PROBLEM_JSON}: {wrong[:3]}"


def test_the_problem_schema_has_the_rfc_9457_members(spec: dict[str, Any]) -> None:
    problem = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail"} <= set(problem["required"])
    assert {"rule", "errors", "context"} <= set(problem["properties"])


def test_protected_operations_require_the_bearer_scheme(spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    bearer = [name for name, s in schemes.items() if s.get("scheme", "").lower() == "bearer"]
    assert bearer
    for method, path, op in operations(spec):
        declared = {name for requirement in op.get("security", []) for name in requirement}
        if is_public(op):
            assert not declared, f"{method} {path} is public but asks for a token"
        else:
            assert declared & set(bearer), f"{method} {path} does not declare bearer auth"


def _request_model(spec: dict[str, Any], op: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    name = schema_name(schema)
    assert name, f"request body is not a named schema: {schema}"
    return name, resolve(spec, schema)


def _model_named(name: str) -> Any:
    """A request model by its schema name, from any module of api.http (routes and schemas)."""
    import importlib
    import pkgutil

    import api.http

    modules = [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(api.http.__path__, "api.http.")
    ]
    found = {getattr(m, name) for m in modules if isinstance(getattr(m, name, None), type)}
    assert len(found) == 1, f"{name}: {len(found)} models with that name"
    return found.pop()


def test_every_command_body_has_a_valid_example(spec: dict[str, Any]) -> None:
    seen = set()
    for method, path, op in operations(spec):
        if method not in {"POST", "PATCH", "PUT"}:
            continue
        assert "requestBody" in op, f"{method} {path} takes no body"
        assert op["requestBody"].get("required") is True, f"{method} {path}"
        name, component = _request_model(spec, op)
        examples = component.get("examples")
        assert isinstance(examples, list) and examples, f"{name} ({method} {path}) has no example"
        model = _model_named(name.split("__")[-1])
        assert isinstance(model, type) and issubclass(model, BaseModel), name
        for example in examples:
            model.model_validate(example)  # an example a client copies must be accepted
            assert "actor" not in example, f"{name}: the actor comes from the token"
        seen.add(name)
    assert {"OrganizationCreate", "PractitionerCreate", "SuspensionCreate", "CommandOnly"} <= seen


def test_command_bodies_forbid_unknown_fields_and_take_no_actor(spec: dict[str, Any]) -> None:
    for method, path, op in operations(spec):
        if "requestBody" not in op:
            continue
        name, component = _request_model(spec, op)
        assert component.get("additionalProperties") is False, f"{name} ({method} {path})"
        assert "actor" not in component["properties"], name
        assert "reason" in component.get("required", []), name
