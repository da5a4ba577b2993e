"""One runner for every stored view: it follows the event log and moves each view forward
exactly once (a batch's rows and the view's position commit together), in process or as
`ledger project`, with LISTEN/NOTIFY on PostgreSQL; plus reading events and paging cursors."""
