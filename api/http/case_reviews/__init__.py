"""Case-file review routes."""
