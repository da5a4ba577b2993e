"""API tests of the registry."""
