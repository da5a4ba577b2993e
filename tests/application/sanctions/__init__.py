"""Application tests of sanction cases."""
