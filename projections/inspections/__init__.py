"""Inspections as read: the inspections view (by subject, status, kind, supervising unit,
planned period) with its overdue publications and rectifications, and the checklists view."""
