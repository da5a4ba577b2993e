"""Spot checks as read: the plans view, what a draw takes from the record (the two pools
computed at the freeze), and the re-verification of every recorded draw."""
