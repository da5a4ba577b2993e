"""Unit tests of sanction cases."""
