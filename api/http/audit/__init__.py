"""Audit-trail routes: a subject's trail, paged and exported (CSV for people, JSON)."""
