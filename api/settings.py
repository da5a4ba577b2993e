"""All configuration, from LEDGER_* environment variables (or a .env file)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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

    @model_validator(mode="after")
    def refuse_development_defaults_in_production(self) -> Settings:
        if self.environment == "production" and self.database_url == DEFAULT_DATABASE_URL:
            raise ValueError(
                "LEDGER_DATABASE_URL must be set explicitly in production "
                "(the embedded SQLite default is for development and demos)"
            )
        return self

    @property
    def url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"
