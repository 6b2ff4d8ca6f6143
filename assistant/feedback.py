"""👍/👎 feedback on answers, with the question, the answer, its sources and the settings, in SQLite.

The file is ``settings.feedback_path``, by default ``feedback.sqlite3`` in the store folder
(beside Chroma's files; with a Chroma server, in the working directory). It and its table
are created on the first rating. ``python -m eval feedback`` lists the ratings and turns
the 👎 ones into draft eval questions (eval/feedback.py).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.settings import Settings
from assistant.types import Answer, repaired

FILENAME = "feedback.sqlite3"
SCHEMA = """CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    rating INTEGER NOT NULL,          -- +1 thumbs up, -1 thumbs down
    comment TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL,               -- ask, summary, related_work, compare
    question TEXT NOT NULL,
    history TEXT NOT NULL,            -- JSON list of the earlier questions, oldest first
    answer TEXT NOT NULL,
    sources TEXT NOT NULL,            -- JSON list of {n, paper_id, title, cited}
    settings TEXT NOT NULL            -- JSON object: top-k, filters, writer, model, ...
)"""


class Feedback(BaseModel):
    """One rating of one answer, as stored."""

    id: int
    created: str = Field(description="UTC time, ISO 8601")
    rating: int = Field(description="+1 (👍) or -1 (👎)")
    comment: str = ""
    mode: str = "ask"
    question: str
    history: list[str] = Field(default_factory=list)
    answer: str
    sources: list[dict[str, Any]] = Field(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict)


def feedback_path(settings: Settings) -> Path:
    """Where the feedback file is for these settings (see the module docstring)."""
    if settings.feedback_path is not None:
        return settings.feedback_path
    return Path.cwd() / FILENAME if settings.chroma_host else settings.store / FILENAME


# A comment longer than this (a paste of a whole conversation into the comment box) is cut:
# a rating's comment is a remark, and every row is read back by `eval feedback`.
MAX_COMMENT_CHARS = 5000


def _comment(text: str) -> str:
    """A comment as stored: lone surrogates repaired (SQLite cannot encode them), cut to
    :data:`MAX_COMMENT_CHARS` characters."""
    return repaired(text).strip()[:MAX_COMMENT_CHARS]


class FeedbackStore:
    """The feedback file. Thread-safe: one short connection per call, writes serialised.

    Args:
        path: the SQLite file; it (and its folder) is created on the first :meth:`add`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute(SCHEMA)
        return connection

    def add(
        self,
        answer: Answer,
        rating: int,
        *,
        history: list[str] | None = None,
        settings: dict[str, Any] | None = None,
        comment: str = "",
    ) -> int:
        """Store a rating (+1 or -1) of ``answer``; returns its id.

        Raises:
            ValueError: ``rating`` is not +1 or -1.
        """
        if rating not in (1, -1):
            raise ValueError(f"rating must be +1 or -1, not {rating!r}")
        cited = {c.n for c in answer.citations}
        sources = [
            {"n": s.n, "paper_id": s.paper_id, "title": s.title, "cited": s.n in cited} for s in answer.sources
        ]
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            rating,
            _comment(comment),
            answer.mode,
            answer.question,
            json.dumps(history or [], ensure_ascii=False),
            answer.answer,
            json.dumps(sources, ensure_ascii=False),
            json.dumps(settings or {}, ensure_ascii=False, default=str),
        )
        # Text the user typed may carry lone surrogates (JSON's "\ud800" through the app).
        row = tuple(repaired(v) if isinstance(v, str) else v for v in row)
        with self._lock, closing(self._connect()) as db, db:
            cursor = db.execute(
                "INSERT INTO feedback (created, rating, comment, mode, question, history, answer, sources, "
                "settings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid or 0)

    def set_comment(self, feedback_id: int, comment: str) -> str:
        """Attach (or replace) the comment of a stored rating; returns it as stored (lone
        surrogates repaired, cut to :data:`MAX_COMMENT_CHARS` characters)."""
        stored = _comment(comment)
        with self._lock, closing(self._connect()) as db, db:
            db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (stored, feedback_id))
        return stored

    def all(self, rating: int | None = None) -> list[Feedback]:
        """Every stored rating, oldest first (only ``rating``'s when given); [] when no file yet."""
        if not self.path.exists():
            return []
        query = "SELECT id, created, rating, comment, mode, question, history, answer, sources, settings FROM feedback"
        params: tuple = ()
        if rating is not None:
            query += " WHERE rating = ?"
            params = (rating,)
        with closing(self._connect()) as db:
            rows = db.execute(query + " ORDER BY id", params).fetchall()
        keys = ("id", "created", "rating", "comment", "mode", "question", "history", "answer", "sources", "settings")
        out = []
        for row in rows:
            record = dict(zip(keys, row, strict=True))
            for key in ("history", "sources", "settings"):
                record[key] = json.loads(record[key])
            out.append(Feedback(**record))
        return out
