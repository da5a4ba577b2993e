"""Integration tests of sanction cases."""
