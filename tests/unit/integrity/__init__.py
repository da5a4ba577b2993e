"""Unit tests of the verifiable log."""
