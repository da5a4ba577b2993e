"""Inspection routes: checklists, inspections from planning to closing, overdue lists."""
