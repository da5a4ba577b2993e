"""Integration tests of the verifiable log."""
