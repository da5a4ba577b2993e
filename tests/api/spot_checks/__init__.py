"""API tests of spot checks and the draw."""
