"""Papers that use a name the question uses, found by the name itself when retrieval missed them.

Retrieval ranks papers by the whole question: "How does LLaVA-NeXT-Interleave perform on
MMVP?" retrieved five papers on interleaved and LLaVA-like models and not "Eyes Wide Shut?",
which introduces MMVP, so the answer said that no abstract mentions MMVP. A name no retrieved
abstract uses is looked up on its own in the stored chunks (BM25 over the name's words, the
filters applied); a paper whose title or abstract uses it (:func:`assistant.names.states_name`)
joins the retrieved ones before any gap is claimed. The lookup wants the name itself
(:func:`assistant.names.mentions_exactly`): "Meta" does not bring in Meta-Transformer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.answerability import owns
from assistant.asked import SUBJECT
from assistant.names import mentions_exactly, states_name

if TYPE_CHECKING:
    from assistant.retrieve import PaperRetriever, Retrieval

# Papers read per missing name (BM25 ranks the name's exact words first), and papers added at most.
LOOKUP_HITS = 3
MAX_ADDED = 2


def with_named_papers(retrieval: Retrieval, names: list[str], retriever: PaperRetriever, top_k: int) -> Retrieval:
    """``retrieval`` with, for each of ``names`` no retrieved title or abstract uses, the stored
    papers that use it (at most :data:`MAX_ADDED` in all): first when the name is what the question
    is about (:data:`assistant.asked.SUBJECT`: "What does Flamingo use?"), else right after the
    first retrieved paper, since such a name only describes what is asked ("an OpenAI chat model"
    brought in the GPT-4V recommendation study before WavCaps, which answers).
    Which of them the question is about is decided with the evidence
    (:func:`assistant.answer_plan.named_paper`, :func:`assistant.answer_plan.holder`).
    Renumbered from 1 and cut to ``top_k``; unchanged when nothing is found."""
    added = []
    leading = []  # papers of a name the question is about ("does Flamingo use"): they come first
    subjects = {m.group(1).rstrip(".") for m in SUBJECT.finditer(retrieval.query)}
    chunks = dict(retrieval.chunks)
    for name in names:
        held = [*retrieval.sources, *added]
        if len(added) == MAX_ADDED or any(owns(s, name) for s in held):
            continue
        # A name the retrieved abstracts only mention ("models like 4M") is looked up for its own
        # paper ("4M: Massively Multimodal Masked Modeling"): "Compare 4M and 4M-21." asks about both.
        mentioned = any(states_name(name, s) for s in held)
        found = retriever.retrieve(name, top_k=LOOKUP_HITS, filters=retrieval.filters, mode="bm25")
        for source in found.sources:
            # The name itself, not a longer one holding it ("Meta" is not Meta-Transformer).
            uses = owns(source, name) if mentioned else mentions_exactly(name, f"{source.title} {source.abstract}")
            if uses and source not in held and len(added) < MAX_ADDED:
                added.append(source)
                if name in subjects:
                    leading.append(source)
                chunks.update({source.paper_id: found.chunks.get(source.paper_id, [])})
                break  # the best-ranked paper that uses the name
    if not added:
        return retrieval
    ids = {s.paper_id for s in added}
    kept = [s for s in retrieval.sources if s.paper_id not in ids]
    rest = [s for s in added if s not in leading]
    ordered = [*leading, *kept[:1], *rest, *kept[1:]]
    sources = [s.model_copy(update={"n": i}) for i, s in enumerate(ordered[:top_k], start=1)]
    return replace(retrieval, sources=sources, chunks=chunks)


def titled(retriever: PaperRetriever, name: str) -> bool:
    """Whether the title of one of the three papers retrieved for ``name`` holds it (case-insensitive)."""
    return any(name.lower() in s.title.lower() for s in retriever.retrieve(name, top_k=3).sources)
