"""Answer eval: what the writers say, checked against the eval set's gold papers and facts.

Per writer (extractive always; the LLM too when one is configured), through
:meth:`Assistant.ask`, the function the UI uses:
- citation validity: share of the writer's ``[n]`` that name a listed source, before
  verification removed the others (after it, 100% by construction);
- citation precision: share of cited papers that are gold or also-ok;
- key-fact recall: share of ``must_contain`` facts found verbatim in the answer;
- refusal rate on unanswerable questions, false-refusal rate on answerable ones;
- flagged-sentence rate: share of claim sentences with a verification flag.
"""

from __future__ import annotations

import re
from statistics import mean
from typing import Any

from assistant.ask import Assistant
from assistant.types import Answer
from eval.questions import Question

ANSWER_METRICS = (
    "citation_validity",
    "citation_precision",
    "key_fact_recall",
    "refusal_rate",
    "false_refusal_rate",
    "flagged_rate",
)


def _validity(answer: Answer) -> float | None:
    raw = answer.rejected or answer
    valid = len(re.findall(r"\[(\d+)\]", raw.answer))
    total = valid + len(raw.invalid_citations)
    return valid / total if total else None


def score_answer(answer: Answer, q: Question) -> dict[str, float | None]:
    """The metrics of one answer (None where a metric does not apply)."""
    ok = set(q.gold_titles) | set(q.also_ok_titles)
    cited = [c.title for c in answer.citations]
    claims = [c for c in answer.sentences if c.claim]
    answerable = q.kind != "unanswerable"
    return {
        "citation_validity": _validity(answer),
        "citation_precision": (sum(t in ok for t in cited) / len(cited)) if cited and answerable else None,
        "key_fact_recall": (
            sum(f in answer.answer for f in q.must_contain) / len(q.must_contain) if q.must_contain else None
        ),
        "refusal_rate": None if answerable else float(not answer.covered),
        "false_refusal_rate": float(not answer.covered) if answerable else None,
        "flagged_rate": (sum(bool(c.flags) for c in claims) / len(claims)) if claims else None,
    }


def run_answers(bot: Assistant, questions: list[Question]) -> dict[str, Any]:
    """``{"writer": name, "overall": {metric: value}, "by_kind": {kind: {metric: value}}}``."""
    rows: list[tuple[str, dict[str, float | None]]] = []
    for q in questions:
        rows.append((q.kind, score_answer(bot.ask(q.q, q.history), q)))

    def average(selected: list[dict[str, float | None]]) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for m in ANSWER_METRICS:
            values = [r[m] for r in selected if r[m] is not None]
            out[m] = mean(values) if values else None
        return out

    kinds = sorted({k for k, _ in rows})
    return {
        "writer": bot.writer.name,
        "questions": len(questions),
        "overall": average([r for _, r in rows]),
        "by_kind": {k: average([r for kind, r in rows if kind == k]) for k in kinds},
    }


def format_answers_table(report: dict[str, Any]) -> str:
    """Plain-text table: one row per question kind, then ALL."""
    head = f"{'kind':<13}" + "".join(
        f"{m.replace('_rate', '').replace('_', ' '):>19}" for m in ANSWER_METRICS
    )
    lines = [f"writer: {report['writer']}", head]
    for kind, row in list(report["by_kind"].items()) + [("ALL", report["overall"])]:
        cells = "".join(f"{'-' if row[m] is None else f'{row[m]:.3f}':>19}" for m in ANSWER_METRICS)
        lines.append(f"{kind:<13}{cells}")
    return "\n".join(lines)
