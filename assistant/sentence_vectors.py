"""Embeddings of abstract sentences, cached per (paper id, sentence), shared by the evidence
step (what to quote) and the gap check (whether a sentence states what is asked)."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from assistant.embed import Embedder


class SentenceVectors:
    """Embeddings of abstract sentences, cached per (paper id, sentence); thread-safe."""

    def __init__(self, embedder: Embedder, max_items: int = 50_000) -> None:
        self.embedder = embedder
        self.max_items = max_items
        self._cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, items: list[tuple[str, str]]) -> list[np.ndarray]:
        """Vectors [dim] for ``(paper_id, sentence)`` pairs; missing ones embedded in one batch."""
        with self._lock:
            missing = list(dict.fromkeys(k for k in items if k not in self._cache))
        if missing:
            vectors = self.embedder.embed([s for _, s in missing])
            with self._lock:
                for key, vector in zip(missing, vectors, strict=True):
                    self._cache[key] = vector
                while len(self._cache) > self.max_items:
                    self._cache.popitem(last=False)
        with self._lock:
            return [self._cache[k] for k in items]
