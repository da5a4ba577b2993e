"""Integration tests on real databases (SQLite, and PostgreSQL when LEDGER_TEST_DATABASE_URL is
set): stored views and their runner, the verifiable log, the CLI, one folder per capability;
the *_support modules are shared set-ups."""
