"""Integration tests of complaints."""
