"""Property tests of the verifiable log."""
