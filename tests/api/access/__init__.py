"""API tests of tokens and roles."""
