"""Reads about supervised subjects across records.

Which records concern a subject (its inspections, evaluations, sanction cases, complaints,
appeals, notarization matters) is no longer found by scanning the log here: the subject index
(`projections/subjects.py`) keeps it, and the API reads a subject's history from that index.
The mixin stays as the place for cross-record reads the command side itself needs.
"""

from __future__ import annotations

from domain.core import LedgerCore


class SubjectReads(LedgerCore):
    pass
