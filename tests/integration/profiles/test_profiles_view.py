"""The "profiles" stored view on SQLite and PostgreSQL: a law firm's story read from the view,
equal to the on-demand fold and to a rebuild; the view keeps its own subject links."""

from __future__ import annotations

from datetime import date

from api.http.profiles.routes import profile_of
from api.services import Services
from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)
from domain.complaints.complaint import ComplaintConclusion
from domain.core.values import (
    OrganizationKind,
    PractitionerKind,
)
from domain.evaluations.values import EvaluationKind
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails
from projections.profiles.view import fold_subject
from tests.properties.profiles.profile_support import (
    complaint_story,
    evaluation_story,
    inspection_story,
    m,
    make_world,
    registry_story,
    sanction_story,
)

DAY = date(2024, 3, 4)


def test_profile_view_shows_the_story_and_equals_the_fold_and_a_rebuild(
    any_services: Services,
) -> None:
    ledger = any_services.ledger
    w = make_world(ledger)
    firm, lawyer = w.firms[0], w.lawyers[0]
    # A failed item, rectification due 2024-04-13 and never verified; the result published.
    inspection_story(ledger, w, DAY, 0, True, None, None, 12)
    # A complaint against the firm found substantiated; a warning for its lawyer, published.
    complaint_story(ledger, w, DAY, 0, ComplaintConclusion.SUBSTANTIATED, False, False, 12)
    sanction_story(ledger, w, DAY, 3, "warning", True, None, 12)
    # The firm's 2023 annual result: pass.
    evaluation_story(ledger, w, DAY, EvaluationKind.LAW_FIRM_ANNUAL, 0, True, None, 12)

    profile = profile_of(any_services, "organization", firm, None, None, None)
    assert profile.as_of.source == "view" and profile.as_of.day == date(2024, 12, 31)
    assert profile.position == any_services.db.head()
    assert profile.affiliation.members == 1
    assert [f.item_id for f in profile.inspections.open_findings] == ["PB-01"]
    assert [r.due_on for r in profile.inspections.rectifications_overdue] == [date(2024, 4, 13)]
    assert [c.conclusion for c in profile.complaints.substantiated_last_12_months] == [
        "substantiated"
    ]
    assert profile.complaints.open == []  # replied and rated
    assert [(g.kind, g.result) for g in profile.grades] == [("law_firm_annual", "pass")]
    assert profile.risk.tier == "high"
    assert [r.rule for r in profile.risk.reasons] == [
        "RectificationOverdue",
        "SubstantiatedComplaints",
    ]

    person = profile_of(any_services, "practitioner", lawyer, None, None, None)
    assert person.affiliation.organization_id == firm
    # The warning was published until 2024-07-02: no longer in force, still recent.
    assert person.sanctions.in_force == []
    (case,) = person.sanctions.history
    assert (case.terms and case.terms.kind, case.publication_ends_on) == (
        "warning",
        date(2024, 7, 2),
    )
    assert [(r.rule, r.tier) for r in person.risk.reasons] == [
        ("RecentSanction", "medium"),
        ("NotInspectedRecently", "medium"),
    ]
    any_services.runner.catch_up("subject_index")  # on-demand folds read the index
    for subject in (firm, lawyer):
        stored = any_services.profiles.document(any_services.db, subject)
        assert fold_subject(ledger, any_services.db, any_services.subjects, subject) == stored
    documents = any_services.profiles.documents(any_services.db)
    any_services.runner.rebuild("profiles")
    assert any_services.profiles.documents(any_services.db) == documents


def test_profile_view_keeps_its_own_links(any_services: Services) -> None:
    """The view learns which subjects an appeal concerns from its own table: it catches up
    (and rebuilds) while the subject index has not moved."""
    ledger, runner = any_services.ledger, any_services.runner
    w = make_world(ledger)
    sanction_story(ledger, w, DAY, 3, "warning", False, AppealOutcome.ANNULLED, 12)
    runner.BATCH = 2  # the appeal arrives in a later batch than the case it is against
    runner.catch_up("profiles")
    assert runner.position("subject_index") == 0
    state, _last = any_services.profiles.document(any_services.db, w.lawyers[0]) or ({}, 0)
    (appeal,) = state["appeals"].values()
    assert (appeal["kind"], appeal["outcome"]) == (AppealKind.RECONSIDERATION.value, "annulled")
    (case,) = state["sanctions"].values()
    assert case["annulled"] is True
    documents = any_services.profiles.documents(any_services.db)
    runner.rebuild("profiles")
    assert any_services.profiles.documents(any_services.db) == documents
    runner.catch_up("subject_index")
    for subject in w.subjects:
        assert (
            fold_subject(ledger, any_services.db, any_services.subjects, subject)
            == (documents[subject])
        )


def test_licence_and_affiliation_changes_reach_the_profile(any_services: Services) -> None:
    ledger = any_services.ledger
    w = make_world(ledger)
    registry_story(ledger, w, date(2024, 11, 1), "suspend", 3)  # lawyer 0: 11-06 .. 2025-01-05
    registry_story(ledger, w, date(2024, 11, 2), "leave", 0)
    person = profile_of(any_services, "practitioner", w.lawyers[0], None, None, None)
    assert person.registration.status == "suspended"
    assert person.registration.suspension is not None
    assert person.registration.suspension.until == date(2025, 1, 5)
    assert person.affiliation.organization_id is None
    assert any(r.rule == "LicenceNotInGoodStanding" for r in person.risk.reasons)
    firm = profile_of(any_services, "organization", w.firms[0], None, None, None)
    assert firm.affiliation.members == 0


def test_every_kind_of_subject_has_a_profile(any_services: Services) -> None:
    ledger = any_services.ledger
    for n, kind in enumerate(OrganizationKind):
        org = ledger.register_organization(
            m(date(2022, 1, 4)), kind, f"KIND-O{n}", OrganizationDetails(name=f"{kind.value}")
        ).subject_id
        profile = profile_of(any_services, "organization", org, None, None, None)
        assert (profile.kind, profile.affiliation.members) == (kind.value, 0)
    for n, kind in enumerate(PractitionerKind):
        person = ledger.register_practitioner(
            m(date(2022, 1, 4)), kind, f"KIND-P{n}", PractitionerDetails(name=f"{kind.value}")
        ).subject_id
        profile = profile_of(any_services, "practitioner", person, None, None, None)
        assert (profile.kind, profile.risk.tier) == (kind.value, "low")
