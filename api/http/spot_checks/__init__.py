"""Spot-check routes (双随机): plans, approval, freeze, draw, recusals, voids, verification;
actions.py holds what both these routes and `ledger draw` run."""
