"""Integration tests of audit trails."""
