"""Fixtures for the profile fold tests: an empty in-memory log of events."""

from __future__ import annotations

import pytest

from tests.unit.profiles.profile_fold_support import Log


@pytest.fixture
def log() -> Log:
    return Log()
