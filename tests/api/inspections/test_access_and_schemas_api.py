"""The inspection routes' roles (who may do what) and the examples of every inspection command
body, checked against the served OpenAPI spec."""

from __future__ import annotations

from fastapi.testclient import TestClient

from domain.core.values import (
    Role,
)
from tests.api.helpers import (
    ok,
    route_specs,
)


def test_who_may_do_what(client: TestClient) -> None:
    specs = {(s.method, s.path): set(s.roles or ()) for s in route_specs(client.app)}  # type: ignore[arg-type]
    planners, inspectors = {"supervisor", "admin"}, {"inspector", "supervisor", "admin"}
    everyone = {r.value for r in Role}
    assert specs[("POST", "/checklists")] == planners
    for path in ("", "/{inspection_id}/inspectors", "/{inspection_id}/recusals",
                 "/{inspection_id}/publication", "/{inspection_id}/closing"):  # fmt: skip
        assert specs[("POST", "/inspections" + path)] == planners, path
    for path in (
        "/findings",
        "/result",
        "/rectification",
        "/rectification/verification",
        "/referral",
    ):
        assert specs[("POST", "/inspections/{inspection_id}" + path)] == inspectors, path
    for path in ("/inspections", "/inspections/overdue", "/inspections/{inspection_id}",
                 "/inspections/{inspection_id}/history", "/checklists", "/checklists/{checklist_id}"):  # fmt: skip
        assert specs[("GET", path)] == everyone, path


def test_every_inspection_command_body_has_a_valid_example(client: TestClient) -> None:
    """The examples of api/http/inspections/schemas.py, checked against the inspection routes
    of the served spec (tests/api/http/test_openapi.py checks every route's the same way)."""
    from pydantic import BaseModel

    from api.http.inspections import schemas as schemas_inspections

    spec = ok(client.get("/openapi.json"))
    checked = set()
    for path, item in spec["paths"].items():
        if not path.startswith(("/inspections", "/checklists", "/inspectors/{entity_id}/")):
            continue
        for method, operation in item.items():
            if method not in {"post", "patch"}:
                continue
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            name = ref.rsplit("/", 1)[1]
            component = spec["components"]["schemas"][name]
            assert component.get("additionalProperties") is False, name
            model = getattr(schemas_inspections, name, None)
            if model is None:  # a shared body such as CommandOnly
                continue
            assert isinstance(model, type) and issubclass(model, BaseModel)
            for example in component["examples"]:
                model.model_validate(example)
            checked.add(name)
    assert {"InspectionCreate", "FindingsCreate", "ChecklistCreate", "ConflictCreate"} <= checked
