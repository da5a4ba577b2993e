"""Unit tests: one rule, fold or pure function at a time, without a database."""
