"""Audit trails: the subject index (which records concern whom), which events superseded
which (rules as data), and the trail that reads both."""
