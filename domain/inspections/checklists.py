"""Checklists 抽查事项清单 ("one list" of 双随机、一公开): versioned lists of inspection items per
kind of supervised subject.

Every published version is kept. An inspection records the checklist id, the version number and
the item ids of that version when it is planned, so publishing a later version never changes an
inspection already recorded against an earlier one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel, ConfigDict, Field

from domain.core.base import unused_created_event
from domain.core.errors import (
    EntityNotFoundError,
    NothingToChangeError,
)
from domain.core.values import (
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    business_id,
    stable_topic,
)
from domain.inspections.errors import (
    ChecklistCategoriesMissingError,
    ChecklistItemsInvalidError,
    ChecklistKindMismatchError,
)

# What a checklist is for: a kind of organization or of practitioner.
SubjectKind = OrganizationKind | PractitionerKind

ITEM_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,39}$"
CODE_PATTERN = r"^[a-z0-9][a-z0-9_\-]{0,39}$"


@stable_topic("ledger.value.ChecklistCategory")
class ChecklistCategory(StrEnum):
    PARTY_BUILDING = "party_building"  # 党建
    BUSINESS = "business"  # 业务开展
    CONDUCT = "conduct"  # 执业行为
    INTERNAL_MANAGEMENT = "internal_management"  # 内部管理
    FEE_FILING = "fee_filing"  # 收费备案
    QUALIFICATION = "qualification"  # 执业资质
    CASE_FILES = "case_files"  # 案卷质量


@stable_topic("ledger.value.ChecklistItem")
class ChecklistItem(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    item_id: str = Field(pattern=ITEM_ID_PATTERN, description="stable within the checklist")
    category: ChecklistCategory
    text: str = Field(min_length=1, max_length=500)
    weight: int | None = Field(default=None, ge=0, le=100, description="points, if scored")


@stable_topic("ledger.value.ChecklistVersion")
class ChecklistVersion(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: int = Field(ge=1)
    title: str = Field(min_length=1, max_length=200)
    items: tuple[ChecklistItem, ...] = Field(min_length=1)
    published_on: date

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.item_id for item in self.items)

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(item.category.value for item in self.items)


class Checklist(Aggregate):
    TOPIC = "ledger.Checklist"

    Created = unused_created_event("Checklist")

    @staticmethod
    def create_id(kind: SubjectKind, code: str) -> UUID:
        return business_id("checklist", kind.value, code.strip().lower())

    @event("Opened", topic="ledger.Checklist.Opened")
    def __init__(self, meta: EventMeta, kind: SubjectKind, code: str) -> None:
        self.kind = kind
        self.code = code.strip().lower()
        self.versions: tuple[ChecklistVersion, ...] = ()

    # -- commands ------------------------------------------------------------------------------

    def publish(
        self, meta: EventMeta, title: str, items: Sequence[ChecklistItem]
    ) -> ChecklistVersion:
        """Publish the next version. Earlier versions stay as they were."""
        self.check_item_ids_unique(items)
        self.check_changes_something(title, items)
        version = ChecklistVersion(
            version=len(self.versions) + 1,
            title=title,
            items=tuple(items),
            published_on=meta.effective_on,
        )
        self._publish(meta, version)
        return version

    # -- queries -------------------------------------------------------------------------------

    @property
    def latest(self) -> ChecklistVersion | None:
        return self.versions[-1] if self.versions else None

    def get_version(self, number: int | None = None) -> ChecklistVersion:
        """Version `number`, or the latest one."""
        if number is None and self.latest is not None:
            return self.latest
        for published in self.versions:
            if published.version == number:
                return published
        raise EntityNotFoundError(f"{self.id} version {number}", "checklist version")

    # -- checks --------------------------------------------------------------------------------

    @staticmethod
    def check_item_ids_unique(items: Sequence[ChecklistItem]) -> None:
        """ChecklistItemIdsUnique: a finding names its item by id, so ids never repeat."""
        if not items:
            raise ChecklistItemsInvalidError("a checklist version has at least one item")
        counts = Counter(item.item_id for item in items)
        repeated = sorted(item_id for item_id, n in counts.items() if n > 1)
        if repeated:
            raise ChecklistItemsInvalidError(
                f"item ids repeat within the version: {', '.join(repeated)}", repeated=repeated
            )

    def check_changes_something(self, title: str, items: Sequence[ChecklistItem]) -> None:
        latest = self.latest
        if latest is not None and latest.title == title and latest.items == tuple(items):
            raise NothingToChangeError(
                f"version {latest.version} already has exactly these items", field="items"
            )

    def check_for_kind(self, kind: SubjectKind) -> None:
        """ChecklistMatchesSubjectKind."""
        if self.kind != kind:
            raise ChecklistKindMismatchError(
                f"checklist {self.code} is for {self.kind.value}, not {kind.value}",
                checklist_kind=self.kind.value,
                subject_kind=kind.value,
            )

    @staticmethod
    def check_covers_categories(version: ChecklistVersion, required: Sequence[str]) -> None:
        """AnnualInspectionCoversRequiredCategories: e.g. a law firm's annual inspection has
        party-building 党建 items beside business, conduct, internal management, fee filing."""
        missing = [c for c in required if c not in version.categories]
        if missing:
            raise ChecklistCategoriesMissingError(
                f"checklist version {version.version} has no items of: {', '.join(missing)}",
                missing=missing,
            )

    # -- events --------------------------------------------------------------------------------

    @event("Published", topic="ledger.Checklist.Published")
    def _publish(self, meta: EventMeta, version: ChecklistVersion) -> None:
        self.versions = (*self.versions, version)


# -- default content for the demo (fictional but plausible) -------------------------------------


class ChecklistTemplate(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: OrganizationKind
    code: str
    title: str
    items: tuple[ChecklistItem, ...]


def _items(*rows: tuple[str, ChecklistCategory, str, int]) -> tuple[ChecklistItem, ...]:
    return tuple(ChecklistItem(item_id=i, category=c, text=t, weight=w) for i, c, t, w in rows)


def default_checklists() -> list[ChecklistTemplate]:
    """One checklist per kind of organization the bureau supervises."""
    C = ChecklistCategory
    return [
        ChecklistTemplate(
            kind=OrganizationKind.LAW_FIRM,
            code="annual",
            title="律师事务所年度检查考核事项清单",
            items=_items(
                ("PB-01", C.PARTY_BUILDING, "党组织设置及党建工作开展情况", 10),
                ("PB-02", C.PARTY_BUILDING, "党员律师亮身份、发挥先锋模范作用情况", 5),
                ("BU-01", C.BUSINESS, "业务开展情况及执业登记事项变更备案", 15),
                ("BU-02", C.BUSINESS, "委托代理合同签订与统一收案情况", 10),
                ("CO-01", C.CONDUCT, "律师遵守执业纪律和职业道德情况", 15),
                ("CO-02", C.CONDUCT, "受到投诉、行政处罚或行业处分情况", 10),
                ("IM-01", C.INTERNAL_MANAGEMENT, "财务管理与依法纳税情况", 10),
                ("IM-02", C.INTERNAL_MANAGEMENT, "执业档案及业务档案管理情况", 10),
                ("FF-01", C.FEE_FILING, "律师服务收费标准公示及备案情况", 10),
                ("FF-02", C.FEE_FILING, "统一收费、出具票据情况", 5),
            ),
        ),
        ChecklistTemplate(
            kind=OrganizationKind.APPRAISAL_INSTITUTION,
            code="routine",
            title="司法鉴定机构日常监督检查事项清单",
            items=_items(
                ("QU-01", C.QUALIFICATION, "鉴定机构及鉴定人执业资质与执业类别一致", 20),
                ("QU-02", C.QUALIFICATION, "仪器设备配置及实验室认证认可情况", 15),
                ("BU-01", C.BUSINESS, "鉴定委托受理、鉴定程序符合通则规定", 20),
                ("CF-01", C.CASE_FILES, "鉴定意见书及鉴定档案规范完整", 20),
                ("CO-01", C.CONDUCT, "鉴定人出庭作证及回避制度执行情况", 10),
                ("FF-01", C.FEE_FILING, "收费项目和标准公示、按标准收费", 15),
            ),
        ),
        ChecklistTemplate(
            kind=OrganizationKind.NOTARY_OFFICE,
            code="routine",
            title="公证机构日常监督检查事项清单",
            items=_items(
                ("BU-01", C.BUSINESS, "公证事项受理、审查、审批流程规范", 20),
                ("BU-02", C.BUSINESS, "出证前系统审批记录完整，无错发漏发", 20),
                ("CF-01", C.CASE_FILES, "公证卷宗归档及保管情况", 15),
                ("CO-01", C.CONDUCT, "公证员执业回避及保密义务履行情况", 15),
                ("IM-01", C.INTERNAL_MANAGEMENT, "内部质量管理与复查制度执行情况", 15),
                ("FF-01", C.FEE_FILING, "公证收费标准公示及执行情况", 15),
            ),
        ),
        ChecklistTemplate(
            kind=OrganizationKind.MEDIATION_COMMITTEE,
            code="routine",
            title="人民调解委员会工作检查事项清单",
            items=_items(
                ("IM-01", C.INTERNAL_MANAGEMENT, "调解组织及调解员名册公示情况", 20),
                ("BU-01", C.BUSINESS, "矛盾纠纷排查与受理登记情况", 20),
                ("CF-01", C.CASE_FILES, "调解协议书及调解卷宗规范完整", 30),
                ("CO-01", C.CONDUCT, "调解员遵守调解纪律、不收取费用情况", 30),
            ),
        ),
    ]
