"""What every ledger aggregate shares."""

from __future__ import annotations

from eventsourcing.domain import Aggregate


def unused_created_event(aggregate_name: str) -> type[Aggregate.Created]:
    """The library gives each aggregate a default `Created` event. Ours are created by named
    events (`Registered`, `Issued`, ...), but with explicit topics the default needs one too."""
    return type(
        "Created",
        (Aggregate.Created,),
        {
            "TOPIC": f"ledger.{aggregate_name}.Created",
            "__qualname__": f"{aggregate_name}.Created",
            "__doc__": "The library's default creation event; never triggered.",
        },
    )
