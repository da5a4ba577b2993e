"""Value objects shared by every aggregate: who acted, why, from when; kinds and statuses.

Value objects are frozen pydantic models or enums with an explicit, stable TOPIC so the stored
form survives renames (see `stable_topic`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, TypeVar
from uuid import UUID, uuid5
from zoneinfo import ZoneInfo

from eventsourcing.utils import register_topic
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

from domain.core.errors import (
    EffectiveDateInFutureError,
    NothingToChangeError,
)

BUREAU_TZ = ZoneInfo("Asia/Shanghai")

# A label such as a practice area or an appraisal category: trimmed, never blank.
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


def check_changes_something(old: BaseModel, new: BaseModel) -> None:
    """ChangeChangesSomething: a details change equal to the current details is not an event."""
    if old == new:
        raise NothingToChangeError("the change leaves every detail as it is", field=None)


T = TypeVar("T", bound=type)


def stable_topic(topic: str) -> Callable[[T], T]:
    """Give a stored value class a topic that does not depend on its module or name."""

    def decorate(cls: T) -> T:
        cls.TOPIC = topic  # type: ignore[attr-defined]
        register_topic(topic, cls)
        return cls

    return decorate


def bureau_today(now: datetime | None = None) -> date:
    """Today's date in the bureau's time zone (dates people enter are Beijing dates)."""
    return (now or datetime.now(BUREAU_TZ)).astimezone(BUREAU_TZ).date()


# Namespace for deterministic ids: uuid5(LEDGER_NAMESPACE, "<what>:<business key>").
LEDGER_NAMESPACE = UUID("6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a10")


def business_id(what: str, *key: str) -> UUID:
    return uuid5(LEDGER_NAMESPACE, ":".join((what, *key)))


def normalize_number(number: str) -> str:
    """Licence and registration numbers compare without case or surrounding blanks."""
    return "".join(number.split()).upper()


@stable_topic("ledger.value.Role")
class Role(StrEnum):
    CLERK = "clerk"
    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMIN = "admin"


@stable_topic("ledger.value.Actor")
class Actor(BaseModel):
    """The authenticated principal who sent a command (from the token, never from the body)."""

    model_config = ConfigDict(frozen=True)

    principal_id: str
    role: Role


@stable_topic("ledger.value.EventMeta")
class EventMeta(BaseModel):
    """Carried by every event: actor, reason, business date, idempotency key."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    actor: Actor
    reason: str = Field(min_length=1, max_length=2000)
    effective_on: date
    command_id: str = Field(min_length=1, max_length=200)

    # Not stored: whether the sender left effective_on out (it then defaults to the recording
    # date). A retry the next day is still the same command, so idempotency compares what was
    # sent, not the date it defaulted to.
    _effective_on_defaulted: bool = PrivateAttr(default=False)

    @classmethod
    def effective_today(
        cls, *, actor: Actor, reason: str, today: date, command_id: str
    ) -> EventMeta:
        meta = cls(actor=actor, reason=reason, effective_on=today, command_id=command_id)
        meta._effective_on_defaulted = True
        return meta

    @property
    def effective_on_as_sent(self) -> date | None:
        return None if self._effective_on_defaulted else self.effective_on

    def check_effective_date_not_in_future(self, today: date) -> None:
        if self.effective_on > today:
            raise EffectiveDateInFutureError(
                f"effective_on {self.effective_on} is after today ({today}, Asia/Shanghai)",
                effective_on=str(self.effective_on),
                today=str(today),
            )


@stable_topic("ledger.value.OrganizationKind")
class OrganizationKind(StrEnum):
    LAW_FIRM = "law_firm"  # 律师事务所
    NOTARY_OFFICE = "notary_office"  # 公证处
    APPRAISAL_INSTITUTION = "appraisal_institution"  # 司法鉴定机构
    MEDIATION_COMMITTEE = "mediation_committee"  # 人民调解委员会


@stable_topic("ledger.value.PractitionerKind")
class PractitionerKind(StrEnum):
    LAWYER = "lawyer"  # 律师
    NOTARY = "notary"  # 公证员
    APPRAISER = "appraiser"  # 司法鉴定人

    @property
    def organization_kind(self) -> OrganizationKind:
        """The one kind of organization a practitioner of this kind practises in."""
        return _PRACTICE_HOME[self]


_PRACTICE_HOME = {
    PractitionerKind.LAWYER: OrganizationKind.LAW_FIRM,
    PractitionerKind.NOTARY: OrganizationKind.NOTARY_OFFICE,
    PractitionerKind.APPRAISER: OrganizationKind.APPRAISAL_INSTITUTION,
}


@stable_topic("ledger.value.LicenceStatus")
class LicenceStatus(StrEnum):
    """Lifecycle status as recorded. A suspension is a recorded period; whether it is in force
    on a given day is `Licensed.status_on(day)`."""

    ACTIVE = "active"
    SUSPENDED = "suspended"  # 停止执业 / 停业整顿
    REVOKED = "revoked"  # 吊销
    DEREGISTERED = "deregistered"  # 注销


@stable_topic("ledger.value.InspectorStatus")
class InspectorStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"


@stable_topic("ledger.value.SuspensionPeriod")
class SuspensionPeriod(BaseModel):
    """Inclusive period [starts_on, until]."""

    model_config = ConfigDict(frozen=True)

    starts_on: date
    until: date

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.until


def article(word: str) -> str:
    """The word with its English indefinite article: "an organization", "a notary"."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word
