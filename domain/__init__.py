"""The regulatory model: aggregates, events, rules. Pure Python (stdlib, pydantic, eventsourcing)."""
