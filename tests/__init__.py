"""The test suite, one folder per kind of test, each by the capability names of the rooms:
unit/ (pure rules and folds, no database), application/ (the ledger's commands on an
in-memory store), integration/ (real SQLite and PostgreSQL, the runner, the CLI), properties/
(hypothesis laws), api/ (HTTP and CLI end to end). fixtures/ holds stored data written earlier."""
