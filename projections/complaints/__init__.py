"""Complaints as read (接诉即办): the complaints view, its lists (by subject, stage, channel,
period), the overdue list as of a day and the metrics of a period, all in SQL."""
