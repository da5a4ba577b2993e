"""Record views: one stored view per kind of record (complaints, inspections, sanction cases,
...), each row the aggregate's state at the view's position plus indexed columns, read as keyset
pages and SQL counts. The kinds and their reads live with their capabilities."""
