"""Who may act: bearer tokens as ledger records (issued, rotated, revoked; only a hash of
the secret is stored), with their validity."""
