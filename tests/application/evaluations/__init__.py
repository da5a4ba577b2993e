"""Application tests of evaluations and grades."""
