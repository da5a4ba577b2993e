"""Domain errors become RFC 9457 problem+json here, once; routes stay clean."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from api.consistency import ViewsBehindError
from api.schemas import Problem
from domain.errors import (
    EntityNotFoundError,
    InvalidCommandError,
    LedgerError,
    LedgerRuleError,
)

PROBLEM_TYPE = "https://compliance-ledger.invalid/problems/"
MEDIA_TYPE = "application/problem+json"

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict with a rule",
    422: "Invalid input",
    503: "Service unavailable",
}


def problem(
    status: int,
    detail: str,
    *,
    rule: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    context: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + (rule or str(status)),
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if rule:
        body["rule"] = rule
    if errors is not None:
        body["errors"] = errors
    if context:
        body["context"] = context
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _field_errors(errors: Any) -> list[dict[str, Any]]:
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg"), "type": e.get("type")}
        for e in errors
    ]


def install(app: FastAPI) -> None:
    @app.exception_handler(LedgerError)
    async def ledger_error(_request: Request, exc: LedgerError) -> JSONResponse:
        if isinstance(exc, EntityNotFoundError):
            return problem(404, exc.detail, rule=exc.rule, context=exc.context)
        if isinstance(exc, InvalidCommandError):
            loc = [exc.location, exc.field] if exc.field else [exc.location]
            errors = [{"loc": loc, "msg": exc.detail, "type": exc.rule}]
            return problem(422, exc.detail, rule=exc.rule, errors=errors, context=exc.context)
        if isinstance(exc, LedgerRuleError):
            return problem(409, exc.detail, rule=exc.rule, context=exc.context)
        return problem(400, exc.detail, rule=exc.rule, context=exc.context)

    @app.exception_handler(ViewsBehindError)
    async def views_behind(_request: Request, exc: ViewsBehindError) -> JSONResponse:
        return problem(
            503,
            f"{exc}; try again shortly",
            rule="ReadAfterPosition",
            context={"view": exc.view, "position": exc.position, "after": exc.after},
            headers={"Retry-After": str(exc.retry_after)},
        )

    @app.exception_handler(RequestValidationError)
    async def request_invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(422, "the request is not valid", errors=_field_errors(exc.errors()))

    @app.exception_handler(ValidationError)
    async def value_invalid(_request: Request, exc: ValidationError) -> JSONResponse:
        return problem(422, "the values are not valid", errors=_field_errors(exc.errors()))

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))


# Documented on every route that can produce them.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {
        "model": Problem,
        "description": _TITLES[code],
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for code in (401, 403, 404, 409, 422)
}
