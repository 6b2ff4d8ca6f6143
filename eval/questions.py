"""The eval question format (``eval/questions/{dev,test}.jsonl``), loaded and checked.

``dev`` is tuned on; ``test`` is written independently from the abstracts and only reported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

QUESTIONS_DIR = Path(__file__).parent / "questions"
DEFAULT_QUESTIONS = QUESTIONS_DIR / "dev.jsonl"
SPLITS = {"dev": QUESTIONS_DIR / "dev.jsonl", "test": QUESTIONS_DIR / "test.jsonl"}
# More dev topics for ``python -m eval modes`` (summaries, related work, tables), reported beside dev.
DEV_OVERVIEWS = QUESTIONS_DIR / "dev-overviews.jsonl"
Kind = Literal[
    "lookup", "paraphrase", "multi", "unanswerable", "followup", "switch", "summary", "related_work", "compare"
]


class Question(BaseModel):
    id: str
    kind: Kind
    q: str
    history: list[str] = Field(default_factory=list)
    gold_titles: list[str] = Field(default_factory=list)
    also_ok_titles: list[str] = Field(default_factory=list)
    must_contain: list[str] = Field(default_factory=list)
    notes: str = ""
    shape: str = Field("", description="for unanswerables: attribute, not_in_collection, off_topic or mixed")
    about: str = Field("", description="for related_work: the user's own work, in a paragraph")


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[Question]:
    """Every question of a JSONL file. Raises ValueError naming ``file:line`` on a bad one."""
    questions = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            questions.append(Question.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise ValueError(f"{path}:{lineno}: not a valid question: {exc}") from exc
    return questions
