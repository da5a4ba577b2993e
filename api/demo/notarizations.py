"""Demo: 150 notarization matters in the second half of 2024 — the report's assisted inheritance
backlog (office 1 helps office 2 clear 110 inheritance matters under an assistance arrangement)
and 40 ordinary matters — with pauses for materials, refusals and withdrawals, a few approved and
never issued (漏发), some still open at the year's end; and one import from office 2's own system
in which two certificates break the approval rules (错发), for the detector to find."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from uuid import UUID

from api.services import Services
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from domain.ledger import CommandResult, ComplianceLedger
from domain.notarizations.imports import (
    ImportedNotarization,
    ImportedStep,
)
from domain.notarizations.values import (
    NotarizationStage,
    NotarizationType,
)
from projections.records.view import every

CLERK = Actor(principal_id="demo-clerk-notary", role=Role.CLERK)
SUPERVISOR = Actor(principal_id="demo-supervisor-1", role=Role.SUPERVISOR)
ASSISTED, ORDINARY = 110, 40
FIRST_DAY, LAST_DAY = date(2024, 7, 1), date(2024, 12, 31)
OTHER_TYPES = (
    NotarizationType.CONTRACT,
    NotarizationType.POWER_OF_ATTORNEY,
    NotarizationType.DECLARATION,
    NotarizationType.GIFT,
)
IMPORT_SOURCE = "示例第2公证处业务系统（虚构）"


def _meta(key: str, reason: str, day: date, actor: Actor = CLERK) -> EventMeta:
    return EventMeta(actor=actor, reason=reason, effective_on=day, command_id=f"demo:nt:{key}")


def load_notarization_demo(
    services: Services, offices: Sequence[UUID], notaries: dict[UUID, list[UUID]]
) -> tuple[int, str]:
    """`offices`: the two demo notary offices; `notaries`: their members. Every member joined
    before 1 July 2024. Returns (commands written, summary line)."""
    ledger = services.ledger
    rng = random.Random(20240701)
    helping, helped = offices[0], offices[1]
    written = 0

    def run(result: CommandResult) -> CommandResult:
        nonlocal written
        written += not result.replayed
        return result

    arrangement = run(
        ledger.arrange_assistance(
            _meta("arrangement", "区司法局协调第1公证处协助办理继承公证积案（演示）", FIRST_DAY),
            helping,
            helped,
            FIRST_DAY,
            LAST_DAY,
            (NotarizationType.INHERITANCE,),
        )
    ).subject_id
    plans = [(f"a{n}", helped, NotarizationType.INHERITANCE, True) for n in range(ASSISTED)]
    for n in range(ORDINARY):
        office = offices[n % 2]
        plans.append((f"o{n}", office, rng.choice(OTHER_TYPES), False))
    for key, office, matter_type, assisted in plans:
        handler = rng.choice(notaries[helping if assisted else office])
        approver = rng.choice([p for p in notaries[office] if p != handler])
        applied = FIRST_DAY + timedelta(days=rng.randrange(0, 170))
        matter = run(
            ledger.apply_notarization(
                _meta(f"{key}:apply", "当事人申请（演示）", applied),
                office,
                matter_type,
                (f"申请人{key}（虚构）",),
                handler,
                arrangement if assisted else None,
            )
        ).subject_id
        day = applied

        def step(most: int) -> date:
            nonlocal day
            day = min(day + timedelta(days=rng.randint(1, most)), LAST_DAY)
            return day

        if rng.random() < 0.04:
            run(ledger.withdraw_notarization(_meta(f"{key}:withdraw", "申请人撤回（演示）", step(5)), matter))  # fmt: skip
            continue
        run(ledger.accept_notarization(_meta(f"{key}:accept", "受理（演示）", step(3)), matter))
        if rng.random() < 0.25:
            run(ledger.request_notarization_materials(_meta(f"{key}:pause", "通知补正（演示）", step(4)), matter))  # fmt: skip
            if day > LAST_DAY - timedelta(days=20) or rng.random() < 0.1:
                continue  # still awaiting materials
            run(ledger.receive_notarization_materials(_meta(f"{key}:resume", "补正材料收到（演示）", step(15)), matter))  # fmt: skip
        if day > date(2024, 12, 1) and rng.random() < 0.5:
            continue  # accepted, still in the backlog
        run(ledger.examine_notarization(_meta(f"{key}:examine", "审查（演示）", step(8)), matter))
        if rng.random() < 0.05:
            run(ledger.refuse_notarization(_meta(f"{key}:refuse", "不符合办证条件（演示）", step(3)), matter))  # fmt: skip
            continue
        run(ledger.approve_notarization(
            _meta(f"{key}:approve", "审批（演示）", step(3)), matter, approver))  # fmt: skip
        if rng.random() < 0.04:
            continue  # approved, never issued: 漏发 once its deadline passes
        certificate = f"（2024）京兴{1 + offices.index(office)}证字第{key}号"
        run(ledger.issue_notarial_certificate(
            _meta(f"{key}:issue", "出具公证书（演示）", step(4)), matter, certificate))  # fmt: skip

    written += _import_demo(ledger, helped, notaries[helped])
    records = services.records.notarizations
    for view in records.views():
        services.runner.catch_up(view.name)
    backlog = records.backlog(LAST_DAY)
    missed = list(every(lambda cursor: records.missed_issuances(LAST_DAY, cursor=cursor)))
    wrong = records.wrong_issuances(limit=500)[0]
    open_per_office = ", ".join(
        f"office {offices.index(r.office_id) + 1}: {r.total} ({r.assisted} assisted)"
        for r in backlog
    )
    line = (
        f"notarization matters: {len(plans)} ({ASSISTED} inheritance matters of office 2 handled "
        f"by office 1 under an assistance arrangement); open on {LAST_DAY} — {open_per_office}; "
        f"{len(missed)} missed issuances; {len(wrong)} wrong issuances found in an import"
    )
    return written, line


def _import_demo(ledger: ComplianceLedger, office: UUID, members: list[UUID]) -> int:
    """Office 2's own system reports 12 matters of the first half of 2024; in one the
    certificate precedes any approval, in another the handler approved it himself."""
    handler, approver = members[0], members[1]
    records = []
    for n in range(1, 13):
        start = date(2024, 2, 1) + timedelta(days=10 * n)
        steps = [
            ImportedStep(stage=NotarizationStage.APPLIED, on=start),
            ImportedStep(stage=NotarizationStage.ACCEPTED, on=start + timedelta(days=1)),
            ImportedStep(stage=NotarizationStage.EXAMINED, on=start + timedelta(days=5)),
        ]
        approval = ImportedStep(
            stage=NotarizationStage.APPROVED,
            on=start + timedelta(days=6),
            notary_id=handler if n == 7 else approver,
        )
        if n != 4:
            steps.append(approval)
        steps.append(
            ImportedStep(
                stage=NotarizationStage.CERTIFICATE_ISSUED,
                on=start + timedelta(days=7),
                certificate_number=f"（2024）京兴2证字第H{n:03d}号",
            )
        )
        records.append(
            ImportedNotarization(
                external_number=f"GZ2-2024-{n:04d}",
                office_id=office,
                matter_type=NotarizationType.CONTRACT,
                handler_id=handler,
                steps=tuple(steps),
            )
        )
    result = ledger.import_notarizations(
        _meta("import:1", "2024年上半年公证业务数据导入（演示）", date(2024, 7, 15), SUPERVISOR),
        IMPORT_SOURCE,
        tuple(records),
    )
    return int(not result.replayed)
