"""Domain errors become RFC 9457 problem+json here, once; routes stay clean.

Every problem's `type` is a relative URI, /problems/{rule} (or /problems/{status}), that this
API serves itself (GET, public): a bureau network is offline, so a type must not point at a
host it cannot reach. Every problem carries `zh`, the rule (or the status) in one Chinese
sentence, beside the English `detail`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from api.consistency import ViewsBehindError
from api.http.schemas import Problem
from domain.core.errors import (
    EntityNotFoundError,
    InvalidCommandError,
    LedgerError,
    LedgerRuleError,
)

PROBLEM_TYPE = "/problems/"  # relative: resolved against the API's own address (RFC 9457)
MEDIA_TYPE = "application/problem+json"

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict with a rule",
    422: "Invalid input",
    413: "Request too large",
    503: "Service unavailable",
}
TITLES_ZH = {
    400: "请求有误",
    401: "未认证：需要有效的令牌",
    403: "无权执行此操作",
    404: "找不到该记录或地址",
    405: "不支持该请求方法",
    409: "违反规则",
    413: "请求过大",
    422: "输入不正确",
    503: "服务暂不可用，请稍后重试",
}


def problem(
    status: int,
    detail: str,
    *,
    rule: str | None = None,
    zh: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    context: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + (rule or str(status)),
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "zh": zh or TITLES_ZH.get(status, "请求未能完成"),
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
        status = status_of(type(exc))
        errors = None
        if isinstance(exc, InvalidCommandError):
            loc = [exc.location, exc.field] if exc.field else [exc.location]
            errors = [{"loc": loc, "msg": exc.detail, "type": exc.rule}]
        return problem(
            status, exc.detail, rule=exc.rule, zh=exc.zh, errors=errors, context=exc.context
        )

    @app.exception_handler(ViewsBehindError)
    async def views_behind(_request: Request, exc: ViewsBehindError) -> JSONResponse:
        return problem(
            503,
            f"{exc}; try again shortly",
            rule="ReadAfterPosition",
            zh=READ_AFTER_POSITION_ZH,
            context={"view": exc.view, "position": exc.position, "after": exc.after},
            headers={"Retry-After": str(exc.retry_after)},
        )

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _field_errors(exc.errors())
        content_type = request.headers.get("content-type", "")
        body_errors = any(e["loc"][:1] == ["body"] for e in errors)
        if body_errors and "json" not in content_type.lower():
            sent = content_type or "no Content-Type"
            return problem(
                422,
                f"the body must be JSON sent with Content-Type: application/json (got {sent})",
                zh="请求体须为 JSON，并带 Content-Type: application/json",
                errors=errors,
            )
        return problem(422, "the request is not valid", errors=errors)

    @app.exception_handler(ValidationError)
    async def value_invalid(_request: Request, exc: ValidationError) -> JSONResponse:
        return problem(422, "the values are not valid", errors=_field_errors(exc.errors()))

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))


READ_AFTER_POSITION_ZH = "视图尚未更新到所请求的日志位置，请稍后重试"


def status_of(error: type[LedgerError]) -> int:
    """The HTTP status a ledger error answers with."""
    if issubclass(error, EntityNotFoundError):
        return 404
    if issubclass(error, InvalidCommandError):
        return 422
    if issubclass(error, LedgerRuleError):
        return 409
    return 400


# Documented on every route that can produce them.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {
        "model": Problem,
        "description": _TITLES[code],
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for code in (401, 403, 404, 409, 422)
}
