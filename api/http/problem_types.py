"""The problem types the API answers with, served by the API itself (public): a problem's
`type` (/problems/{rule} or /problems/{status}) resolves here to what the rule says, in English
and Chinese, and the status it comes with."""

from __future__ import annotations

import re

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.http.auth import public
from api.http.problems import (
    _TITLES,
    PROBLEM_RESPONSES,
    PROBLEM_TYPE,
    READ_AFTER_POSITION_ZH,
    TITLES_ZH,
    status_of,
)
from domain.core.errors import (
    EntityNotFoundError,
    LedgerError,
)


class ProblemTypePublic(BaseModel):
    type: str
    rule: str | None = Field(description="the rule's name; null for a plain HTTP status")
    status: int
    title: str = Field(description="what the rule says, in English")
    zh: str = Field(description="what the rule says, in Chinese")


class ProblemTypesPublic(BaseModel):
    items: list[ProblemTypePublic]


router = APIRouter(prefix="/problems", tags=["problems"], responses=PROBLEM_RESPONSES)


def _subclasses(cls: type[LedgerError]) -> list[type[LedgerError]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _sentence(name: str) -> str:
    """A rule's name as words: OnePersonOneOrganization -> one person one organization."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def catalogue() -> dict[str, ProblemTypePublic]:
    """Every rule a ledger error names (one entry per rule), every plain status, and the
    read-your-writes wait."""
    found: dict[str, ProblemTypePublic] = {}
    for error in [LedgerError, *_subclasses(LedgerError)]:
        rule = error.rule
        if rule in found:
            continue
        doc = (error.__doc__ or "").strip().splitlines()
        found[rule] = ProblemTypePublic(
            type=PROBLEM_TYPE + rule,
            rule=rule,
            status=status_of(error),
            title=doc[0] if doc and not doc[0].startswith(rule) else _sentence(rule),
            zh=error.zh,
        )
    found["ReadAfterPosition"] = ProblemTypePublic(
        type=PROBLEM_TYPE + "ReadAfterPosition",
        rule="ReadAfterPosition",
        status=503,
        title="the view had not reached the requested log position within the wait",
        zh=READ_AFTER_POSITION_ZH,
    )
    for status, title in _TITLES.items():
        found[str(status)] = ProblemTypePublic(
            type=PROBLEM_TYPE + str(status), rule=None, status=status, title=title,
            zh=TITLES_ZH[status],
        )  # fmt: skip
    return found


@router.get("", response_model=ProblemTypesPublic, summary="Every problem type", **public())
def problem_types() -> ProblemTypesPublic:
    return ProblemTypesPublic(items=list(catalogue().values()))


@router.get(
    "/{name}", response_model=ProblemTypePublic, summary="What a problem type means", **public()
)
def problem_type(name: str) -> ProblemTypePublic:
    found = catalogue().get(name)
    if found is None:
        raise EntityNotFoundError(name, "problem type")
    return found
