"""Integration tests of the registry."""
