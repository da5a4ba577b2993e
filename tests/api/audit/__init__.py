"""API tests of audit trails."""
