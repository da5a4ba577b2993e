"""Property tests (hypothesis): laws that hold for any sequence of commands, e.g. incremental ==
rebuilt == folded, one folder per capability."""
