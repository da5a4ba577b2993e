"""Property tests of the registry."""
