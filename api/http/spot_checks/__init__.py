"""Spot-check routes (双随机): plans, approval, freeze, draw, recusals, voids, verification."""
