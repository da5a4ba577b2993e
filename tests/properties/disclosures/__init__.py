"""Property tests of the disclosure register."""
