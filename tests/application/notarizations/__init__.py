"""Application tests of notarization matters and imports."""
