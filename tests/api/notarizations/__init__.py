"""API tests of notarization matters and imports."""
