from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.http.auth import public
from api.http.deps import ServicesDep


class Health(BaseModel):
    status: str
    backend: str
    log_position: int


router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Liveness and log head", **public())
def health(services: ServicesDep) -> Health:
    return Health(status="ok", backend=services.config.backend, log_position=services.db.head())
