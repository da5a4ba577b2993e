"""Property tests of audit trails."""
