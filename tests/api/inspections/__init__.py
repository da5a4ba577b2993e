"""API tests of inspections and checklists."""
