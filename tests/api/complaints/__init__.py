"""API tests of complaints."""
