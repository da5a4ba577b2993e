"""Evaluations as read: the evaluations view (integrity grades, firms' annual results, lawyers'
assessments) by subject, kind and period, and the distribution of results."""
