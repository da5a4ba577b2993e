"""Integration tests of compliance profiles."""
