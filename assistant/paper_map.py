"""The collection as a 2-D map: paper embeddings projected to the plane, grouped into themes.

Each paper's embedding is the mean of its chunk vectors (:func:`assistant.library.paper_vectors`).
The map uses scikit-learn, a maintained library with deterministic seeds:

- **projection**: t-SNE (van der Maaten & Hinton, JMLR 2008; scikit-learn's Barnes-Hut
  implementation, PCA initialisation) after PCA to 50 dimensions, the reduction its authors
  recommend; above ``tsne_max`` papers, PCA alone (t-SNE grows too slow on 2 cores);
- **themes**: k-means (scikit-learn, ``n_init=4``) on the normalised embeddings, so the
  colours do not depend on the 2-D layout; each theme is named by a noun phrase from its
  papers' titles, as an overview's themes are (:func:`assistant.themes.theme_names`).

umap-learn was the other candidate: it needs numba, whose JIT compile adds tens of
seconds to the first map on a cold start, for a layout of similar quality at these sizes.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE
from threadpoolctl import threadpool_limits

from assistant.library import list_papers, paper_vectors
from assistant.store import Store
from assistant.themes import UNNAMED, theme_names
from assistant.types import Source

TSNE_MAX = 5000  # papers; bench/map.py: t-SNE at 10k took 6.6x the time of PCA (same memory)


@dataclass
class PaperMap:
    """A projected collection. Arrays are row-aligned with ``paper_ids``.

    - ``xy``: float32 ``(n, 2)`` map coordinates (unitless);
    - ``cluster``: int ``(n,)`` theme index into ``themes``;
    - ``themes``: a noun-phrase name per theme ("Mathematical reasoning");
    - ``method``: "tsne", "pca" or "none" (fewer than 3 papers).
    """

    paper_ids: list[str]
    titles: list[str]
    xy: np.ndarray
    cluster: np.ndarray
    themes: list[str]
    method: str
    seconds: float = 0.0
    chunk_count: int = -1
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {pid: i for i, pid in enumerate(self.paper_ids)}


def project(vectors: np.ndarray, tsne_max: int = TSNE_MAX, seed: int = 0) -> tuple[np.ndarray, str]:
    """2-D coordinates for ``(n, dim)`` vectors: ``(xy (n, 2) float32, method)``."""
    n = len(vectors)
    if n < 3:
        return np.zeros((n, 2), dtype=np.float32), "none"
    reduced = PCA(n_components=min(50, n, vectors.shape[1]), random_state=seed).fit_transform(vectors)
    if n > tsne_max:
        return reduced[:, :2].astype(np.float32), "pca"
    tsne = TSNE(n_components=2, perplexity=min(30.0, (n - 1) / 3), init="pca", random_state=seed, n_jobs=1)
    return tsne.fit_transform(reduced).astype(np.float32), "tsne"


def theme_clusters(
    vectors: np.ndarray, titles: list[str], k: int, seed: int = 0, abstracts: list[str] | None = None
) -> tuple[np.ndarray, list[str]]:
    """k-means themes of ``(n, dim)`` vectors: ``(cluster index per row, a name per theme)``.

    Themes are named as an overview's are (:func:`assistant.themes.theme_names`: a noun phrase
    from the titles, "Mathematical reasoning"), by the phrase that is most distinctive of the
    theme's papers against the other themes, whatever share of its papers holds it: a k-means
    theme of 10-30 papers rarely has a phrase in half of them (the overview's rule)."""
    n = len(vectors)
    k = max(1, min(k, n))
    if k == 1:
        return np.zeros(n, dtype=int), ["all papers"]
    labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(vectors)
    texts = abstracts or [""] * n
    groups = [
        [
            Source(n=j + 1, paper_id=str(j), title=titles[j], score=0.0, abstract=texts[j])
            for j in np.flatnonzero(labels == i)
        ]
        for i in range(k)
    ]
    names: list[str] = []
    for i, name in enumerate(theme_names(groups, most=0.0)):
        names.append(name if name != UNNAMED.capitalize() and name not in names else f"Theme {i + 1}")
    return labels.astype(int), names


def build_map(store: Store, clusters: int = 8, tsne_max: int = TSNE_MAX) -> PaperMap:
    """The map of every paper in ``store`` (reads all chunk vectors once)."""
    started = time.perf_counter()
    count = store.count()
    ids, vectors = paper_vectors(store)
    rows = {row.paper_id: row for row in list_papers(store)}
    titles = [rows[pid].title if pid in rows else pid for pid in ids]
    abstracts = [rows[pid].abstract if pid in rows else "" for pid in ids]
    if not ids:
        return PaperMap([], [], np.zeros((0, 2), np.float32), np.zeros(0, int), [], "none", 0.0, count)
    # One OpenMP thread: scikit-learn's Barnes-Hut t-SNE (and k-means) run OpenMP threads that
    # crawl when other processes keep the cores busy. 79 papers with two busy processes on
    # 2 cores: t-SNE 2.96 s with the default threads, 0.57 s with one (and 121 s vs 4.5 s for
    # exact t-SNE while the test suite also ran); unloaded the two are alike (0.74 s).
    with threadpool_limits(limits=1, user_api="openmp"):
        xy, method = project(vectors, tsne_max)
        cluster, themes = theme_clusters(vectors, titles, clusters, abstracts=abstracts)
    return PaperMap(ids, titles, xy, cluster, themes, method, time.perf_counter() - started, count)


class MapCache:
    """One :class:`PaperMap` per store, rebuilt when the store's chunk count changes.

    A removal and an addition of the same number of chunks between two looks leave the
    count equal: :meth:`invalidate` after any change made in this process.
    """

    def __init__(self, clusters: int = 8, tsne_max: int = TSNE_MAX) -> None:
        self.clusters = clusters
        self.tsne_max = tsne_max
        self._map: PaperMap | None = None
        self._lock = threading.Lock()

    def get(self, store: Store) -> PaperMap:
        with self._lock:  # one build at a time; other sessions wait for it instead of repeating it
            if self._map is None or self._map.chunk_count != store.count():
                self._map = build_map(store, self.clusters, self.tsne_max)
            return self._map

    def invalidate(self) -> None:
        with self._lock:
            self._map = None
