"""Property tests of the record views."""
