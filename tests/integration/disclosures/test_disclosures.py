"""The public disclosure register (一公开) on SQLite and PostgreSQL: a sanction decision is shown
from its publication to the end of its publication period, and no longer once it is annulled on
appeal (its publication withdrawn); the stored view answers as an on-demand fold of the log does,
and anyone can read it without a token."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)
from domain.core.values import EventMeta
from projections.disclosures.view import DisclosureFold
from projections.runner.events import iter_events
from tests.application.appeals.test_appeals import (
    SUPERVISOR,
    file,
    m,
    served_warning,
)

Meta = Callable[..., EventMeta]
DAYS = [date(2024, 3, 31), date(2024, 4, 1), date(2024, 4, 20), date(2024, 5, 7),
        date(2024, 7, 1), date(2024, 7, 2), date(2025, 1, 1)]  # fmt: skip


def _register(services: Services, day: date) -> list[dict[str, object]]:
    services.runner.catch_up(services.disclosures.name)
    return services.disclosures.register(services.db, day, limit=200).items


def test_register_honours_withdrawals_and_publication_end_dates(
    any_services: Services, meta: Meta
) -> None:
    ledger = any_services.ledger
    kept = served_warning(ledger, meta)
    ledger.publish_sanction(m(meta, date(2024, 4, 1)), kept, ends_on=date(2024, 7, 1))
    annulled = served_warning(ledger, meta, publish=True)  # published 2024-04-01
    appeal = file(ledger, meta, annulled, AppealKind.RECONSIDERATION, date(2024, 4, 15))
    ledger.accept_appeal(m(meta, date(2024, 4, 16)), appeal)
    ledger.decide_appeal(m(meta, date(2024, 5, 6), SUPERVISOR), appeal, AppealOutcome.ANNULLED)

    def shown(day: date) -> set[str]:
        return {str(item["id"]) for item in _register(any_services, day)}

    assert shown(date(2024, 3, 31)) == set()
    assert shown(date(2024, 4, 20)) == {kept.hex, annulled.hex}
    assert shown(date(2024, 5, 7)) == {kept.hex}  # withdrawn on 6 May after the annulment
    assert shown(date(2024, 7, 1)) == {kept.hex}  # the publication period's last day
    assert shown(date(2024, 7, 2)) == set()
    entry = _register(any_services, date(2024, 4, 20))[0]
    assert entry["record"] == "sanction" and entry["sanction"] == "warning"
    assert entry["subject_name"] == "申请人（虚构）" and entry["case_number"]


def test_stored_register_equals_the_on_demand_fold(any_services: Services, meta: Meta) -> None:
    ledger = any_services.ledger
    for n in range(3):
        case = served_warning(ledger, meta, served_on=date(2024, 4, 1) + timedelta(days=n))
        ledger.publish_sanction(m(meta, date(2024, 4, 2) + timedelta(days=n)), case)
    any_services.runner.catch_up(any_services.disclosures.name)
    any_services.runner.rebuild(any_services.disclosures.name)
    folded = DisclosureFold().fold(iter_events(ledger))
    for day in DAYS:
        assert _register(any_services, day) == folded.register(day)
    assert len(folded.register(date(2024, 4, 10))) == 3


def test_register_is_public_and_paginated(any_services: Services, meta: Meta) -> None:
    ledger = any_services.ledger
    for n in range(3):
        case = served_warning(ledger, meta)
        ledger.publish_sanction(m(meta, date(2024, 4, 1) + timedelta(days=n)), case)
    with TestClient(create_app(services=any_services)) as client:
        first = client.get("/disclosures?as_of=2024-05-01&limit=2")
        assert first.status_code == 200, first.text
        page = first.json()
        assert len(page["items"]) == 2 and page["next_cursor"]
        rest = client.get(f"/disclosures?as_of=2024-05-01&limit=2&cursor={page['next_cursor']}")
        items = page["items"] + rest.json()["items"]
        assert rest.json()["next_cursor"] is None
        assert [i["published_on"] for i in items] == ["2024-04-03", "2024-04-02", "2024-04-01"]
        bad = client.get("/disclosures?cursor=not-ours")
        assert bad.status_code == 422
        assert bad.headers["content-type"].startswith("application/problem+json")
        assert client.get("/disclosures?record=complaint").status_code == 422
