"""Unit tests of evaluations and grades."""
