"""Complaint routes (接诉即办): the lifecycle, 诉转案, metrics and overdue lists."""
