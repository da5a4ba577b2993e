"""Unit tests of compliance profiles."""
