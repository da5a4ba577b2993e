"""Unit tests of case-file reviews."""
