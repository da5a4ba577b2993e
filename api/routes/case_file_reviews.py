from __future__ import annotations

from fastapi import APIRouter

from api.problems import PROBLEM_RESPONSES

router = APIRouter(
    prefix="/case-file-reviews", tags=["case_file_reviews"], responses=PROBLEM_RESPONSES
)
