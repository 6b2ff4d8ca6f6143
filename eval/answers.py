"""Answer eval: what the writers say, checked against the eval set's gold papers and facts.

Per writer (extractive always; the LLM too when one is configured), through
:meth:`Assistant.ask`, the function the UI uses:
- citation validity: share of the writer's ``[n]`` that name a listed source, before
  verification removed the others (after it, 100% by construction);
- citation precision: share of cited papers that are gold or also-ok;
- key-fact recall: share of ``must_contain`` facts found verbatim in the answer;
- refusal rate on unanswerable questions, and the share refused *or* answered with
  the missing part named as a gap (``Answer.gaps``); false-refusal rate on answerable
  ones, and the share of answerable ones that got a gap anyway (spurious gaps);
- flagged-sentence rate: share of claim sentences with a verification flag;
- relevance: mean answer relevance (``Answer.relevance``) of answered questions.
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
    "refused_or_gap_rate",
    "false_refusal_rate",
    "spurious_gap_rate",
    "flagged_rate",
    "relevance",
)


def _validity(answer: Answer) -> float | None:
    raw = answer.rejected or answer
    valid = len(re.findall(r"(?<!\\)\[(\d+)\]", raw.answer))
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
        "refused_or_gap_rate": None if answerable else float(not answer.covered or bool(answer.gaps)),
        "false_refusal_rate": float(not answer.covered) if answerable else None,
        "spurious_gap_rate": float(answer.covered and bool(answer.gaps)) if answerable else None,
        "flagged_rate": (sum(bool(c.flags) for c in claims) / len(claims)) if claims else None,
        "relevance": answer.relevance if answer.covered else None,
    }


def run_answers(bot: Assistant, questions: list[Question]) -> dict[str, Any]:
    """``{"writer": name, "overall": {metric: value}, "by_kind": {kind: {metric: value}},
    "by_shape": {unanswerable shape: {metric: value}}, "per_question": [...]}``.

    ``history`` holds earlier questions only; their papers are found again as in a chat
    (:meth:`Assistant.replay`).
    """
    rows: list[tuple[str, dict[str, float | None]]] = []
    shapes: list[tuple[str, dict[str, float | None]]] = []
    per_question = []
    for q in questions:
        answer = bot.ask(q.q, q.history)
        scores = score_answer(answer, q)
        rows.append((q.kind, scores))
        if q.kind == "unanswerable":
            shapes.append((q.shape or "unknown", scores))
        per_question.append(
            {
                "id": q.id,
                "kind": q.kind,
                **scores,
                "gaps": answer.gaps,
                "covered": answer.covered,
                # how much is quoted: [n] markers after a quote, not after a title (a new user saw 7
                # of an abstract's 10 sentences quoted)
                "quoted": len(re.findall(r"(?<![\\*]) \[\d+\]", answer.answer)),
            }
        )

    def average(selected: list[dict[str, float | None]]) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for m in ANSWER_METRICS:
            values = [r[m] for r in selected if r[m] is not None]
            out[m] = mean(values) if values else None
        return out

    kinds = sorted({k for k, _ in rows})
    report = {
        "writer": bot.writer.name,
        "questions": len(questions),
        "overall": average([r for _, r in rows]),
        "by_kind": {k: average([r for kind, r in rows if kind == k]) for k in kinds},
        "by_shape": {
            k: average([r for shape, r in shapes if shape == k]) for k in sorted({k for k, _ in shapes})
        },
        "per_question": per_question,
    }
    report["overall"]["key_fact_recall_lookup_paraphrase"] = lookup_paraphrase_recall(report)
    return report


_SHORT = {
    "citation_validity": "validity",
    "citation_precision": "precision",
    "key_fact_recall": "key facts",
    "refusal_rate": "refused",
    "refused_or_gap_rate": "refused|gap",
    "false_refusal_rate": "false refusal",
    "spurious_gap_rate": "spurious gap",
    "flagged_rate": "flagged",
    "relevance": "relevance",
}


def format_answers_table(report: dict[str, Any]) -> str:
    """Plain-text table: one row per question kind, then ALL, then unanswerables by shape."""
    head = f"{'kind':<17}" + "".join(f"{_SHORT[m]:>14}" for m in ANSWER_METRICS)
    lines = [f"writer: {report['writer']}", head]
    rows = list(report["by_kind"].items()) + [("ALL", report["overall"])]
    rows += [(f"unans:{k}", v) for k, v in report.get("by_shape", {}).items()]
    for kind, row in rows:
        cells = "".join(f"{'-' if row[m] is None else f'{row[m]:.3f}':>14}" for m in ANSWER_METRICS)
        lines.append(f"{kind:<17}{cells}")
    return "\n".join(lines)


def side_by_side(reports: dict[str, dict[str, Any]], rows: list[tuple[str, str]]) -> str:
    """``metric  dev  test`` for selected ``(label, "section.key.metric")`` paths of each split's report."""
    names = list(reports)
    width = max(10, *(len(n) + 2 for n in names))  # "dev-overviews" ran into "dev"
    lines = [f"{'':<44}" + "".join(f"{n:>{width}}" for n in names)]
    for label, path in rows:
        cells = []
        for name in names:
            value: Any = reports[name]
            for key in path.split("."):
                value = value.get(key) if isinstance(value, dict) else None
            cells.append(f"{'-' if value is None else f'{value:.3f}':>{width}}")
        lines.append(f"{label:<44}" + "".join(cells))
    return "\n".join(lines)


ANSWER_SUMMARY = [
    ("citation validity", "overall.citation_validity"),
    ("citation precision", "overall.citation_precision"),
    ("key-fact recall, lookups", "by_kind.lookup.key_fact_recall"),
    ("key-fact recall, paraphrases", "by_kind.paraphrase.key_fact_recall"),
    ("key-fact recall, follow-ups", "by_kind.followup.key_fact_recall"),
    ("key-fact recall, lookups+paraphrases", "overall.key_fact_recall_lookup_paraphrase"),
    ("key-fact recall, all", "overall.key_fact_recall"),
    ("unanswerables refused", "overall.refusal_rate"),
    ("unanswerables refused or gap named", "overall.refused_or_gap_rate"),
    ("false refusals (answerable)", "overall.false_refusal_rate"),
    ("answerable with a gap anyway", "overall.spurious_gap_rate"),
    ("flagged sentences", "overall.flagged_rate"),
    ("answer relevance (answered)", "overall.relevance"),
]


def lookup_paraphrase_recall(report: dict[str, Any]) -> float | None:
    """Key-fact recall over lookups and paraphrases together (question-weighted)."""
    rows = [r for r in report["per_question"] if r["kind"] in ("lookup", "paraphrase")]
    values = [r["key_fact_recall"] for r in rows if r["key_fact_recall"] is not None]
    return mean(values) if values else None
