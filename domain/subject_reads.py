"""Which records concern a supervised subject: its inspections, evaluations, sanction cases,
case-file reviews, and
the appeals against them. (A scan of the log; the stored subject index of the projections work
replaces it where reads are hot.)"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.appeals import Appeal
from domain.core import LedgerCore


class SubjectReads(LedgerCore):
    def _subject_record_types(self) -> list[tuple[type[Any], str]]:
        from domain.case_file_reviews import CaseFileReview
        from domain.evaluations import Evaluation
        from domain.inspections import Inspection
        from domain.sanctions import SanctionCase

        return [
            (Inspection, Inspection.Planned.TOPIC),  # type: ignore[attr-defined]
            (Evaluation, Evaluation.Opened.TOPIC),  # type: ignore[attr-defined]
            (SanctionCase, SanctionCase.Opened.TOPIC),  # type: ignore[attr-defined]
            (CaseFileReview, CaseFileReview.Opened.TOPIC),  # type: ignore[attr-defined]
        ]

    def records_about(self, subject_id: UUID) -> list[UUID]:
        """Ids of every record about `subject_id` (not the subject itself), oldest first."""
        ids: list[UUID] = []
        for cls, topic in self._subject_record_types():
            ids += [r.id for r in self._all(cls, topic) if r.subject_id == subject_id]
        targets = set(ids)
        ids += [
            a.id
            for a in self._all(Appeal, Appeal.Filed.TOPIC)  # type: ignore[attr-defined]
            if a.target_id in targets
        ]
        return ids
