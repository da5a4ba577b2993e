"""The public disclosure register's route (一公开)."""
