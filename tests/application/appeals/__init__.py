"""Application tests of appeals."""
