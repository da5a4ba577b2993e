"""API tests of sanction cases."""
