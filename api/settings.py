"""All configuration, from LEDGER_* environment variables (or a .env file)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from projections.integrity.checkpoints import DEFAULT_ORIGIN as PLACEHOLDER_ORIGIN
from store.config import DEFAULT_DATABASE_URL


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEDGER_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="sqlite:///path/ledger.db (embedded, default) or postgresql://user@host/db",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = Field(default=None, description="URL printed for people to open")
    # The verifiable log (see projections/integrity/).
    signing_key_file: Path = Field(
        default=Path("data/checkpoint-signing.key"),
        description="Ed25519 key (PKCS#8 PEM) that signs checkpoints; generated if missing",
    )
    log_origin: str = Field(
        default=PLACEHOLDER_ORIGIN,
        min_length=1,
        pattern=r"^[^\s+]+$",
        description="the log's name in its checkpoints and the signing key's name (C2SP "
        "signed note: one line, no spaces or '+'; a schema-less URL such as "
        "ledger.sfj.example.gov.cn/compliance)",
    )
    demo_token_file: Path = Field(
        default=Path("data/demo-admin.token"),
        description="where `ledger demo` keeps the demo admin token's secret (mode 0600), so a "
        "second load reuses it instead of issuing another",
    )
    checkpoint_every_events: int = Field(default=1000, ge=1)
    checkpoint_every_seconds: float = Field(default=0.5, gt=0)
    # Who keeps the stored views current (see api/consistency.py).
    projections: Literal["in_process", "external"] = Field(
        default="in_process",
        description="in_process: `ledger serve` runs the view runner itself; external: "
        "`ledger project` does, and API workers never write views",
    )
    projections_poll_seconds: float = Field(
        default=0.5,
        gt=0,
        description="runner poll interval (SQLite), fallback poll beside LISTEN/NOTIFY (PostgreSQL)",
    )

    @model_validator(mode="after")
    def refuse_development_defaults_in_production(self) -> Settings:
        if self.environment != "production":
            return self
        if self.database_url == DEFAULT_DATABASE_URL:
            raise ValueError(
                "LEDGER_DATABASE_URL must be set explicitly in production "
                "(the embedded SQLite default is for development and demos)"
            )
        if self.log_origin == PLACEHOLDER_ORIGIN:
            raise ValueError(
                "LEDGER_LOG_ORIGIN must name this log in production (it is the first line of "
                "every signed checkpoint and cannot change afterwards), e.g. "
                "ledger.sfj.example.gov.cn/compliance"
            )
        return self

    @property
    def url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"
