"""Property tests of notarization matters and imports."""
