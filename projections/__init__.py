"""Everything derived from the event log: pure folds plus table writers, and their runner."""
