"""The `ledger` command line: main (serve, and the groups' registration), then one module per
command group — demo, tokens, integrity (the verifiable log), projections, draw/ — and opening
(how every command opens the ledger and reports what it cannot open)."""
