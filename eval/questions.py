"""The eval question format (``eval/questions/{dev,test}.jsonl``), loaded and checked.

``dev`` is tuned on; ``test`` is written independently from the abstracts and only reported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from assistant.types import has_words

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
    """Every question of a JSONL file (one JSON object a line; blank lines skipped).

    Raises ValueError naming the file, and ``file:line`` plus the field for a bad question:
    a missing file, a directory, bytes that are not UTF-8, a line that is not JSON, an unknown
    ``kind``, a missing or mistyped field, a ``q`` with no words, or a file with no question."""
    if path.is_dir():
        raise ValueError(f"{path}: is a directory, not a question file (JSONL, one question a line)")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    questions = []
    for lineno, raw in enumerate(data.splitlines(), start=1):
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            where = f"byte {raw[exc.start]:#04x} at column {exc.start + 1}"
            raise ValueError(f"{path}:{lineno}: not UTF-8 ({where})") from None
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{lineno}: not JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(record, dict):
            what = type(record).__name__
            raise ValueError(f"{path}:{lineno}: a question is a JSON object, not {what}")
        try:
            question = Question.model_validate(record)
        except ValidationError as exc:
            raise ValueError(f"{path}:{lineno}: {_reasons(exc)}") from None
        if not has_words(question.q):
            raise ValueError(f"{path}:{lineno}: field 'q' has no words ({question.q!r})")
        questions.append(question)
    if not questions:
        raise ValueError(f"{path}: no questions in it (JSONL, one question object a line)")
    return questions


def _reasons(exc: ValidationError) -> str:
    """pydantic's errors, one short clause each: ``field 'kind': Input should be 'lookup', ... (got 'weird')``."""
    reasons = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"])
        got = "" if error["type"] == "missing" else f" (got {error['input']!r:.60})"
        reasons.append(f"field {field!r}: {error['msg']}{got}")
    return "; ".join(reasons)
