"""Unit tests of inspections and checklists."""
