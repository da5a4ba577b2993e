"""API tests of appeals."""
