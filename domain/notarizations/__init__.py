"""Notarization matters (公证事项): certificate approval before issuance, handling and
approving notaries, assistance between offices, review (复查), and records imported from an
office's own system with the detectors of wrong and missed issuance."""
