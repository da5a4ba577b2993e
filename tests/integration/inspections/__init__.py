"""Integration tests of inspections and checklists."""
