"""Superseding rules as data, and the pure fold that applies them (no database)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.notarizations.values import ReviewOutcome
from projections.audit.superseded import (
    RULES,
    SupersededFold,
    Supersession,
    fold_superseded,
)
from projections.audit.trail import (
    UnknownKindError,
    known_kinds,
    topics_for,
)

_CLASSES: dict[str, type] = {}


def event(topic: str, record: UUID, **fields: Any) -> Any:
    """A stand-in domain event: the fold reads only the class's TOPIC, the originator and the
    fields a rule's condition names."""
    cls = _CLASSES.setdefault(topic, type(topic.rsplit(".", 1)[1], (), {"TOPIC": topic}))
    made = cls()
    made.originator_id = record
    vars(made).update(fields)
    return made


def links(*events: Any) -> list[tuple[int, int]]:
    """(superseded position, superseding position) for events at positions 1, 2, 3, ..."""
    found, _state = fold_superseded(list(enumerate(events, 1)))
    return [(s.position, s.by_position) for s in found]


def test_every_topic_a_rule_names_is_a_declared_event_of_one_record_kind() -> None:
    known = known_kinds()
    for rule in RULES:
        kind = rule.by.removeprefix("ledger.").rsplit(".", 1)[0]
        for topic in (rule.by, *rule.of):
            assert topic.removeprefix("ledger.") in known, (rule.rule, topic)
            assert topic.startswith(f"ledger.{kind}."), (rule.rule, topic)  # same record kind
    assert len({rule.rule for rule in RULES}) == len(RULES)


def test_a_variation_on_appeal_supersedes_the_grade_and_a_second_one_the_first_variation() -> None:
    e = uuid4()
    assert links(
        event("ledger.Evaluation.Opened", e),
        event("ledger.Evaluation.FinalGradeRecorded", e),
        event("ledger.Evaluation.Publicised", e),
        event("ledger.Evaluation.VariedOnAppeal", e),
        event("ledger.Evaluation.PublicationWithdrawn", e),
        event("ledger.Evaluation.VariedOnAppeal", e),
    ) == [(2, 4), (3, 5), (4, 6)]


def test_an_annulment_supersedes_the_current_result_and_a_new_grade_stands_again() -> None:
    e = uuid4()
    assert links(
        event("ledger.Evaluation.FinalGradeRecorded", e),
        event("ledger.Evaluation.AnnulledOnAppeal", e),
        event("ledger.Evaluation.FinalGradeRecorded", e),
        event("ledger.Evaluation.VariedOnAppeal", e),
    ) == [(1, 2), (3, 4)]


def test_sanction_and_inspection_decisions_are_superseded_on_appeal() -> None:
    case, inspection = uuid4(), uuid4()
    assert links(
        event("ledger.SanctionCase.Decided", case),
        event("ledger.Inspection.ResultRecorded", inspection),
        event("ledger.SanctionCase.Published", case),
        event("ledger.Inspection.Published", inspection),
        event("ledger.SanctionCase.AnnulledOnAppeal", case),
        event("ledger.SanctionCase.PublicationWithdrawn", case),
        event("ledger.Inspection.VariedOnAppeal", inspection),
        event("ledger.Inspection.PublicationWithdrawn", inspection),
    ) == [(1, 5), (2, 7), (3, 6), (4, 8)]


def test_a_new_notice_supersedes_the_notice_and_the_proposal_made_under_it() -> None:
    case = uuid4()
    assert links(
        event("ledger.SanctionCase.PreDecisionNoticeServed", case),
        event("ledger.SanctionCase.DecisionProposed", case),
        event("ledger.SanctionCase.DecisionProposed", case),
        event("ledger.SanctionCase.PreDecisionNoticeServed", case),
        event("ledger.SanctionCase.DecisionProposed", case),
    ) == [(1, 4), (2, 3), (3, 4)]


def test_a_supervisors_correction_supersedes_the_proposed_result() -> None:
    e = uuid4()
    assert links(
        event("ledger.Evaluation.ResultProposed", e),
        event("ledger.Evaluation.ProposedResultCorrected", e),
        event("ledger.Evaluation.FinalResultRecorded", e),
    ) == [(1, 2)]


def test_new_details_supersede_the_previous_details() -> None:
    o = uuid4()
    assert links(
        event("ledger.Organization.Registered", o),
        event("ledger.Organization.MemberJoined", o),
        event("ledger.Organization.DetailsChanged", o),
        event("ledger.Organization.DetailsChanged", o),
    ) == [(1, 3), (3, 4)]


def test_a_reinstatement_ends_the_suspension_before_it() -> None:
    p = uuid4()
    assert links(
        event("ledger.Practitioner.Registered", p),
        event("ledger.Practitioner.LicenceSuspended", p),
        event("ledger.Practitioner.LicenceReinstated", p),
        event("ledger.Practitioner.LicenceSuspended", p),
        event("ledger.Practitioner.LicenceReinstated", p),
        event("ledger.Practitioner.LicenceReinstated", p),  # nothing left to end
    ) == [(2, 3), (4, 5)]


def test_a_review_supersedes_the_certificate_only_when_it_corrects_or_revokes() -> None:
    kept, corrected, revoked = uuid4(), uuid4(), uuid4()
    assert links(
        event("ledger.NotarizationMatter.CertificateIssued", kept),
        event("ledger.NotarizationMatter.CertificateIssued", corrected),
        event("ledger.NotarizationMatter.CertificateIssued", revoked),
        event("ledger.NotarizationMatter.ReviewDecided", kept, outcome=ReviewOutcome.MAINTAIN),
        event("ledger.NotarizationMatter.ReviewDecided", corrected, outcome=ReviewOutcome.CORRECT),
        event("ledger.NotarizationMatter.ReviewDecided", revoked, outcome=ReviewOutcome.REVOKE),
    ) == [(2, 5), (3, 6)]


def test_revoking_a_token_supersedes_its_issue_and_inspector_reactivation_its_deactivation() -> (
    None
):
    token, inspector = uuid4(), uuid4()
    assert links(
        event("ledger.ApiToken.Issued", token),
        event("ledger.Inspector.Deactivated", inspector),
        event("ledger.Inspector.Reactivated", inspector),
        event("ledger.ApiToken.Revoked", token),
    ) == [(1, 4), (2, 3)]


def test_an_event_never_supersedes_one_of_another_record() -> None:
    a, b = uuid4(), uuid4()
    assert (
        links(
            event("ledger.Evaluation.FinalGradeRecorded", a),
            event("ledger.Evaluation.VariedOnAppeal", b),
            event("ledger.Organization.Registered", a),
            event("ledger.Organization.DetailsChanged", b),
        )
        == []
    )


def test_a_fold_resumed_from_its_stored_state_finds_the_same_links() -> None:
    """The stored view folds batch by batch from the rows it kept: resuming at any point from
    the state's rows finds what one continuous fold finds."""
    e, p = uuid4(), uuid4()
    events = list(
        enumerate(
            [
                event("ledger.Practitioner.Registered", p),
                event("ledger.Evaluation.FinalGradeRecorded", e),
                event("ledger.Practitioner.LicenceSuspended", p),
                event("ledger.Evaluation.Publicised", e),
                event("ledger.Practitioner.DetailsChanged", p),
                event("ledger.Evaluation.VariedOnAppeal", e),
                event("ledger.Practitioner.LicenceReinstated", p),
                event("ledger.Evaluation.PublicationWithdrawn", e),
            ],
            1,
        )
    )
    whole, final = fold_superseded(events)
    assert len(whole) == 4
    for cut in range(len(events) + 1):
        first, state = fold_superseded(events[:cut])
        rows: dict[UUID, list[tuple[int, str]]] = {}
        for record, position, topic in state.rows():
            rows.setdefault(record, []).append((position, topic))
        resumed = SupersededFold.of(rows)
        rest: list[Supersession] = []
        for position, e_ in events[cut:]:
            rest += resumed.apply(position, e_)
        assert sorted(first + rest) == whole
        assert resumed.rows() == final.rows()


def test_kinds_name_a_record_kind_or_one_of_its_events() -> None:
    evaluation = topics_for(["Evaluation"])
    assert {"ledger.Evaluation.Opened", "ledger.Evaluation.VariedOnAppeal"} <= evaluation
    assert all(t.startswith("ledger.Evaluation.") for t in evaluation)
    assert topics_for(["Evaluation.VariedOnAppeal", "ledger.Appeal.Filed"]) == {
        "ledger.Evaluation.VariedOnAppeal",
        "ledger.Appeal.Filed",
    }
    assert topics_for([]) == frozenset()
    for wrong in ("Evaluation.Nope", "Evaluations", "evaluation", ""):
        with pytest.raises(UnknownKindError):
            topics_for([wrong])
