"""The verifiable log: RFC 9162 Merkle sealing of the stored events, signed C2SP checkpoints,
inclusion and consistency proofs (proofs.py checks them offline, alone), and `ledger verify`."""
