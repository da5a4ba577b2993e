"""Compliance-profile routes, as-of on two axes."""
