"""Notarization routes: matters, assistance arrangements, imports and the detectors."""
