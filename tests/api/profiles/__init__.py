"""API tests of compliance profiles."""
