"""The console: one static page (index.html) served at `/`, talking to the same HTTP API with the
user's token."""
