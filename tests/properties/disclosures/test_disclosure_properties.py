"""A law of the disclosure register: for random sanction stories (published or not, with or
without an end date, upheld or annulled on appeal), the register kept incrementally in random
chunks == the register rebuilt from the log == the on-demand fold, on every day."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.services import open_services
from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from projections.disclosures.view import DisclosureFold
from projections.runner.events import iter_events
from tests.application.appeals.test_appeals import served_warning
from tests.conftest import fixed_clock, sqlite_memory_url

SUPERVISOR = Actor(principal_id="supervisor.p", role=Role.SUPERVISOR)
DAYS = [date(2024, 3, 1) + timedelta(days=d) for d in range(0, 200, 9)]

story = st.fixed_dictionaries(
    {
        "publish": st.booleans(),
        "ends_after_days": st.none() | st.integers(min_value=93, max_value=150),
        "appeal": st.sampled_from([None, AppealOutcome.UPHELD, AppealOutcome.ANNULLED]),
    }
)


def _meta(on: date, actor: Actor = SUPERVISOR, **_: object) -> EventMeta:
    return EventMeta(actor=actor, reason="p", effective_on=on, command_id=str(uuid.uuid4()))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stories=st.lists(story, min_size=1, max_size=4),
    chunk=st.integers(min_value=1, max_value=7),
)
def test_incremental_equals_rebuilt_equals_folded(stories: list[dict], chunk: int) -> None:
    services = open_services(sqlite_memory_url(), clock=fixed_clock)
    try:
        ledger, runner = services.ledger, services.runner
        runner.BATCH = chunk  # catch up in small batches, several times along the way

        def meta(effective_on: date, actor: Actor = SUPERVISOR, **_: object) -> EventMeta:
            return _meta(effective_on, actor)

        for n, s in enumerate(stories):
            case = served_warning(ledger, meta, served_on=date(2024, 4, 1) + timedelta(days=n))
            if s["publish"]:
                ends = s["ends_after_days"]  # past the 3-month minimum publication period
                published_on = date(2024, 4, 2) + timedelta(days=n)
                ends_on = None if ends is None else published_on + timedelta(days=ends)
                ledger.publish_sanction(_meta(published_on), case, ends_on)
            runner.catch_up("disclosures")
            if s["appeal"] is not None:
                appeal = ledger.file_appeal(
                    _meta(date(2024, 4, 10)), AppealKind.RECONSIDERATION, "sanction", case,
                    "申请人（虚构）", "不服",
                ).subject_id  # fmt: skip
                ledger.accept_appeal(_meta(date(2024, 4, 11)), appeal)
                ledger.decide_appeal(
                    _meta(date(2024, 5, 6) + timedelta(days=n)), appeal, s["appeal"]
                )
        runner.catch_up("disclosures")
        view = services.disclosures

        def stored() -> list[list[dict]]:
            return [view.register(services.db, day, limit=100).items for day in DAYS]

        incremental = stored()
        runner.BATCH = 1000
        runner.rebuild("disclosures")
        rebuilt = stored()
        folded = DisclosureFold().fold(iter_events(ledger))
        assert incremental == rebuilt == [folded.register(day) for day in DAYS]
    finally:
        services.close()
