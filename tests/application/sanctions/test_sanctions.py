"""Sanction cases through ComplianceLedger (SQLite in memory): the subject's licence follows the
decision in the same transaction, repeat offences read the subject's history, deadlines show up
as overdue, and a policy change never re-judges a recorded decision."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from domain.core.errors import EntityNotFoundError
from domain.core.policy import (
    DEFAULT_POLICY,
    Policy,
)
from domain.core.values import (
    Actor,
    EventMeta,
    LicenceStatus,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.ledger import ComplianceLedger
from domain.registry.errors import AlreadySuspendedError
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from domain.sanctions.errors import (
    CaseNumberTakenError,
    RepeatOffenceEscalatesError,
    SanctionOutOfRangeError,
    SanctionSubjectError,
)
from domain.sanctions.rules import (
    CaseOrigin,
    SanctionKind,
    SanctionStage,
    SanctionTerms,
    SubjectKind,
)
from tests.conftest import read

INSPECTOR = Actor(principal_id="inspector.zhang", role=Role.INSPECTOR)
SUPERVISOR = Actor(principal_id="supervisor.li", role=Role.SUPERVISOR)

Meta = Callable[..., EventMeta]


def m(meta: Meta, on: date, actor: Actor = INSPECTOR) -> EventMeta:
    return meta(effective_on=on, actor=actor)


def lawyer(ledger: ComplianceLedger, meta: Meta, number: str = "11101202410000001") -> UUID:
    details = PractitionerDetails(name="李律师")
    return ledger.register_practitioner(
        m(meta, date(2020, 1, 2)), PractitionerKind.LAWYER, number, details
    ).subject_id


def organization(ledger: ComplianceLedger, meta: Meta, kind: OrganizationKind, number: str) -> UUID:
    details = OrganizationDetails(name="北京测试机构")
    return ledger.register_organization(m(meta, date(2020, 1, 2)), kind, number, details).subject_id


def open_case(
    ledger: ComplianceLedger, meta: Meta, subject: UUID, number: str, on: date = date(2024, 3, 1)
) -> UUID:
    return ledger.open_sanction_case(
        m(meta, on), number, subject, CaseOrigin.COMPLAINT, "违规收费", uuid.uuid4()
    ).subject_id


def reviewed_case(
    ledger: ComplianceLedger, meta: Meta, subject: UUID, number: str, on: date = date(2024, 3, 1)
) -> UUID:
    case_id = open_case(ledger, meta, subject, number, on)
    ledger.investigate_sanction_case(m(meta, on), case_id, "查明")
    # The heaviest sanction, so any proposal stays within the notice; the party waives the
    # hearing it may ask for, so the review may follow the same day.
    ledger.serve_pre_decision_notice(m(meta, on), case_id, SanctionKind.REVOCATION)
    ledger.waive_sanction_hearing(m(meta, on), case_id)
    ledger.pass_sanction_legal_review(m(meta, on, SUPERVISOR), case_id, "同意")
    return case_id


def decide(
    ledger: ComplianceLedger,
    meta: Meta,
    case_id: UUID,
    terms: SanctionTerms,
    on: date,
    starts_on: date | None = None,
    offence_on: date | None = None,
    offence_level: SanctionKind | None = None,
) -> Any:
    ledger.propose_sanction_decision(
        m(meta, on),
        case_id,
        terms,
        offence_on or on,
        "事实",
        "《律师法》",
        offence_level=offence_level,
    )
    return ledger.approve_sanction_decision(m(meta, on, SUPERVISOR), case_id, starts_on)


def suspension(months: int) -> SanctionTerms:
    return SanctionTerms(kind=SanctionKind.PRACTICE_SUSPENSION, months=months)


WARNING = SanctionTerms(kind=SanctionKind.WARNING)


def test_decided_suspension_changes_the_licence_in_the_same_transaction(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    person = lawyer(ledger, meta)
    case_id = reviewed_case(ledger, meta, person, "京兴司罚〔2024〕1号")
    result = decide(ledger, meta, case_id, suspension(3), date(2024, 4, 1), date(2024, 4, 8))
    practitioner = ledger.get_practitioner(person)
    assert practitioner.status is LicenceStatus.SUSPENDED
    assert (practitioner.suspension.starts_on, practitioner.suspension.until) == (
        date(2024, 4, 8),
        date(2024, 7, 7),
    )
    # One command, one transaction: the licence event carries the approval's command_id.
    suspended = ledger.history(person)[-1]
    decided = ledger.history(case_id)[-1]
    assert type(suspended).__name__ == "LicenceSuspended"
    assert suspended.meta.command_id == decided.meta.command_id
    assert result.position is not None


def test_licence_refusal_rolls_back_the_decision(ledger: ComplianceLedger, meta: Meta) -> None:
    person = lawyer(ledger, meta)
    ledger.suspend_licence(
        m(meta, date(2024, 3, 1)), Practitioner, person, date(2024, 3, 1), date(2024, 6, 30)
    )
    case_id = reviewed_case(ledger, meta, person, "京兴司罚〔2024〕2号")
    ledger.propose_sanction_decision(
        m(meta, date(2024, 4, 1)), case_id, suspension(3), date(2024, 2, 1), "事实", "依据"
    )
    head = ledger.recorder.max_notification_id()
    with pytest.raises(AlreadySuspendedError):
        ledger.approve_sanction_decision(
            m(meta, date(2024, 4, 1), SUPERVISOR), case_id, date(2024, 4, 8)
        )
    assert ledger.recorder.max_notification_id() == head
    assert ledger.get_sanction_case(case_id).stage is SanctionStage.PROPOSED


def test_firm_business_suspension_suspends_the_firm(ledger: ComplianceLedger, meta: Meta) -> None:
    firm = organization(ledger, meta, OrganizationKind.LAW_FIRM, "31110000F1")
    case_id = reviewed_case(ledger, meta, firm, "京兴司罚〔2024〕3号")
    terms = SanctionTerms(kind=SanctionKind.BUSINESS_SUSPENSION, months=1)
    decide(ledger, meta, case_id, terms, date(2024, 4, 1), date(2024, 4, 1))
    org = ledger.get_organization(firm)
    assert org.status_on(date(2024, 4, 30)) is LicenceStatus.SUSPENDED
    assert org.status_on(date(2024, 5, 1)) is LicenceStatus.ACTIVE


def test_municipal_revocation_revokes_the_licence_when_the_municipal_decision_arrives(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    person = lawyer(ledger, meta)
    case_id = reviewed_case(ledger, meta, person, "京兴司罚〔2024〕4号")
    decide(ledger, meta, case_id, SanctionTerms(kind=SanctionKind.REVOCATION), date(2024, 4, 1))
    assert ledger.get_sanction_case(case_id).stage is SanctionStage.RECOMMENDED
    assert ledger.get_practitioner(person).status is LicenceStatus.ACTIVE
    ledger.record_municipal_decision(
        m(meta, date(2024, 5, 6), SUPERVISOR),
        case_id,
        SanctionTerms(kind=SanctionKind.REVOCATION),
        "京司罚决〔2024〕9号",
    )
    assert ledger.get_practitioner(person).status is LicenceStatus.REVOKED
    topics = [type(e).__name__ for e in ledger.history(case_id)]
    assert topics[-2:] == ["RecommendationSent", "MunicipalDecisionRecorded"]


def test_appraiser_penalty_is_decided_at_municipal_level(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    appraiser = ledger.register_practitioner(
        m(meta, date(2020, 1, 2)),
        PractitionerKind.APPRAISER,
        "A-1",
        PractitionerDetails(name="王鉴定"),
    ).subject_id
    case_id = reviewed_case(ledger, meta, appraiser, "京兴司罚〔2024〕5号")
    decide(ledger, meta, case_id, WARNING, date(2024, 4, 1))
    case = ledger.get_sanction_case(case_id)
    assert case.subject_kind is SubjectKind.APPRAISER and case.stage is SanctionStage.RECOMMENDED


def test_case_number_unique(ledger: ComplianceLedger, meta: Meta) -> None:
    person = lawyer(ledger, meta)
    open_case(ledger, meta, person, "京兴司罚〔2024〕6号")
    with pytest.raises(CaseNumberTakenError) as taken:
        open_case(ledger, meta, person, " 京兴司罚〔2024〕6号")
    assert taken.value.rule == "CaseNumberUnique"
    open_case(ledger, meta, person, "京兴司罚〔2023〕6号")  # another year, another number


def test_subject_is_sanctionable(ledger: ComplianceLedger, meta: Meta) -> None:
    committee = organization(ledger, meta, OrganizationKind.MEDIATION_COMMITTEE, "M-1")
    for subject in (committee, uuid.uuid4()):
        with pytest.raises(SanctionSubjectError) as refused:
            open_case(ledger, meta, subject, f"京兴司罚〔2024〕{subject.hex[:4]}号")
        assert refused.value.rule == "SubjectIsSanctionable"


def test_unknown_case_is_not_found(ledger: ComplianceLedger, meta: Meta) -> None:
    with pytest.raises(EntityNotFoundError):
        ledger.investigate_sanction_case(m(meta, date(2024, 3, 1)), uuid.uuid4(), "x")


def test_repeat_offence_escalates_from_the_subjects_decided_history(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    person, other = lawyer(ledger, meta), lawyer(ledger, meta, "11101202410000002")
    first = reviewed_case(ledger, meta, person, "京兴司罚〔2024〕7号")
    decide(ledger, meta, first, WARNING, date(2024, 3, 15))
    # Another lawyer's warning is not this lawyer's history.
    elsewhere = reviewed_case(ledger, meta, other, "京兴司罚〔2024〕8号")
    decide(ledger, meta, elsewhere, WARNING, date(2024, 3, 20), offence_on=date(2024, 3, 10))

    second = reviewed_case(ledger, meta, person, "京兴司罚〔2024〕9号", on=date(2024, 6, 1))
    with pytest.raises(RepeatOffenceEscalatesError):
        ledger.propose_sanction_decision(
            m(meta, date(2024, 6, 10)), second, WARNING, date(2024, 5, 20), "再犯", "第五十一条"
        )
    decide(
        ledger,
        meta,
        second,
        suspension(3),
        date(2024, 6, 10),
        starts_on=date(2024, 6, 15),
        offence_on=date(2024, 5, 20),
        offence_level=SanctionKind.WARNING,
    )
    proposal = ledger.get_sanction_case(second).proposal
    assert proposal is not None and proposal.escalated_from is SanctionKind.WARNING
    assert [p.case_id for p in ledger.sanction_history(person)] == [first, second]
    assert [c.id for c in read(ledger).sanctions.list(subject_id=person, limit=500).items] == [
        first,
        second,
    ]


def test_an_annulled_sanction_is_not_history(ledger: ComplianceLedger, meta: Meta) -> None:
    person = lawyer(ledger, meta)
    first = reviewed_case(ledger, meta, person, "京兴司罚〔2024〕10号")
    decide(ledger, meta, first, WARNING, date(2024, 3, 15))
    case = ledger.get_sanction_case(first)
    case.annul_on_appeal(m(meta, date(2024, 4, 1)), uuid.uuid4())
    ledger.save(case)
    assert ledger.sanction_history(person) == []


def test_overdue_decisions_and_publications(ledger: ComplianceLedger, meta: Meta) -> None:
    person = lawyer(ledger, meta)
    slow = open_case(ledger, meta, person, "京兴司罚〔2024〕11号", on=date(2024, 3, 1))
    unpublished = reviewed_case(ledger, meta, person, "京兴司罚〔2024〕12号")
    decide(
        ledger, meta, unpublished, WARNING, date(2024, 5, 6)
    )  # 2024-05-11 (Sat) is a working day: due 05-14
    closed = open_case(ledger, meta, person, "京兴司罚〔2024〕13号")
    ledger.close_sanction_case(m(meta, date(2024, 3, 2), SUPERVISOR), closed)

    assert read(ledger).sanctions.overdue(date(2024, 5, 14)).items == []
    overdue = {
        (o.case.id, o.what): o for o in read(ledger).sanctions.overdue(date(2024, 6, 1)).items
    }
    assert set(overdue) == {(slow, "decision"), (unpublished, "publication")}
    assert overdue[(slow, "decision")].due == date(2024, 5, 30)
    assert overdue[(unpublished, "publication")].due == date(2024, 5, 14)
    assert overdue[(unpublished, "publication")].days_overdue == 18

    ledger.serve_sanction_decision(m(meta, date(2024, 6, 2)), unpublished)
    ledger.publish_sanction(m(meta, date(2024, 6, 3)), unpublished)
    assert [o.case.id for o in read(ledger).sanctions.overdue(date(2024, 6, 3)).items] == [slow]
    published = ledger.history(unpublished)[-1]
    assert published.late is True and published.due == date(2024, 5, 14)


def test_rules_change_history_does_not(ledger: ComplianceLedger, meta: Meta) -> None:
    person = lawyer(ledger, meta)
    case_id = reviewed_case(ledger, meta, person, "京兴司罚〔2024〕14号")
    decide(ledger, meta, case_id, suspension(10), date(2024, 4, 1), date(2024, 4, 1))
    stricter = Policy(
        version="2024.2", effective_from=date(2024, 7, 1), lawyer_suspension_max_months=6
    )
    ledger.publish_policy(m(meta, date(2024, 6, 20), SUPERVISOR), stricter)

    replayed = ledger.get_sanction_case(case_id)  # rebuilt from stored events
    assert replayed.terms == suspension(10)
    decided = ledger.history(case_id)[-1]
    assert decided.policy_version == DEFAULT_POLICY.version

    later = reviewed_case(ledger, meta, person, "京兴司罚〔2024〕15号", on=date(2024, 7, 2))
    with pytest.raises(SanctionOutOfRangeError) as refused:
        ledger.propose_sanction_decision(
            m(meta, date(2024, 7, 3)), later, suspension(10), date(2024, 7, 1), "f", "b"
        )
    assert refused.value.context["policy_version"] == "2024.2"


def test_the_whole_case_is_idempotent_per_command(ledger: ComplianceLedger, meta: Meta) -> None:
    person = lawyer(ledger, meta)
    command = m(meta, date(2024, 3, 1))
    first = ledger.open_sanction_case(
        command, "京兴司罚〔2024〕16号", person, CaseOrigin.OTHER, "x"
    )
    again = ledger.open_sanction_case(
        command, "京兴司罚〔2024〕16号", person, CaseOrigin.OTHER, "x"
    )
    assert again.replayed and again.subject_id == first.subject_id


def test_fines_are_exact_decimal_yuan(ledger: ComplianceLedger, meta: Meta) -> None:
    person = lawyer(ledger, meta)
    case_id = reviewed_case(ledger, meta, person, "京兴司罚〔2024〕17号")
    terms = SanctionTerms(kind=SanctionKind.FINE, amount=Decimal("1234.56"))
    decide(ledger, meta, case_id, terms, date(2024, 4, 1))
    assert ledger.get_sanction_case(case_id).terms.amount == Decimal("1234.56")  # type: ignore[union-attr]
    # A fine leaves the licence as it was.
    assert ledger.get_practitioner(person).status is LicenceStatus.ACTIVE


def test_organization_subject_kind_is_taken_from_the_registry(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    office = organization(ledger, meta, OrganizationKind.NOTARY_OFFICE, "N-1")
    case_id = open_case(ledger, meta, office, "京兴司罚〔2024〕18号")
    assert ledger.get_sanction_case(case_id).subject_kind is SubjectKind.NOTARY_OFFICE
    assert isinstance(ledger.get_organization(office), Organization)
