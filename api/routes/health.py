from __future__ import annotations

from fastapi import APIRouter

from api.auth import public
from api.deps import ServicesDep
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Liveness and log head", **public())
def health(services: ServicesDep) -> Health:
    return Health(status="ok", backend=services.config.backend, log_position=services.db.head())
