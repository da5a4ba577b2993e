"""Demo: the report's 100 mediation case files reviewed (10 committees x 10 files), 2024."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from uuid import UUID

from domain.case_reviews.review import (
    CaseFileResult,
    CaseFileScore,
)
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from domain.ledger import ComplianceLedger

REVIEWER = Actor(principal_id="demo-inspector-1", role=Role.INSPECTOR)
FAULTS = ("调解协议未载明履行期限", "当事人未签字确认", "调解笔录记录不完整", "卷宗材料未按序装订")


def _meta(key: str, reason: str, day: date) -> EventMeta:
    return EventMeta(actor=REVIEWER, reason=reason, effective_on=day, command_id=f"demo:cfr:{key}")


def load_case_file_demo(ledger: ComplianceLedger, committees: Sequence[UUID]) -> tuple[int, str]:
    """Returns (commands written, summary line)."""
    rng = random.Random(20241108)
    written, tallies = 0, []
    opened_on = date(2024, 7, 1)  # after every demo committee's registration
    for n, committee in enumerate(committees, start=1):
        result = ledger.open_case_file_review(
            _meta(f"{n}:open", "案卷质量评查（演示）", opened_on),
            committee,
            "2024年人民调解案卷质量评查",
        )
        written += not result.replayed
        review = result.subject_id
        refs = tuple(f"TJ{n:02d}-2024-{k:03d}" for k in rng.sample(range(1, 200), 10))
        written += not ledger.draw_case_file_sample(
            _meta(f"{n}:sample", "随机抽取10卷（演示）", opened_on), review, refs
        ).replayed
        for k, ref in enumerate(refs):
            roll = rng.random()
            outcome = (
                CaseFileResult.PASS
                if roll < 0.8
                else CaseFileResult.BASIC_PASS
                if roll < 0.95
                else CaseFileResult.FAIL
            )
            faults = () if outcome is CaseFileResult.PASS else (rng.choice(FAULTS),)
            written += not ledger.score_case_file(
                _meta(f"{n}:score:{k}", "评查意见（演示）", date(2024, 7, 8)),
                review,
                CaseFileScore(case_ref=ref, result=outcome, faults=faults),
            ).replayed
        written += not ledger.conclude_case_file_review(
            _meta(f"{n}:conclude", "出具评估报告（演示）", date(2024, 7, 15)), review
        ).replayed
        tally = ledger.get_case_file_review(review).tally
        assert tally is not None
        tallies.append(tally)
    files = sum(t.reviewed for t in tallies)
    failed = sum(t.failed for t in tallies)
    return (
        written,
        f"case-file reviews: {files} mediation case files in {len(tallies)} reviews, {failed} 不合格",
    )
