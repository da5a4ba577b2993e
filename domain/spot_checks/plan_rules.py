"""The rules of a spot-check plan, as checks on its recorded state (the aggregate in plan.py
inherits them): steps in order and in date order, four eyes, a fresh seed commitment per round
and the reveal that matches it, and a plan that draws something."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from domain.core.errors import ProposerCannotApproveError
from domain.core.values import (
    EventMeta,
)
from domain.spot_checks.errors import (
    CommitmentReusedError,
    RevealMismatchError,
    SpotCheckDrawsNothingError,
    SpotCheckPlanInvalidError,
    SpotCheckStageError,
)
from domain.spot_checks.pools import (
    TierCount,
)
from domain.spot_checks.rounds import (
    COMMITMENT_PATTERN,
    REVEAL_PATTERN,
    DrawRound,
    PlanStatus,
)
from domain.spot_checks.seed import commitment_of


class SpotCheckPlanRules:
    """The checks a spot-check plan's commands run before they record anything."""

    # The recorded state the rules read (set by the aggregate's events).
    approved_by: str | None
    commitments: tuple[str, ...]
    rounds: list[DrawRound]
    last_step_on: date

    @property
    def current(self) -> DrawRound | None:
        """The latest round, unless it was voided."""
        if self.rounds and not self.rounds[-1].voided:
            return self.rounds[-1]
        return None

    @property
    def status(self) -> PlanStatus:
        if self.approved_by is None:
            return PlanStatus.PROPOSED
        current = self.current
        if current is None:
            return PlanStatus.APPROVED
        if current.void_requested_by is not None:
            return PlanStatus.VOID_REQUESTED
        return PlanStatus.DRAWN if current.outcome is not None else PlanStatus.FROZEN

    def drawn_round(self) -> DrawRound:
        self.check_status(PlanStatus.DRAWN, "act on the draw")
        assert self.current is not None
        return self.current

    def check_status(self, required: PlanStatus, action: str) -> None:
        if self.status is not required:
            raise SpotCheckStageError(
                f"cannot {action}: the plan is {self.status.value}, not {required.value}",
                status=self.status.value,
                required=required.value,
            )

    def check_step_date(self, meta: EventMeta) -> None:
        if meta.effective_on < self.last_step_on:
            raise SpotCheckStageError(
                f"effective_on {meta.effective_on} is before the previous step "
                f"({self.last_step_on})",
                effective_on=str(meta.effective_on),
                previous_step_on=str(self.last_step_on),
            )

    @staticmethod
    def check_not_same_person(meta: EventMeta, first: str, did: str) -> None:
        """ProposerCannotApprove (four eyes)."""
        if meta.actor.principal_id == first:
            raise ProposerCannotApproveError(
                f"{first} {did} and cannot also approve it", proposer=first
            )

    @staticmethod
    def check_draws_something(counts: Sequence[TierCount], verb: str) -> None:
        """PlanDrawsSomething: a plan whose quotas take no target from its pools is refused
        before approval (and again at the freeze, from the frozen pools), naming the tiers."""
        if any(c.drawn for c in counts):
            return
        tiers = ", ".join(
            f"{c.tier} 0 of {c.eligible} eligible"
            + (f", {c.at_cap} at the yearly cap" if c.at_cap else "")
            for c in counts
        )
        raise SpotCheckDrawsNothingError(
            f"this plan {verb} no target ({tiers}): change its quotas (a ratio or a count per "
            "tier) or its scope",
            tiers={c.tier: c.model_dump() for c in counts},
        )

    def check_fresh_commitment(self, commitment: str) -> None:
        """FreshCommitmentPerRound: a revealed value is public, so it never seeds again."""
        if not re.fullmatch(COMMITMENT_PATTERN, commitment):
            raise SpotCheckPlanInvalidError(
                "a seed commitment is a lowercase hex SHA-256 (64 characters)",
                field="seed_commitment",
            )
        if commitment in self.commitments:
            raise CommitmentReusedError("this seed commitment was already used for this plan")

    @staticmethod
    def check_reveal(reveal: str, commitment: str) -> None:
        """RevealMatchesCommitment."""
        if not re.fullmatch(REVEAL_PATTERN, reveal):
            raise SpotCheckPlanInvalidError(
                "the revealed value is 16 to 64 bytes in lowercase hex", field="reveal"
            )
        if commitment_of(bytes.fromhex(reveal)) != commitment:
            raise RevealMismatchError(
                "SHA-256 of the revealed value is not the commitment recorded at approval",
                commitment=commitment,
            )
