"""The value types of notarization matters: types, stages, review outcomes, a notary's relation
to a party, and which stages are still open."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from domain.core.values import (
    Label,
    stable_topic,
)


@stable_topic("ledger.value.NotarizationType")
class NotarizationType(StrEnum):
    INHERITANCE = "inheritance"  # 继承
    CONTRACT = "contract"  # 合同
    POWER_OF_ATTORNEY = "power_of_attorney"  # 委托
    DECLARATION = "declaration"  # 声明
    GIFT = "gift"  # 赠与
    OTHER = "other"


@stable_topic("ledger.value.NotarizationStage")
class NotarizationStage(StrEnum):
    APPLIED = "applied"
    ACCEPTED = "accepted"
    AWAITING_MATERIALS = "awaiting_materials"
    EXAMINED = "examined"
    APPROVED = "approved"
    CERTIFICATE_ISSUED = "certificate_issued"
    REFUSED = "refused"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"
    REVIEW_REQUESTED = "review_requested"
    MAINTAINED = "maintained"
    CORRECTED = "corrected"
    REVOKED = "revoked"


@stable_topic("ledger.value.ReviewOutcome")
class ReviewOutcome(StrEnum):
    MAINTAIN = "maintain"
    CORRECT = "correct"
    REVOKE = "revoke"


@stable_topic("ledger.value.NotaryRelation")
class NotaryRelation(BaseModel):
    """A declared relation between a notary and a party (self or a relative) [公证法 art. 23]."""

    model_config = ConfigDict(frozen=True)

    notary_id: UUID
    party: Label


# Before issuance and still open: termination and withdrawal are possible.
PRE_ISSUANCE = frozenset(
    {
        NotarizationStage.APPLIED,
        NotarizationStage.ACCEPTED,
        NotarizationStage.AWAITING_MATERIALS,
        NotarizationStage.EXAMINED,
        NotarizationStage.APPROVED,
    }
)


# Accepted and not yet issued or ended: the backlog.
OPEN_ACCEPTED = PRE_ISSUANCE - {NotarizationStage.APPLIED}
