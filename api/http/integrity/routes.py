"""The verifiable log: public key, signed checkpoints, inclusion and consistency proofs, and a
subject's history with an inclusion proof per event. Everything here is public except signing
a checkpoint on demand and the proven history with the events' payloads (any role; the bytes of
an event that carries personal data only for the roles that may read it)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Response, status

from api.http.auth import (
    ALL_ROLES,
    allow,
    allow_command,
    public,
)
from api.http.common import subject_history_of
from api.http.deps import (
    ActorDep,
    ServicesDep,
)
from api.http.integrity.schemas import (
    CheckpointCreate,
    CheckpointPublic,
    CheckpointSigned,
    CheckpointsPublic,
    ConsistencyProofPublic,
    InclusionProofPublic,
    ProvenEvent,
    ProvenHistoryPublic,
    PublicKeyPublic,
)
from api.http.personal_data import (
    carries_personal_data,
    sees_personal_data,
    shown_to,
)
from api.http.problems import PROBLEM_RESPONSES
from api.services import Services
from domain.core.values import Actor
from projections.integrity.checkpoints import (
    Checkpoint,
    public_key_pem,
)
from projections.integrity.service import b64

router = APIRouter(prefix="/integrity", tags=["integrity"], responses=PROBLEM_RESPONSES)


def checkpoint_public(checkpoint: Checkpoint) -> CheckpointPublic:
    return CheckpointPublic(
        origin=checkpoint.origin,
        tree_size=checkpoint.tree_size,
        root=b64(checkpoint.root),
        note=checkpoint.note,
        created_at=checkpoint.created_at,
        last_position=checkpoint.last_position,
        requested_by=checkpoint.requested_by,
        reason=checkpoint.reason,
    )


def _maybe(checkpoint: Checkpoint | None) -> CheckpointPublic | None:
    return checkpoint_public(checkpoint) if checkpoint is not None else None


@router.get(
    "/public-key",
    response_model=PublicKeyPublic,
    summary="The key that signs checkpoints",
    **public(),
)
def public_key(services: ServicesDep) -> PublicKeyPublic:
    signer = services.integrity.signer
    return PublicKeyPublic(
        key_name=signer.origin,
        key_id=signer.key_id.hex(),
        verifier_key=signer.verifier_key,
        public_key=b64(signer.public_key),
        pem=public_key_pem(signer.key),
    )


@router.get(
    "/checkpoints/latest",
    response_model=CheckpointPublic,
    summary="The latest signed checkpoint",
    **public(),
)
def latest_checkpoint(services: ServicesDep) -> CheckpointPublic:
    return checkpoint_public(services.integrity.latest_checkpoint())


@router.get(
    "/checkpoints",
    response_model=CheckpointsPublic,
    summary="Signed checkpoints of at least `since` leaves, smallest first",
    **public(),
)
def checkpoints_since(
    services: ServicesDep,
    since: Annotated[int, Query(ge=0, le=2**62, description="smallest tree size")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> CheckpointsPublic:
    found = services.integrity.checkpoints.since(since, limit)
    return CheckpointsPublic(items=[checkpoint_public(c) for c in found])


@router.post(
    "/checkpoints",
    response_model=CheckpointSigned,
    status_code=status.HTTP_201_CREATED,
    summary="Seal the log and sign a checkpoint now (200 if the latest already covers it)",
    **allow_command("SignCheckpoint"),
)
def sign_checkpoint(
    body: CheckpointCreate, actor: ActorDep, services: ServicesDep, response: Response
) -> CheckpointSigned:
    checkpoint, created = services.integrity.checkpoint_now(actor.principal_id, body.reason)
    if not created:
        response.status_code = status.HTTP_200_OK
    return CheckpointSigned(**checkpoint_public(checkpoint).model_dump(), created=created)


@router.get(
    "/checkpoints/{tree_size}",
    response_model=CheckpointPublic,
    summary="The signed checkpoint of a tree size",
    **public(),
)
def checkpoint_at(
    tree_size: Annotated[int, Path(ge=0, le=2**62)], services: ServicesDep
) -> CheckpointPublic:
    return checkpoint_public(services.integrity.checkpoint_at(tree_size))


@router.get(
    "/proofs/inclusion",
    response_model=InclusionProofPublic,
    summary="Inclusion proof of the event at a log position in the tree of a given size",
    **public(),
)
def inclusion_proof(
    services: ServicesDep,
    position: Annotated[int, Query(ge=1, le=2**62, description="the event's log position")],
    size: Annotated[
        int | None, Query(ge=1, le=2**62, description="tree size; the latest checkpoint's")
    ] = None,
) -> InclusionProofPublic:
    proof = services.integrity.inclusion(position, size)
    return InclusionProofPublic(
        position=proof.leaf.position,
        subject=proof.leaf.subject,
        leaf_index=proof.leaf.index,
        tree_size=proof.tree_size,
        leaf_hash=b64(proof.leaf.leaf_hash),
        inclusion_path=[b64(p) for p in proof.path],
        root=b64(proof.root),
        checkpoint=_maybe(proof.checkpoint),
    )


@router.get(
    "/proofs/consistency",
    response_model=ConsistencyProofPublic,
    summary="Consistency proof: the tree of `first` leaves is a prefix of the tree of `second`",
    **public(),
)
def consistency_proof(
    services: ServicesDep,
    first: Annotated[int, Query(ge=0, le=2**62, description="the earlier tree size")],
    second: Annotated[
        int | None, Query(ge=0, le=2**62, description="the later size; the latest checkpoint's")
    ] = None,
) -> ConsistencyProofPublic:
    proof = services.integrity.consistency(first, second)
    return ConsistencyProofPublic(
        first=proof.first,
        second=proof.second,
        first_root=b64(proof.first_root),
        second_root=b64(proof.second_root),
        consistency_path=[b64(p) for p in proof.path],
        first_checkpoint=_maybe(proof.first_checkpoint),
        second_checkpoint=_maybe(proof.second_checkpoint),
    )


def _proven_history(
    services: Services, subject_id: UUID, checkpoint: int | None, reader: Actor | None
) -> ProvenHistoryPublic:
    """The subject's history with a proof per event; with a `reader` (a token), each event and
    its canonical bytes too, as that reader may see them: an event that carries personal data
    the reader may not read comes with its fields blanked and without its bytes (its leaf hash
    and inclusion path still prove it)."""
    integrity = services.integrity
    history = subject_history_of(services, subject_id, personal_data=True)
    signed = (
        integrity.latest_checkpoint() if checkpoint is None else integrity.checkpoint_at(checkpoint)
    )
    positions = [e.position for e in history.events if e.position is not None]
    proofs = integrity.prove_positions(positions, signed.tree_size)
    events = []
    for entry in history.events:
        proof = proofs.get(entry.position) if entry.position is not None else None
        proven = ProvenEvent(
            position=entry.position,
            leaf_index=proof.leaf.index if proof else None,
            leaf_hash=b64(proof.leaf.leaf_hash) if proof else None,
            inclusion_path=[b64(p) for p in proof.path] if proof else None,
        )
        if reader is not None:
            withheld = carries_personal_data(entry.payload) and not sees_personal_data(reader)
            proven.entry = entry.model_copy(update={"payload": shown_to(reader, entry.payload)})
            proven.leaf_input_withheld = withheld
            if proof is not None and not withheld:
                proven.leaf_input = b64(integrity.event_bytes(proof.leaf.position))
        events.append(proven)
    return ProvenHistoryPublic(id=subject_id, checkpoint=checkpoint_public(signed), events=events)


CheckpointQuery = Annotated[
    int | None,
    Query(ge=0, le=2**62, description="tree size of a signed checkpoint; the latest by default"),
]


@router.get(
    "/subjects/{subject_id}/history",
    response_model=ProvenHistoryPublic,
    summary="A subject's history as proofs: each event's leaf and inclusion path",
    description="The events of GET /organizations/{id}/history (and the like), each with its "
    "log position, leaf index, leaf hash and inclusion path in one signed checkpoint. Events "
    "sealed after that checkpoint come without a proof. The events themselves are at "
    "/history/payloads, for callers with a token.",
    **public(),
)
def proven_history(
    subject_id: UUID, services: ServicesDep, checkpoint: CheckpointQuery = None
) -> ProvenHistoryPublic:
    return _proven_history(services, subject_id, checkpoint, reader=None)


@router.get(
    "/subjects/{subject_id}/history/payloads",
    response_model=ProvenHistoryPublic,
    summary="A subject's history with proofs and the events themselves",
    description="As /history, plus each event (`entry`) and its canonical bytes "
    "(`leaf_input`, whose SHA-256 after a 0x00 byte is the leaf hash). An event that carries "
    "personal data (a complainant) comes with those fields blanked and without its bytes "
    "(`leaf_input_withheld`) unless the caller is a supervisor or an admin; its leaf hash and "
    "inclusion path still prove it.",
    **allow(*ALL_ROLES),
)
def proven_history_with_payloads(
    subject_id: UUID, services: ServicesDep, actor: ActorDep, checkpoint: CheckpointQuery = None
) -> ProvenHistoryPublic:
    return _proven_history(services, subject_id, checkpoint, reader=actor)
