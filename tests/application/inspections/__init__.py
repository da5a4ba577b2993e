"""Application tests of inspections and checklists."""
