"""Several-paper questions asking for a kind of paper: "Which papers propose benchmarks?".

The evidence step quotes the papers that answer nearly as well as the first
(:mod:`assistant.evidence`; up to :data:`KIND_PAPERS` for a question asking for several, four
before): "Which papers propose benchmarks?" cited 4 of the collection's many benchmark papers. A question asking for several papers whose topic is a kind of artifact
(benchmarks, datasets, surveys: :func:`assistant.compare_rows.topic_kind`, the test the
overview modes use) is answered by every retrieved paper that contributes one
(:func:`assistant.compare_rows.of_kind`: its title names the kind, or one of its sentences
introduces one), on the question's topic, up to :data:`KIND_PAPERS`; and, when one does, holding the words that modify the kind's noun
("audio" of "audio datasets": :func:`kind_topic`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.compare_rows import _INTRODUCES, _PHRASE_END, KIND_WORDS, of_kind, topic_kind
from assistant.describing import DESCRIBING
from assistant.evidence import TOPIC_RATIO, Evidence, answer_relevance, choose_sentences, topic_share
from assistant.library import list_papers
from assistant.query_frame import topic_query
from assistant.question_terms import GENERIC, asks_for_several
from assistant.text import stemmed_terms
from assistant.types import Source

if TYPE_CHECKING:
    from assistant.retrieve import PaperRetriever, Retrieval
    from assistant.store import Store

# Papers retrieved and quoted at most for such a question (the overview modes cover up to 20).
KIND_PAPERS = 10


def asked_kind(question: str) -> str | None:
    """The kind of paper a question asks for several of ("Which papers propose benchmarks?" ->
    "benchmark"), else None ("Which papers use a mixture of experts?", "What is MMVP?")."""
    return topic_kind(question) if asks_for_several(question) else None


def kind_topic(question: str) -> set[str]:
    """The stemmed words that say what the asked kind is of: the modifiers of the kind's noun in the
    question's first noun phrase, without introducing verbs and describing words ("Which papers
    introduce new audio datasets?" -> {"audio"}; "Which papers propose benchmarks?" -> set())."""
    first = _PHRASE_END.split(f"{topic_query(question)} ", maxsplit=1)[0].split()[:-1]  # without the kind's noun
    words = [w for w in first if not _INTRODUCES.fullmatch(w) and w.lower() not in DESCRIBING]
    return stemmed_terms(" ".join(words)) - GENERIC


def holds_topic(source: Source, topic: set[str]) -> bool:
    """True when the paper's title or abstract holds every word of ``topic`` (stemmed)."""
    return topic <= stemmed_terms(f"{source.title} {source.abstract}")


def quote_kind(evidence: Evidence, kind: str, idf: dict[str, float], cap: int = KIND_PAPERS) -> None:
    """Make ``evidence`` quote its candidates that contribute ``kind``, in retrieval order, up to
    ``cap``: those holding at least ``TOPIC_RATIO`` of the question's terms that the best-holding
    one holds ("benchmarks for video" are not answered by a math benchmark). Unchanged when no
    candidate is of the kind."""
    of = [p for p in evidence.candidates if of_kind(p.source, kind)]
    # A paper of the kind is of the asked topic ("audio datasets"): PIN, a document dataset, was
    # cited for "Which papers introduce new audio datasets?" (new-user trial 15). Not when no
    # paper of the kind holds a word (it may be phrased otherwise everywhere: "large-scale").
    topic = {t for t in kind_topic(evidence.question) if any(holds_topic(p.source, {t}) for p in of)}
    of = [p for p in of if holds_topic(p.source, topic)]
    if not of:
        return
    # The kind's noun and the introducing verb are answered by the kind test (HEMM, "we introduce Holistic
    # Evaluation of ...", holds neither "propose" nor "benchmark": share 0, not quoted; new-user trial 16).
    asked = _INTRODUCES.sub(" ", re.sub(rf"\b(?:{'|'.join(KIND_WORDS[kind])})\b", " ", evidence.question, flags=re.IGNORECASE))
    shares = [topic_share(asked, p.source, idf) for p in of]
    best = max(shares)
    of = [p for p, share in zip(of, shares, strict=True) if share >= TOPIC_RATIO * best][:cap]
    for paper in of:
        if not paper.chosen:
            paper.chosen = choose_sentences(paper, keep=2)
    evidence.papers = of
    evidence.relevance = answer_relevance(evidence, idf)


def kind_papers_first(question: str, retrieval: Retrieval, store: Store, retriever: PaperRetriever, top_k: int) -> Retrieval:
    """``retrieval`` with the papers of the kind ``question`` asks for first: the retrieved ones in
    retrieval order, then the stored ones of the kind (under ``retrieval.filters``) it missed, in the
    retriever's order for its query; then the rest; renumbered from 1 and cut to ``top_k``. Unchanged
    when the question asks for no kind.

    Such a question asks for every paper of the kind, and retrieval ranks by the question's words:
    "Which papers propose benchmarks?" ranked mmE5 and TS-LLaVA (models) in its top 10 and left
    HEMM, Eyes Wide Shut (MMVP) and Tiny LVLM-eHub out of the top 30 (new-user trial 16)."""
    kind = asked_kind(question)
    if kind is None:
        return retrieval
    have = {s.paper_id for s in retrieval.sources}
    topic = kind_topic(question)  # "audio datasets": only the stored datasets on audio join
    stored = [Source(n=0, paper_id=r.paper_id, title=r.title, score=0.0, abstract=r.abstract) for r in list_papers(store, retrieval.filters)]
    missed = [s.paper_id for s in stored if s.paper_id not in have and of_kind(s, kind) and holds_topic(s, topic)]
    scope = {**(retrieval.filters.model_dump() if retrieval.filters is not None else {}), "paper_ids": missed}
    extra = retriever.retrieve(retrieval.query, top_k=len(missed), filters=scope) if missed else None
    of = [s for s in retrieval.sources if of_kind(s, kind)]
    added = extra.sources if extra is not None else []
    rest = [s for s in retrieval.sources if not of_kind(s, kind)]
    sources = [s.model_copy(update={"n": i}) for i, s in enumerate([*of, *added, *rest][:top_k], start=1)]
    chunks = {**retrieval.chunks, **(extra.chunks if extra is not None else {})}
    return replace(retrieval, sources=sources, chunks=chunks)
