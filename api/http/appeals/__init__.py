"""Appeal routes: file, accept or reject, decide."""
