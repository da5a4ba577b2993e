"""Models of the verifiable log's routes. Hashes are standard base64, as in checkpoints."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.http.schemas import HistoryEntry


class PublicKeyPublic(BaseModel):
    key_name: str = Field(description="the signed-note key name (the log origin)")
    key_id: str = Field(description="hex of the 4-byte signed-note key id")
    verifier_key: str = Field(
        description="name+keyid+base64(0x01||key): give it to `ledger verify-proof --public-key`"
    )
    public_key: str = Field(description="the raw 32-byte Ed25519 public key, base64")
    pem: str = Field(description="the same key as a PEM SubjectPublicKeyInfo")


class CheckpointCreate(BaseModel):
    """Sign a checkpoint now (e.g. for the daily publication); not a ledger event, so it takes
    a reason but no effective date or command id."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"reason": "每日公布检查点"}]},
    )

    reason: str = Field(min_length=1, max_length=2000, description="why it is signed now")


class CheckpointPublic(BaseModel):
    origin: str
    tree_size: int
    root: str = Field(description="base64 of the RFC 9162 root hash")
    note: str = Field(description="the C2SP signed note, verbatim: what to store and compare")
    created_at: datetime
    last_position: int = Field(description="log position of the last event it covers")
    requested_by: str | None = Field(description="who asked for it; null when signed as due")
    reason: str | None


class CheckpointsPublic(BaseModel):
    items: list[CheckpointPublic]


class CheckpointSigned(CheckpointPublic):
    created: bool = Field(description="false when the latest checkpoint already covered the log")


class InclusionProofPublic(BaseModel):
    position: int = Field(description="the event's log position")
    subject: UUID = Field(description="the event's originator (the record it belongs to)")
    leaf_index: int
    tree_size: int
    leaf_hash: str
    inclusion_path: list[str] = Field(description="RFC 9162 inclusion path, leaf side first")
    root: str = Field(description="the root the path leads to, for this tree size")
    checkpoint: CheckpointPublic | None = Field(
        description="the signed checkpoint of this tree size, if one was signed"
    )


class ConsistencyProofPublic(BaseModel):
    first: int
    second: int
    first_root: str
    second_root: str
    consistency_path: list[str] = Field(description="RFC 9162 consistency proof")
    first_checkpoint: CheckpointPublic | None
    second_checkpoint: CheckpointPublic | None


class ProvenEvent(BaseModel):
    position: int | None
    leaf_index: int | None = Field(description="null when sealed after the checkpoint")
    leaf_hash: str | None
    inclusion_path: list[str] | None
    entry: HistoryEntry | None = Field(
        default=None, description="the event itself (/history/payloads only)"
    )
    leaf_input: str | None = Field(
        default=None,
        description="base64 of the event's canonical bytes (SHA-256(0x00||them) is the leaf "
        "hash) (/history/payloads only)",
    )
    leaf_input_withheld: bool = Field(
        default=False,
        description="true when the event carries personal data the caller may not read: its "
        "bytes are left out, its leaf hash and inclusion path still prove it",
    )


class ProvenHistoryPublic(BaseModel):
    id: UUID
    checkpoint: CheckpointPublic
    events: list[ProvenEvent]
