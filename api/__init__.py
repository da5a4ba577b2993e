"""How people and programs reach the ledger: HTTP API, CLI, console, composition root."""
