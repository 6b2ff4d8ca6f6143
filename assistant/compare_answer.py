"""A comparison table as an :class:`Answer`: the rows :func:`assistant.overview.overview_stream`
chose, one cell per aspect (:mod:`assistant.compare`), each cell checked against its paper's abstract."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.compare import aspects_from_question, build_table, relevant_rows, table_markdown
from assistant.compare_aspects import names_aspects
from assistant.finalize import refusal_detail
from assistant.retrieve import Retrieval
from assistant.types import Answer
from assistant.verify import check_sentence, resolve_citations
from assistant.writers import NOT_COVERED_TOPIC

if TYPE_CHECKING:
    from assistant.ask import Assistant

COMPARE_NOTE = (
    "Each cell is quoted (in quotes) or derived from that paper's abstract; "
    "“not stated” where the abstract is silent."
)

SHORT_NOTE = " Long quotes are cut to the clause that answers (…); the table's downloads hold them whole."
WIDE_ASPECTS = 5  # columns besides the paper's name from which a table is shown with its cells cut


def compare_answer(bot: Assistant, question: str, retrieval: Retrieval, candidates: bool = True) -> Answer:
    """A comparison table of the on-topic papers, each cell checked against its paper's abstract.

    ``candidates``: the sources are candidate rows (the aspect compared is itself the topic, every
    paper above the pool's mean), so only those whose abstract states a named aspect are kept. Otherwise
    they are the summaries' on-topic papers and each keeps its row, "not stated" where it is silent:
    a stricter cell check must not drop an on-topic paper from the table."""
    base = Answer(
        question=question, answer="", covered=retrieval.covered, writer="extractive", mode="compare"
    )
    if not retrieval.covered:  # with the reason a summary's refusal gives (finalize.refusal_detail)
        return base.model_copy(update={"answer": NOT_COVERED_TOPIC + refusal_detail(bot.settings, retrieval)})
    aspects = aspects_from_question(question)
    table = build_table(retrieval.sources, aspects, retrieval.idf)
    table = relevant_rows(table, candidates and names_aspects(question))
    if not table.rows:
        return base.model_copy(update={"answer": NOT_COVERED_TOPIC, "covered": False})
    kept = {row[0].n for row in table.rows}
    sources = [s for s in retrieval.sources if s.n in kept]
    # A wide table (the six default columns) is shown with each cell cut to the clause that answers its
    # column: whole sentences in six narrow columns overflowed the chat (new-user trial 15). The table
    # itself keeps each cell whole, and so do the exports made from it (CSV, LaTeX, Markdown).
    wide = len(table.columns) - 1 >= WIDE_ASPECTS
    text = table_markdown(table, short=wide) + "\n\n" + (COMPARE_NOTE + SHORT_NOTE if wide else COMPARE_NOTE)
    clean, citations, dropped = resolve_citations(text, sources)
    by_n = {s.n: s for s in sources}
    checks = []
    # A modalities cell lists words matched in the abstract itself (compare_checks.modalities): it
    # holds by construction, and no one sentence need name all of them, so it is not re-checked.
    derived = {i for i, name in enumerate(table.columns) if name.lower() == "modalities"}
    for row in table.rows:
        for i, c in enumerate(row):
            if i and i not in derived and c.n is not None:
                bare = re.sub(r"[“”…]", "", c.text)
                checks.append(check_sentence(f"{bare} [{c.n}]", by_n, retrieval.idf))
    notices = (
        [f"{sum(bool(c.flags) for c in checks)} cell(s) flagged by verification."]
        if any(c.flags for c in checks)
        else []
    )
    return base.model_copy(
        update={
            "answer": clean,
            "citations": citations,
            "sources": sources,
            "sentences": checks,
            "table": table,
            "notices": notices,
            "invalid_citations": dropped,
            "timings": {"retrieval_s": round(retrieval.seconds, 3)},
        }
    )
