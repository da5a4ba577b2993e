"""Unit tests of core values, calendar and identity."""
