"""Compliance profiles (合规档案): the pure fold of a subject's events, its handlers per event
kind, the rendering (with the risk tier), and the stored view; as-of on two time axes."""
