"""Application tests: ComplianceLedger commands end to end on an in-memory SQLite ledger
(rules, events, receipts, idempotency), one folder per capability."""
