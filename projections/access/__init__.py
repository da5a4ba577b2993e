"""Tokens as read: the tokens view, for the admin's list (only a hash of each secret is ever
stored)."""
