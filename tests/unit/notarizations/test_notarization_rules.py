"""NotarizationMatter alone: each DOMAIN.md rule of notarization matters, by name."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

import pytest
from eventsourcing.domain import CanMutateAggregate
from eventsourcing.utils import resolve_topic

from domain.core.calendar import Deadline
from domain.core.values import EventMeta
from domain.notarizations.assistance import AssistanceArrangement
from domain.notarizations.errors import (
    ApproverIsNotHandlerError,
    ApproverOfficeError,
    NoIssuanceWithoutApprovalError,
    NotarizationEndedError,
    NotarizationStageError,
    NotaryRelatedToPartyError,
    ReviewerIsOriginalNotaryError,
    ReviewWindowClosedError,
)
from domain.notarizations.matter import NotarizationMatter
from domain.notarizations.values import (
    NotarizationStage,
    NotarizationType,
    NotaryRelation,
    ReviewOutcome,
)

Meta = Callable[..., EventMeta]
OFFICE, HANDLER, OTHER = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def applied(meta: Meta, relations: tuple[NotaryRelation, ...] = ()) -> NotarizationMatter:
    return NotarizationMatter(
        meta=meta(effective_on=date(2024, 6, 3)),
        office_id=OFFICE,
        matter_type=NotarizationType.INHERITANCE,
        parties=("张三",),
        handler_id=HANDLER,
        assisting_office_id=None,
        arrangement_id=None,
        relations=relations,
    )


def examined(meta: Meta) -> NotarizationMatter:
    matter = applied(meta)
    matter.accept(meta(effective_on=date(2024, 6, 3)), Deadline(date(2024, 6, 25)), "2024.1")
    matter.examine(meta(effective_on=date(2024, 6, 5)))
    return matter


def issued(meta: Meta) -> NotarizationMatter:
    matter = examined(meta)
    matter.approve(meta(effective_on=date(2024, 6, 6)), OTHER, OFFICE)
    matter.issue_certificate(meta(effective_on=date(2024, 6, 7)), "(2024)京兴证字第1号",
                             date(2025, 6, 7), late=False)  # fmt: skip
    return matter


def test_no_issuance_without_approval(meta: Meta) -> None:
    matter = examined(meta)
    with pytest.raises(NoIssuanceWithoutApprovalError) as caught:
        matter.issue_certificate(meta(), "X1", date(2025, 6, 1), late=False)
    assert caught.value.rule == "NoIssuanceWithoutApproval"
    assert matter.certificate_number is None


def test_approver_is_not_handler(meta: Meta) -> None:
    matter = examined(meta)
    with pytest.raises(ApproverIsNotHandlerError):
        matter.approve(meta(), HANDLER, OFFICE)
    matter.approve(meta(), OTHER, OFFICE)
    assert matter.stage is NotarizationStage.APPROVED and matter.approver_id == OTHER


def test_approver_belongs_to_handling_office(meta: Meta) -> None:
    """A notary of another office approves only if that office assists the matter under the
    recorded arrangement; a notary of no office (or another) is refused."""
    matter = examined(meta)
    for office in (uuid.uuid4(), None):
        with pytest.raises(ApproverOfficeError) as caught:
            matter.approve(meta(), OTHER, office)
        assert caught.value.rule == "ApproverBelongsToHandlingOffice"
        assert "no assistance arrangement" in caught.value.detail
    assert matter.stage is NotarizationStage.EXAMINED

    helping = uuid.uuid4()
    assisted = NotarizationMatter(
        meta=meta(),
        office_id=OFFICE,
        matter_type=NotarizationType.INHERITANCE,
        parties=("李四",),
        handler_id=HANDLER,
        assisting_office_id=helping,
        arrangement_id=uuid.uuid4(),
        relations=(),
    )
    assisted.accept(meta(), Deadline(date(2024, 6, 25)), "2024.1")
    assisted.examine(meta())
    with pytest.raises(ApproverOfficeError, match="assisting office"):
        assisted.approve(meta(), OTHER, uuid.uuid4())
    assisted.approve(meta(), OTHER, helping)
    assert assisted.approver_id == OTHER


def test_notary_related_to_party_cannot_handle(meta: Meta) -> None:
    matter = applied(meta)
    matter.declare_relation(meta(), NotaryRelation(notary_id=HANDLER, party="张三"))
    with pytest.raises(NotaryRelatedToPartyError) as caught:
        matter.accept(meta(), Deadline(date(2024, 6, 25)), "2024.1")
    assert caught.value.rule == "NotaryRelatedToPartyCannotHandle"


def test_related_notary_cannot_approve(meta: Meta) -> None:
    matter = examined(meta)
    matter.declare_relation(meta(), NotaryRelation(notary_id=OTHER, party="张三"))
    with pytest.raises(NotaryRelatedToPartyError):
        matter.approve(meta(), OTHER, OFFICE)


def test_end_only_before_issuance(meta: Meta) -> None:
    before = examined(meta)
    before.terminate(meta())
    assert before.stage is NotarizationStage.TERMINATED
    after = issued(meta)
    with pytest.raises(NotarizationEndedError) as caught:
        after.withdraw(meta())
    assert caught.value.rule == "EndOnlyBeforeIssuance"
    with pytest.raises(NotarizationEndedError):
        after.terminate(meta())
    with pytest.raises(NotarizationStageError):
        before.withdraw(meta())


def test_review_by_another_notary(meta: Meta) -> None:
    matter = issued(meta)
    with pytest.raises(ReviewerIsOriginalNotaryError) as caught:
        matter.request_review(meta(effective_on=date(2024, 7, 1)), HANDLER, date(2024, 7, 31), "v")
    assert caught.value.rule == "ReviewByAnotherNotary"


def test_review_within_window(meta: Meta) -> None:
    matter = issued(meta)
    with pytest.raises(ReviewWindowClosedError):
        matter.request_review(meta(effective_on=date(2025, 6, 8)), OTHER, date(2025, 7, 8), "v")
    matter.request_review(meta(effective_on=date(2025, 6, 7)), OTHER, date(2025, 7, 7), "v")
    matter.decide_review(meta(effective_on=date(2025, 7, 8)), ReviewOutcome.REVOKE)
    assert matter.stage is NotarizationStage.REVOKED and matter.review_decided_late


def test_notarization_step_out_of_order(meta: Meta) -> None:
    matter = applied(meta)
    with pytest.raises(NotarizationStageError):
        matter.examine(meta())
    with pytest.raises(NotarizationStageError):
        matter.refuse(meta())


def test_clock_pauses_while_awaiting_materials(meta: Meta) -> None:
    matter = applied(meta)
    matter.accept(meta(), Deadline(date(2024, 6, 25)), "2024.1")
    matter.request_materials(meta(effective_on=date(2024, 6, 5)))
    assert matter.stage is NotarizationStage.AWAITING_MATERIALS
    matter.receive_materials(meta(effective_on=date(2024, 6, 10)), 3, Deadline(date(2024, 6, 28)))
    assert matter.stage is NotarizationStage.ACCEPTED
    assert (matter.paused_working_days, matter.issuance_due) == (3, date(2024, 6, 28))


def test_assistance_arrangement_covers_period_and_types(meta: Meta) -> None:
    arrangement = AssistanceArrangement(
        meta=meta(),
        helping_office_id=uuid.uuid4(),
        helped_office_id=OFFICE,
        starts_on=date(2024, 6, 1),
        until=date(2024, 12, 31),
        matter_types=(NotarizationType.INHERITANCE,),
    )
    assert arrangement.covers(date(2024, 7, 1), NotarizationType.INHERITANCE)
    assert not arrangement.covers(date(2024, 7, 1), NotarizationType.CONTRACT)
    assert not arrangement.covers(date(2025, 1, 1), NotarizationType.INHERITANCE)


@pytest.mark.parametrize("aggregate", [NotarizationMatter, AssistanceArrangement])
def test_topics_are_explicit(aggregate: type) -> None:
    assert aggregate.TOPIC.startswith("ledger.")
    for value in vars(aggregate).values():
        if isinstance(value, type) and issubclass(value, CanMutateAggregate):
            if value.__name__ == "Event":  # the library's base, never stored
                continue
            assert value.TOPIC.startswith(aggregate.TOPIC + ".")
            assert resolve_topic(value.TOPIC) is value
