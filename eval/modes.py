"""Overview eval: which papers summaries, related-work drafts and comparison tables cite.

Per question of kind ``summary``, ``related_work`` or ``compare``, through
:meth:`Assistant.overview_stream` (what the UI and CLI call):
- coverage: share of the gold papers cited;
- citation precision: share of cited papers that are gold or also-ok;
- citation validity: share of the writer's ``[n]`` naming a listed source;
- flagged rate: share of claim sentences (table cells) with a verification flag.

The JSON report lists per question the gold papers ``missed`` and the ``extra`` ones cited (neither
gold nor also-ok).

``python -m eval modes --split dev`` and ``--questions eval/questions/dev-overviews.jsonl``
(12 more overview topics, gold written from the abstracts; both tuned on) and ``--split test``
(reported only) print the same table; with ``--split dev`` also "cells found", the cell
accuracy of the dev comparison tables (:mod:`eval.cells`).
"""

from __future__ import annotations

from statistics import mean
from typing import Any

from assistant.ask import Assistant
from assistant.overview_topic import about_from_request
from eval.answers import score_answer
from eval.questions import Question

MODES = ("summary", "related_work", "compare")
MODE_METRICS = ("coverage", "citation_validity", "citation_precision", "flagged_rate")


def split_request(q: Question) -> tuple[str, str]:
    """``(topic, about)``: the question's own ``about`` paragraph, else the work a related-work
    request names ("..., for a paper that Y" → Y). The topic stays the whole request."""
    if q.about:
        return q.q, q.about
    return q.q, about_from_request(q.q) if q.kind == "related_work" else ""


def run_modes(bot: Assistant, questions: list[Question]) -> dict[str, Any]:
    """``{"writer", "by_kind": {kind: {metric: value, "n": count}}, "per_question": [...]}``."""
    per_question = []
    for q in questions:
        if q.kind not in MODES:
            continue
        topic, about = split_request(q)
        *_, answer = bot.overview_stream(q.kind, topic, about)  # type: ignore[arg-type]
        scores = score_answer(answer, q)
        cited = {c.title for c in answer.citations}
        scores["coverage"] = len(cited & set(q.gold_titles)) / len(q.gold_titles) if q.gold_titles else None
        per_question.append(
            {
                "id": q.id,
                "kind": q.kind,
                **{m: scores[m] for m in MODE_METRICS},
                "cited": len(cited),
                "missed": sorted(set(q.gold_titles) - cited),
                # cited papers neither gold nor also-ok: what costs citation precision
                "extra": sorted(cited - set(q.gold_titles) - set(q.also_ok_titles)),
            }
        )
    by_kind = {}
    for kind in MODES:
        rows = [r for r in per_question if r["kind"] == kind]
        if not rows:
            continue
        by_kind[kind] = {
            m: mean(r[m] for r in rows if r[m] is not None) if any(r[m] is not None for r in rows) else None
            for m in MODE_METRICS
        } | {"n": len(rows)}
    return {
        "writer": bot.writer.name,
        "questions": len(per_question),
        "by_kind": by_kind,
        "per_question": per_question,
    }


def format_modes_table(report: dict[str, Any], misses: bool = True) -> str:
    """Plain-text table: one row per mode, then (with ``misses``; never for the test split, which
    is not read while tuning) the gold papers each question missed."""
    lines = [
        f"writer: {report['writer']}",
        f"{'mode':<14}{'n':>3}" + "".join(f"{m:>20}" for m in MODE_METRICS),
    ]
    for kind, row in report["by_kind"].items():
        cells = "".join(f"{'-' if row[m] is None else f'{row[m]:.3f}':>20}" for m in MODE_METRICS)
        lines.append(f"{kind:<14}{row['n']:>3}{cells}")
    for r in report["per_question"] if misses else []:
        if r["missed"]:
            lines.append(f"  {r['id']}: missed " + "; ".join(t[:50] for t in r["missed"]))
    return "\n".join(lines)
