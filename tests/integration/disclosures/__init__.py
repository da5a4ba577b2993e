"""Integration tests of the disclosure register."""
