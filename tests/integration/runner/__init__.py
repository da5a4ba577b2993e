"""Integration tests of the view runner."""
