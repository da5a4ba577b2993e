"""The `bureau` fixture of the inspection tests through the ledger."""

from __future__ import annotations

import pytest

from domain.ledger import ComplianceLedger
from tests.application.inspections.inspections_support import Bureau, Meta


@pytest.fixture
def bureau(ledger: ComplianceLedger, meta: Meta) -> Bureau:
    return Bureau(ledger, meta)
