"""The FastAPI app factory. Services are built by the lifespan unless a test hands them in."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline

from api.consistency import start_projections
from api.http import (
    dashboard,
    health,
    policies,
    problem_types,
    problems,
    tokens,
)
from api.http.appeals import routes as appeals
from api.http.audit import routes as audit_trail
from api.http.auth import public
from api.http.case_reviews import routes as case_file_reviews
from api.http.complaints import routes as complaints
from api.http.disclosures import routes as disclosures
from api.http.evaluations import routes as evaluations
from api.http.inspections import (
    checklists,
)
from api.http.inspections import (
    routes as inspections,
)
from api.http.integrity import routes as integrity
from api.http.notarizations import (
    imports as notarization_imports,
)
from api.http.notarizations import (
    routes as notarizations,
)
from api.http.profiles import routes as profiles
from api.http.registry import (
    inspectors,
    organizations,
    practitioners,
)
from api.http.sanctions import routes as sanctions
from api.http.spot_checks import routes as spot_checks
from api.integrity_setup import integrity_options
from api.services import Services, open_services
from api.settings import Settings

DESCRIPTION = """
Event-sourced regulatory record of a district judicial bureau: law firms and lawyers, notary
offices and notaries, appraisal institutions and appraisers, mediation committees, inspectors.

Every command is an immutable event carrying its actor (from your token), reason, effective date
and command_id (idempotency key). Errors are `application/problem+json`; a 409 names the rule.
Authenticate with `Authorization: Bearer <token>` (create one with `ledger token create`).
Each operation lists the roles allowed to call it in `x-roles`.
"""


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or open_services(
            settings.database_url,
            **integrity_options(settings, logging.getLogger("ledger").warning),
        )
        loop = start_projections(app.state.services, settings) if owned else None
        if owned:
            # What start-up built lives as long as the process: out of the collector's sight, a
            # full collection walks only what requests made since, not the whole app (measured:
            # it took a read's p99 from 3 to 20 ms; bench/reads.py).
            gc.collect()
            gc.freeze()
        try:
            yield
        finally:
            if loop is not None:
                loop.stop_and_join()
            if owned:
                app.state.services.close()

    # /docs and /redoc with Swagger UI and ReDoc from the package, not a CDN (offline networks).
    app = FastAPIOffline(
        title="Compliance Ledger",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    if services is not None:
        app.state.services = services
    problems.install(app)
    for module in (
        health,
        tokens,
        organizations,
        practitioners,
        inspectors,
        checklists,
        inspections,
        evaluations,
        sanctions,
        appeals,
        policies,
        complaints,
        notarization_imports,  # before notarizations: fixed paths before /{matter_id}
        notarizations,
        case_file_reviews,
        profiles,
        audit_trail,
        disclosures,
        dashboard,
        integrity,
        spot_checks,
        problem_types,
    ):
        app.include_router(module.router)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False, **public())
    def console() -> str:
        return resources.files("api.console").joinpath("index.html").read_text(encoding="utf-8")

    install_openapi(app)

    # The documentation pages are public like the console (the spec they show is too).
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path in _DOC_PAGES:
            route.openapi_extra = public()["openapi_extra"]
    return app


_DOC_PAGES = ("/docs", "/docs/oauth2-redirect", "/redoc")


def install_openapi(app: FastAPI) -> None:
    """The spec as FastAPI builds it, less the 401 and 403 that every router documents but a
    public operation never answers."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            for item in spec.get("paths", {}).values():
                for operation in item.values():
                    if isinstance(operation, dict) and operation.get("x-public"):
                        for code in ("401", "403"):
                            operation.get("responses", {}).pop(code, None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
