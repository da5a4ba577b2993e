"""Fixtures for the spot-check plan tests: a small district on the in-memory ledger."""

from __future__ import annotations

import pytest

from domain.ledger import ComplianceLedger
from tests.integration.spot_check_support import District, build_district


@pytest.fixture
def district(ledger: ComplianceLedger) -> District:
    return build_district(ledger)
