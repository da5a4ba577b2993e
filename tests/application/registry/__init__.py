"""Application tests of the registry."""
