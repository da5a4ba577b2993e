"""Dependency aliases for routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.http.auth import current_actor
from api.services import Services
from domain.core.values import Actor
from domain.ledger import ComplianceLedger


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


def get_ledger(request: Request) -> ComplianceLedger:
    return get_services(request).ledger


ServicesDep = Annotated[Services, Depends(get_services)]
LedgerDep = Annotated[ComplianceLedger, Depends(get_ledger)]
ActorDep = Annotated[Actor, Depends(current_actor)]
