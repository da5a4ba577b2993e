"""Unit tests of notarization matters and imports."""
