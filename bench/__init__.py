"""Benchmarks that print their figures beside a raw baseline measured in the same run: commands,
projections (rebuilds and HTTP reads), the verifiable log, the draw. Not tests."""
