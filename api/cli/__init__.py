"""The `ledger` command line: one module per command group (serve/demo/tokens in main, the
verifiable log, projections, draws) and how every command opens the ledger."""
