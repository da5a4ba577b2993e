"""A deterministic, clearly fictional district sized like the Daxing report: 96 law firms with
605 lawyers, 2 notary offices, 8 appraisal institutions, 10 mediation committees, 40 inspectors
in 3 units. Every command has a fixed command_id, so loading twice writes nothing the second time.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Protocol
from uuid import UUID

from api.demo.case_files import load_case_file_demo
from api.demo.complaints import load_complaint_demo
from api.demo.notarizations import load_notarization_demo
from api.demo.supervision import load_supervision_demo
from api.services import Services
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.registry.inspectors import InspectorDetails
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)

DEMO_ACTOR = Actor(principal_id="demo-loader", role=Role.CLERK)
LAW_FIRMS, LAWYERS = 96, 605
NOTARY_OFFICES, NOTARIES = 2, (14, 9)
APPRAISAL_INSTITUTIONS = 8
MEDIATION_COMMITTEES = 10
UNITS = ("律师工作科", "公证鉴定管理科", "人民调解科")
INSPECTORS = 40
LAWYER_AREAS = ("民商事", "刑事", "行政", "劳动争议", "知识产权", "婚姻家事")
TITLES = {PractitionerKind.LAWYER: "律师", PractitionerKind.APPRAISER: "鉴定人"}
APPRAISAL_CATEGORIES = ("法医临床", "法医病理", "文书鉴定", "痕迹鉴定", "声像资料", "环境损害")


class Printer(Protocol):
    def print(self, *objects: object) -> None: ...


def _meta(key: str, reason: str, day: date) -> EventMeta:
    return EventMeta(actor=DEMO_ACTOR, reason=reason, effective_on=day, command_id=f"demo:{key}")


def load_demo(services: Services, progress: Printer | None = None) -> str:
    """Load the demo district into `services`' ledger (idempotent); returns its summary, with
    figures read from the record views."""
    ledger = services.ledger
    rng = random.Random(20240919)  # fixed: the demo district is the same on every machine
    start = date(2023, 1, 3)

    def day() -> date:
        return start + timedelta(days=rng.randrange(0, 540))

    written = 0

    def count(result: object) -> None:
        nonlocal written
        written += 0 if getattr(result, "replayed", False) else 1

    orgs: dict[OrganizationKind, list[UUID]] = {}
    registered_on: dict[UUID, date] = {}
    plan = (
        (
            OrganizationKind.LAW_FIRM,
            LAW_FIRMS,
            "北京兴示例第{n:02d}律师事务所（虚构）",
            "31110000DX{n:04d}",
        ),
        (
            OrganizationKind.NOTARY_OFFICE,
            NOTARY_OFFICES,
            "示例第{n}公证处（虚构）",
            "GZ-DX-{n:03d}",
        ),
        (
            OrganizationKind.APPRAISAL_INSTITUTION,
            APPRAISAL_INSTITUTIONS,
            "示例司法鉴定所{n}（虚构）",
            "JD-DX-{n:03d}",
        ),
        (
            OrganizationKind.MEDIATION_COMMITTEE,
            MEDIATION_COMMITTEES,
            "示例第{n}人民调解委员会（虚构）",
            "TJ-DX-{n:03d}",
        ),
    )
    for kind, how_many, name, number in plan:
        ids = []
        for n in range(1, how_many + 1):
            registered = day()
            result = ledger.register_organization(
                _meta(f"org:{kind.value}:{n}", "设立登记（演示数据）", registered),
                kind,
                number.format(n=n),
                OrganizationDetails(
                    name=name.format(n=n),
                    address=f"北京市大兴区示例路{n}号（虚构）",
                    head=f"负责人{n:02d}",
                ),
            )
            count(result)
            ids.append(result.subject_id)
            registered_on[result.subject_id] = registered
        orgs[kind] = ids
    if progress:
        progress.print(f"organizations: {sum(len(v) for v in orgs.values())}")

    def people(
        kind: PractitionerKind, total: int, homes: list[UUID], prefix: str, areas: tuple[str, ...]
    ) -> list[UUID]:
        # Every organization gets one member first; the rest go mostly to a few large ones, as
        # in a real district where a handful of firms employ most lawyers.
        weights = [rng.paretovariate(1.2) for _ in homes]
        ids = []
        for n in range(1, total + 1):
            registered = day()
            result = ledger.register_practitioner(
                _meta(f"person:{kind.value}:{n}", "执业登记（演示数据）", registered),
                kind,
                f"{prefix}{n:05d}",
                PractitionerDetails(
                    name=f"示例{TITLES[kind]}{n:03d}", specialties=tuple(rng.sample(areas, 2))
                ),
            )
            count(result)
            home = homes[n - 1] if n <= len(homes) else rng.choices(homes, weights)[0]
            joined = max(registered, registered_on[home])
            count(
                ledger.join_organization(
                    _meta(f"join:{kind.value}:{n}", "加入执业机构（演示数据）", joined),
                    result.subject_id,
                    home,
                )
            )
            ids.append(result.subject_id)
        return ids

    lawyers = people(
        PractitionerKind.LAWYER, LAWYERS, orgs[OrganizationKind.LAW_FIRM], "1110120", LAWYER_AREAS
    )
    notaries: list[UUID] = []
    notaries_by_office: dict[UUID, list[UUID]] = {}
    for office, total in zip(orgs[OrganizationKind.NOTARY_OFFICE], NOTARIES, strict=True):
        offset = len(notaries)
        for n in range(1, total + 1):
            k = offset + n
            registered = day()
            result = ledger.register_practitioner(
                _meta(f"person:notary:{k}", "公证员执业登记（演示数据）", registered),
                PractitionerKind.NOTARY,
                f"GZY{k:05d}",
                PractitionerDetails(name=f"示例公证员{k:03d}"),
            )
            count(result)
            count(
                ledger.join_organization(
                    _meta(
                        f"join:notary:{k}",
                        "加入公证处（演示数据）",
                        max(registered, registered_on[office]),
                    ),
                    result.subject_id,
                    office,
                )
            )
            notaries.append(result.subject_id)
            notaries_by_office.setdefault(office, []).append(result.subject_id)
    appraisers = people(
        PractitionerKind.APPRAISER,
        56,
        orgs[OrganizationKind.APPRAISAL_INSTITUTION],
        "JDR",
        APPRAISAL_CATEGORIES,
    )
    if progress:
        progress.print(f"practitioners: {len(lawyers) + len(notaries) + len(appraisers)}")

    inspectors: dict[str, list[UUID]] = {unit: [] for unit in UNITS}
    for n in range(1, INSPECTORS + 1):
        unit = UNITS[(n - 1) % len(UNITS)]
        registered = ledger.register_inspector(
            _meta(f"inspector:{n}", "执法证备案（演示数据）", date(2023, 1, 3)),
            f"京司执DX{n:04d}",
            InspectorDetails(name=f"示例检查员{n:02d}", unit=unit, specialties=(unit[:2],)),
        )
        count(registered)
        inspectors[unit].append(registered.subject_id)

    # A little history to look at: suspensions, a reinstatement, a revocation, a transfer.
    today = ledger.today()
    count(
        ledger.suspend_licence(
            _meta("suspend:lawyer:7", "京兴司罚决字〔2024〕1号（演示）", date(2024, 3, 1)),
            Practitioner,
            lawyers[6],
            date(2024, 3, 1),
            date(2024, 8, 31),
        )
    )
    count(
        ledger.reinstate_licence(
            _meta("reinstate:lawyer:7", "停止执业期满（演示）", date(2024, 9, 2)),
            Practitioner,
            lawyers[6],
        )
    )
    count(
        ledger.suspend_licence(
            _meta("suspend:firm:12", "停业整顿（演示）", date(2024, 6, 3)),
            Organization,
            orgs[OrganizationKind.LAW_FIRM][11],
            date(2024, 6, 3),
            max(today, date(2024, 6, 4)) + timedelta(days=90),
        )
    )
    count(
        ledger.revoke_licence(
            _meta("revoke:lawyer:42", "吊销执业证书（演示）", date(2024, 5, 20)),
            Practitioner,
            lawyers[41],
        )
    )
    count(
        ledger.leave_organization(
            _meta("leave:lawyer:42", "吊销后离所（演示）", date(2024, 5, 21)), lawyers[41]
        )
    )
    count(
        ledger.leave_organization(
            _meta("leave:lawyer:100", "转所（演示）", date(2024, 4, 1)), lawyers[99]
        )
    )
    count(
        ledger.join_organization(
            _meta("join2:lawyer:100", "转所（演示）", date(2024, 4, 2)),
            lawyers[99],
            orgs[OrganizationKind.LAW_FIRM][0],
        )
    )
    supervision = load_supervision_demo(
        ledger,
        law_firms=orgs[OrganizationKind.LAW_FIRM],
        lawyers=lawyers,
        appraisal_institutions=orgs[OrganizationKind.APPRAISAL_INSTITUTION],
        appraisers=appraisers,
        inspectors_by_unit=inspectors,
        progress=progress,
    )
    written += supervision.written
    case_files_written, case_files = load_case_file_demo(
        ledger, orgs[OrganizationKind.MEDIATION_COMMITTEE]
    )
    written += case_files_written
    complaints_written, complaints = load_complaint_demo(
        services, [*lawyers, *orgs[OrganizationKind.LAW_FIRM]]
    )
    written += complaints_written
    if progress:
        progress.print(complaints)
    notarizations_written, notarizations = load_notarization_demo(
        services, orgs[OrganizationKind.NOTARY_OFFICE], notaries_by_office
    )
    written += notarizations_written
    return (
        f"demo district: {LAW_FIRMS} law firms, {len(lawyers)} lawyers, {NOTARY_OFFICES} notary offices "
        f"with {len(notaries)} notaries, {APPRAISAL_INSTITUTIONS} appraisal institutions with "
        f"{len(appraisers)} appraisers, {MEDIATION_COMMITTEES} mediation committees, {INSPECTORS} "
        f"inspectors in {len(UNITS)} units;\n{supervision.line};\n{case_files};\n{complaints};\n"
        f"{notarizations};\n"
        f"{written} commands written this run"
    )
