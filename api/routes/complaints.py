from __future__ import annotations

from fastapi import APIRouter

from api.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/complaints", tags=["complaints"], responses=PROBLEM_RESPONSES)
