"""Settings refuse what must not reach production (LEDGER_* variables, see api/settings.py)."""

from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

from api.settings import PLACEHOLDER_ORIGIN, Settings
from store.config import DEFAULT_DATABASE_URL

POSTGRES = "postgresql://ledger@db.internal/ledger"
ORIGIN = "ledger.sfj.example.gov.cn/compliance"


@pytest.fixture(autouse=True)
def no_ledger_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what a test passes counts: no LEDGER_* variable or .env file from outside."""
    for name in list(os.environ):
        if name.startswith("LEDGER_"):
            monkeypatch.delenv(name)
    monkeypatch.setitem(Settings.model_config, "env_file", None)


def test_development_runs_on_the_defaults() -> None:
    settings = Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.log_origin == PLACEHOLDER_ORIGIN


def test_production_needs_its_own_database_url() -> None:
    with pytest.raises(ValidationError, match="LEDGER_DATABASE_URL must be set"):
        Settings(environment="production", log_origin=ORIGIN)


def test_production_needs_its_own_log_origin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGER_ENVIRONMENT", "production")
    monkeypatch.setenv("LEDGER_DATABASE_URL", POSTGRES)
    with pytest.raises(ValidationError, match="LEDGER_LOG_ORIGIN must name this log"):
        Settings()
    monkeypatch.setenv("LEDGER_LOG_ORIGIN", ORIGIN)
    assert Settings().log_origin == ORIGIN


@pytest.mark.parametrize("origin", ["", "two words", "a+b", "line\nbreak"])
def test_a_log_origin_is_one_signed_note_key_name(origin: str) -> None:
    with pytest.raises(ValidationError, match="log_origin"):
        Settings(log_origin=origin)
