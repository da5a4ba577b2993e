"""Application tests of core values, calendar and identity."""
