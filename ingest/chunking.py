"""A paper's abstract as sentence-aligned chunks that fit the embedder, each behind its title."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from llama_index.core.node_parser import SentenceSplitter

from assistant.embed import Embedder
from assistant.settings import Settings
from assistant.types import Paper

TITLE_PREFIX_TOKENS = 64  # most word pieces of the title put in front of every chunk


@lru_cache(maxsize=64)
def _splitter(chunk_tokens: int, overlap: int, count: Callable[[str], list[int]]) -> SentenceSplitter:
    return SentenceSplitter(chunk_size=chunk_tokens, chunk_overlap=overlap, tokenizer=count)


def title_prefix(title: str, embedder: Embedder) -> str:
    """The title as put in front of each chunk: whole words, at most :data:`TITLE_PREFIX_TOKENS` word pieces.

    Without the cap, a very long title would leave no room for the chunk and the
    model would silently drop the abstract's text past its window.
    """
    if len(embedder.token_ids(title)) <= TITLE_PREFIX_TOKENS:
        return title
    words = title.split()
    kept: list[str] = []
    for word in words:
        if len(embedder.token_ids(" ".join([*kept, word]))) > TITLE_PREFIX_TOKENS:
            break
        kept.append(word)
    return " ".join(kept) or title[:TITLE_PREFIX_TOKENS]


def chunk_paper(paper: Paper, embedder: Embedder, settings: Settings) -> list[str]:
    """The paper's abstract split into sentence-aligned chunks that fit the embedder.

    Each chunk is embedded with :func:`title_prefix` in front, so the chunk budget
    is the model window less that prefix and two special tokens. Nothing is
    truncated: a long abstract yields more chunks.
    """
    title_tokens = len(embedder.token_ids(title_prefix(paper.title, embedder)))
    budget = max(48, min(settings.chunk_tokens, embedder.max_tokens - title_tokens - 3))
    overlap = min(settings.chunk_overlap, budget // 4)
    # A bound method hashes by its instance, so the splitter is built once per budget.
    splitter = _splitter(budget, overlap, embedder.token_ids)
    return splitter.split_text(paper.abstract) or [paper.abstract]
