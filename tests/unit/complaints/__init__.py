"""Unit tests of complaints."""
