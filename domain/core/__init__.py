"""What every capability builds on: values and event metadata, the PRC working-day calendar,
policy as versioned data, command receipts, the command pipeline (get -> act -> save, one
transaction, idempotent) and the base of every error the ledger raises."""
