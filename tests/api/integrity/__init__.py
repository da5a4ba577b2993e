"""API tests of the verifiable log."""
