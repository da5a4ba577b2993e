"""Where events live: one URL opens the embedded SQLite file or PostgreSQL."""
