"""API tests of the command line."""
