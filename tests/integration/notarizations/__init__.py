"""Integration tests of notarization matters and imports."""
