"""Complaints (接诉即办): channels, acceptance and feedback deadlines, investigation,
conclusion, reply, rating, and conversion into a sanction case (诉转案)."""
