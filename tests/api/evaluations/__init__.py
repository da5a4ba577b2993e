"""API tests of evaluations and grades."""
