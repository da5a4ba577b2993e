"""Unit tests of appeals."""
