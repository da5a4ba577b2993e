"""API tests of case-file reviews."""
