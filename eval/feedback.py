"""``python -m eval feedback [--drafts FILE]``: list the answers' ratings; 👎 ones become draft questions.

A draft is a line of the eval question format (eval/questions.py) with the question and its
history, the gold fields left empty for a person to fill in from the abstracts, and the
rating's comment and the answer's sources in ``notes``. This is how real questions reach
the test split: a person checks each draft before adding it there.
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.feedback import Feedback, FeedbackStore, feedback_path
from assistant.settings import Settings
from eval.questions import Question

# Feedback mode -> eval question kind; an ask with earlier turns is a follow-up.
KINDS = {"summary": "summary", "related_work": "related_work", "compare": "compare"}


def draft_question(item: Feedback) -> Question:
    """The eval question a 👎 rating proposes (gold fields empty)."""
    kind = KINDS.get(item.mode, "followup" if item.history else "lookup")
    cited = "; ".join(s["title"] for s in item.sources if s.get("cited")) or "none"
    notes = f"DRAFT from 👎 feedback #{item.id} ({item.created}). Comment: {item.comment or '(none)'}. " + (
        f"The rated answer cited: {cited}. Fill gold_titles/must_contain from the abstracts, or mark it "
        "unanswerable with a shape."
    )
    return Question(id=f"feedback-{item.id:04d}", kind=kind, q=item.question, history=item.history, notes=notes)


def format_feedback(items: list[Feedback]) -> str:
    """One block per rating: id, 👍/👎, when, mode, question, comment, cited titles."""
    if not items:
        return "No feedback yet."
    lines = []
    for item in items:
        thumb = "👍" if item.rating > 0 else "👎"
        lines.append(f"#{item.id} {thumb} {item.created} [{item.mode}] {item.question}")
        if item.comment:
            lines.append(f"    comment: {item.comment}")
        cited = [s["title"] for s in item.sources if s.get("cited")]
        if cited:
            lines.append("    cited: " + "; ".join(cited))
    up = sum(i.rating > 0 for i in items)
    lines.append(f"\n{len(items)} ratings: {up} 👍, {len(items) - up} 👎")
    return "\n".join(lines)


def run_feedback(settings: Settings, drafts: Path | None = None, as_json: bool = False) -> str:
    """The listing (or JSON) of the stored feedback; with ``drafts``, also write the 👎 ones there."""
    store = FeedbackStore(feedback_path(settings))
    items = store.all()
    out = json.dumps([i.model_dump() for i in items], indent=2, ensure_ascii=False) if as_json else (
        f"{store.path}\n" + format_feedback(items)
    )
    if drafts is not None:
        down = [draft_question(i) for i in items if i.rating < 0]
        drafts.parent.mkdir(parents=True, exist_ok=True)
        drafts.write_text(
            "".join(json.dumps(q.model_dump(), ensure_ascii=False) + "\n" for q in down), encoding="utf-8"
        )
        if not as_json:
            out += f"\nwrote {len(down)} draft questions to {drafts}"
    return out
