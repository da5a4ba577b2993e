"""Property tests of compliance profiles."""
