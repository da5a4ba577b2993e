"""Sanction cases as read: the cases view (by subject, stage, origin), with the cases past their
decision or publication deadline as of a day."""
