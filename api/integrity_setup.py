"""From settings to what the integrity service needs: the checkpoint signing key (loaded, or
generated and stored on first run) and the checkpoint policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.settings import Settings
from projections.integrity.checkpoints import (
    CheckpointPolicy,
    load_or_create_signing_key,
    raw_public_key,
)
from projections.integrity.proofs import verifier_key


def checkpoint_policy(settings: Settings) -> CheckpointPolicy:
    return CheckpointPolicy(
        origin=settings.log_origin,
        every_events=settings.checkpoint_every_events,
        every_seconds=settings.checkpoint_every_seconds,
    )


def integrity_options(
    settings: Settings, announce: Callable[[str], Any], *, create_key: bool = True
) -> dict[str, Any]:
    """Keyword arguments for `open_services`. A newly generated key is announced once, with
    where it is and what to do about it. Without `create_key` (read-only commands) a missing
    key file is left missing: the services get an ephemeral key, and sign nothing."""
    if not create_key and not settings.signing_key_file.expanduser().exists():
        return {"checkpoint_policy": checkpoint_policy(settings)}
    key, created = load_or_create_signing_key(settings.signing_key_file)
    if created:
        announce(
            f"Generated a new checkpoint signing key in {settings.signing_key_file} (Ed25519). "
            "Keep the file secret and back it up: checkpoints signed with it can be checked only "
            "with its public key, which is "
            f"{verifier_key(settings.log_origin, raw_public_key(key))} "
            "(also served at /integrity/public-key)."
        )
    return {"signing_key": key, "checkpoint_policy": checkpoint_policy(settings)}
