"""Integration tests of evaluations and grades."""
