"""The law of the compliance profiles, on SQLite and PostgreSQL, for random regulatory stories
(tests/properties/profiles/profile_support.py), and a check that fixed stories reach every part
of a profile."""

# For random sequences of stories (registrations and licence changes, affiliations, inspections
# with findings and rectification, evaluations of every kind, complaints, sanction cases, appeals
# that uphold, vary or annul), each stopped at a random step,
#
#     the "profiles" view kept incrementally (caught up in random chunks along the way)
#     == the view rebuilt from the log
#     == each profile folded on demand (from the subject index, and from the whole log).
#
# Every example has its own numbers, so the PostgreSQL case can share one schema.

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.services import Services, open_services
from domain.appeals.appeal import AppealOutcome
from domain.complaints.complaint import ComplaintConclusion
from domain.evaluations.values import EvaluationKind
from projections.profiles.fold import fold_profile
from projections.profiles.view import fold_subject
from projections.runner.events import iter_events
from tests.conftest import TODAY, fixed_clock, sqlite_memory_url
from tests.properties.profiles.profile_support import (
    TERMS,
    World,
    complaint_story,
    evaluation_story,
    inspection_story,
    make_world,
    registry_story,
    sanction_story,
)

# -- strategies --------------------------------------------------------------------------------

days = st.integers(0, 44).map(lambda k: date(2021, 1, 4) + timedelta(days=30 * k))
who = st.integers(0, 6)
depths = st.integers(1, 12)
appeals = st.sampled_from([None, None, *AppealOutcome])

stories = st.one_of(
    st.tuples(st.just(inspection_story), days, who, st.booleans(),
              st.sampled_from([None, True, False]), appeals, depths),
    st.tuples(st.just(evaluation_story), days, st.sampled_from(list(EvaluationKind)), who,
              st.booleans(), appeals, depths),
    st.tuples(st.just(complaint_story), days, who, st.sampled_from(list(ComplaintConclusion)),
              st.sampled_from([False, False, True]), st.booleans(), depths),
    st.tuples(st.just(sanction_story), days, who, st.sampled_from(list(TERMS)), st.booleans(),
              appeals, depths),
    st.tuples(st.just(registry_story), days,
              st.sampled_from(["suspend", "suspend", "reinstate", "join", "leave", "rename",
                               "revoke"]), who),
)  # fmt: skip
# Each story is followed (or not) by a catch-up of the view, in batches of `chunk` events.
plans = st.lists(st.tuples(stories, st.booleans()), min_size=1, max_size=10)


def play(services: Services, plan: list[tuple[tuple[Any, ...], bool]], chunk: int) -> World:
    ledger, runner = services.ledger, services.runner
    runner.BATCH = chunk
    world = make_world(ledger)
    for (story, *args), catch_up in plan:
        story(ledger, world, *args)
        if catch_up:
            runner.catch_up("profiles")
    return world


def check_laws(services: Services, world: World) -> None:
    runner, db = services.runner, services.db
    runner.catch_up("profiles")
    runner.catch_up("subject_index")
    incremental = services.profiles.documents(db)
    runner.rebuild("profiles")
    assert services.profiles.documents(db) == incremental
    log = list(iter_events(services.ledger))
    now = datetime.now(UTC)
    for subject in world.subjects:
        stored = incremental[subject]
        folded = fold_subject(services.ledger, db, services.subjects, subject)
        assert folded == stored
        assert fold_profile(subject, log) == stored  # without the subject index
        # Every fact is in effect by today and recorded by now: both axes agree at the end.
        assert fold_subject(services.ledger, db, services.subjects, subject,
                            effective_until=TODAY, recorded_until=now) == stored  # fmt: skip


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plan=plans, chunk=st.integers(1, 40))
def test_incremental_equals_rebuilt_equals_folded(
    plan: list[tuple[tuple[Any, ...], bool]], chunk: int
) -> None:
    services = open_services(sqlite_memory_url(), clock=fixed_clock)
    try:
        check_laws(services, play(services, plan, chunk))
    finally:
        services.close()


@pytest.mark.postgres
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(plan=plans, chunk=st.integers(1, 40))
def test_incremental_equals_rebuilt_equals_folded_on_postgres(
    postgres_services: Services, plan: list[tuple[tuple[Any, ...], bool]], chunk: int
) -> None:
    # One schema for every example (each example's world has its own numbers): the laws hold
    # for the whole accumulated log, and a schema per example would dominate the run time.
    check_laws(postgres_services, play(postgres_services, plan, chunk))


def test_the_stories_reach_every_part_of_a_profile() -> None:
    """The strategy is not vacuous: fixed stories fill every section of the profiles."""
    services = open_services(sqlite_memory_url(), clock=fixed_clock)
    try:
        day = date(2023, 3, 6)
        plan: list[tuple[tuple[Any, ...], bool]] = [
            ((inspection_story, day, 0, True, True, AppealOutcome.VARIED, 12), True),
            ((evaluation_story, day, EvaluationKind.LAWYER_ANNUAL, 1, False,
              AppealOutcome.VARIED, 12), False),
            ((complaint_story, day, 0, ComplaintConclusion.SUBSTANTIATED, False, True, 12), True),
            ((sanction_story, day, 3, "suspension", True, AppealOutcome.VARIED, 12), False),
            ((registry_story, day, "leave", 0), False),
        ]  # fmt: skip
        world = play(services, plan, 3)
        check_laws(services, world)
        docs = services.profiles.documents(services.db)
        firm, lawyer = docs[world.firms[0]][0], docs[world.lawyers[0]][0]
        inspection = next(iter(firm["inspections"].values()))
        assert inspection["result"] == "compliant_with_remarks"
        assert inspection["rectification_passed"] is True
        assert any(c["case_id"] for c in firm["complaints"].values())
        assert len(firm["sanctions"]) == 1  # the complaint's case
        assert [a["outcome"] for a in firm["appeals"].values()] == ["varied"]
        evaluation = next(iter(docs[world.lawyers[1]][0]["evaluations"].values()))
        assert (evaluation["original_result"], evaluation["result"]) == (
            "incompetent", "basically_competent"
        )  # fmt: skip
        case = next(iter(lawyer["sanctions"].values()))
        assert (case["terms"]["months"], case["original_terms"]["months"]) == (1, 2)
        assert lawyer["organization_id"] is None
    finally:
        services.close()
