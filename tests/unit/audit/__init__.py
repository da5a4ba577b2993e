"""Unit tests of audit trails."""
