"""The verifiable log's routes: public key, checkpoints, proofs, proven histories."""
