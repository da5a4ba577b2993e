"""Application tests of complaints."""
