"""Retrieval eval: recall@1/5/10, MRR and nDCG@10 per question kind, per retriever.

Runs BM25 alone, dense alone and hybrid (RRF) through :meth:`Assistant.retrieve`,
the function the UI uses, in one process on one store. Also measures the
relevance gate on answerable vs. unanswerable questions.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean
from typing import Any

from assistant.ask import Assistant
from eval.metrics import mrr, ndcg_at_k, recall_at_k
from eval.questions import Question

# Retrievers compared: name -> (mode, fusion). "hybrid" uses the configured fusion.
MODES = ("bm25", "dense", "hybrid")
FUSIONS = ("relative", "llama-rrf", "llama-relative", "llama-dist")
METRICS = ("recall@1", "recall@5", "recall@10", "mrr", "ndcg@10")
DEPTH = 10
RETRIEVAL_SUMMARY = [(f"hybrid {m}", f"overall.hybrid.{m}") for m in METRICS] + [
    ("hybrid recall@5, lookups", "by_kind.hybrid.lookup.recall@5"),
    ("hybrid recall@5, paraphrases", "by_kind.hybrid.paraphrase.recall@5"),
    ("hybrid recall@5, follow-ups", "by_kind.hybrid.followup.recall@5"),
    ("hybrid recall@5, topic switches", "by_kind.hybrid.switch.recall@5"),
    ("gate: false refusal", "gate.false_refusal"),
    ("gate: false answer", "gate.false_answer"),
]


def score_ranking(ranking: list[str], q: Question) -> dict[str, float]:
    gold, ok = set(q.gold_titles), set(q.also_ok_titles)
    return {
        "recall@1": recall_at_k(ranking, gold, 1, ok),
        "recall@5": recall_at_k(ranking, gold, 5, ok),
        "recall@10": recall_at_k(ranking, gold, 10, ok),
        "mrr": mrr(ranking, gold, ok),
        "ndcg@10": ndcg_at_k(ranking, gold, 10, ok),
    }


def gate_rates(best: list[tuple[bool, float]], threshold: float) -> dict[str, float]:
    """False-refusal rate on answerable and false-answer rate on unanswerable questions."""
    answerable = [s for a, s in best if a]
    unanswerable = [s for a, s in best if not a]
    return {
        "threshold": threshold,
        "false_refusal": mean(s < threshold for s in answerable) if answerable else 0.0,
        "false_answer": mean(s >= threshold for s in unanswerable) if unanswerable else 0.0,
    }


def run_retrieval(bot: Assistant, questions: list[Question], fusions: bool = False) -> dict[str, Any]:
    """The full report: ``{"by_kind": {name: {kind: {metric: value}}}, "overall": ..., "gate": ...}``.

    With ``fusions``, hybrid is also run with every other fusion (rows "hybrid:<fusion>").
    Follow-ups are also run without their history, to measure what condensing adds.
    """
    runs: dict[str, tuple[str, str | None]] = {m: (m, None) for m in MODES}
    if fusions:
        runs |= {f"hybrid:{f}": ("hybrid", f) for f in FUSIONS if f != bot.settings.fusion}
    per: dict[str, dict[str, list[dict[str, float]]]] = {name: defaultdict(list) for name in runs}
    best: list[tuple[bool, float]] = []
    misses: list[dict[str, Any]] = []
    no_history: list[dict[str, float]] = []
    for q in questions:
        if q.kind == "followup" and q.gold_titles:
            alone = bot.retrieve(q.q, [], top_k=DEPTH)
            no_history.append(score_ranking([s.title for s in alone.sources], q))
        for mode, (kind, fusion) in runs.items():
            retrieval = bot.retrieve(q.q, q.history, top_k=DEPTH, mode=kind, fusion=fusion)  # type: ignore[arg-type]
            if mode == "hybrid":
                top = max((s.dense or -1.0 for s in retrieval.sources), default=-1.0)
                best.append((q.kind != "unanswerable", top))
            if not q.gold_titles:
                continue
            ranking = [s.title for s in retrieval.sources]
            scores = score_ranking(ranking, q)
            per[mode][q.kind].append(scores)
            if mode == "hybrid" and scores["recall@5"] < 1.0:
                misses.append({"id": q.id, "recall@5": scores["recall@5"], "top5": ranking[:5]})
    by_kind = {
        mode: {
            kind: {m: mean(s[m] for s in rows) for m in METRICS} | {"n": len(rows)}
            for kind, rows in kinds.items()
        }
        for mode, kinds in per.items()
    }
    overall = {
        mode: {m: mean(s[m] for rows in kinds.values() for s in rows) for m in METRICS}
        for mode, kinds in per.items()
    }
    threshold = bot.settings.min_relevance
    sweep = [gate_rates(best, t / 100) for t in range(0, 61, 2)]
    return {
        "store": str(bot.settings.store),
        "questions": len(questions),
        "by_kind": by_kind,
        "overall": overall,
        "gate": gate_rates(best, threshold),
        "gate_sweep": sweep,
        "hybrid_misses": misses,
        "followup_without_history": {m: mean(s[m] for s in no_history) for m in METRICS}
        if no_history
        else {},
    }


def format_table(report: dict[str, Any]) -> str:
    """Plain-text table: one row per (kind, retriever)."""
    names = list(report["overall"])
    width = max(len(n) for n in names) + 2
    lines = [f"{'kind':<13}{'retriever':<{width}}{'n':>4}" + "".join(f"{m:>11}" for m in METRICS)]
    kinds = sorted({k for mode in report["by_kind"].values() for k in mode})
    for kind in kinds + ["ALL"]:
        for mode in names:
            row = report["overall"][mode] if kind == "ALL" else report["by_kind"][mode].get(kind)
            if row is None:
                continue
            n = row.get("n", sum(r["n"] for r in report["by_kind"][mode].values()))
            lines.append(f"{kind:<13}{mode:<{width}}{n:>4}" + "".join(f"{row[m]:>11.3f}" for m in METRICS))
        lines.append("")
    alone = report.get("followup_without_history")
    if alone:
        lines.append(
            f"follow-ups without their history (hybrid): recall@5 {alone['recall@5']:.3f}, MRR {alone['mrr']:.3f}"
        )
    g = report["gate"]
    lines.append(
        f"relevance gate at {g['threshold']:.2f}: false refusal {g['false_refusal']:.1%} "
        f"(answerable), false answer {g['false_answer']:.1%} (unanswerable)"
    )
    return "\n".join(lines)


def save_chart(report: dict[str, Any], path: str) -> None:
    """Bar chart (PNG) of the overall metrics per retriever."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 4))
    names = list(report["overall"])
    width = 0.8 / len(names)
    for i, mode in enumerate(names):
        values = [report["overall"][mode][m] for m in METRICS]
        ax.bar([x + i * width for x in range(len(METRICS))], values, width, label=mode)
    ax.set_xticks([x + width for x in range(len(METRICS))], METRICS)
    ax.set_ylim(0, 1)
    ax.set_title(f"Retrieval on {report['questions']} questions (answerable ones scored)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
