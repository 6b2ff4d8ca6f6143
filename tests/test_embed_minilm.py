"""The bundled MiniLM embedder: its ONNX session options and its cache of recent texts."""

from __future__ import annotations

import numpy as np

from assistant.embed import MiniLMOnnxEmbedder


def test_session_threads_do_not_spin_between_queries() -> None:
    # Spinning intra-op threads cost ~2x the CPU per question embedding while the app's queue
    # answers several questions on 2 cores (bench/query_embed.py).
    embedder = MiniLMOnnxEmbedder(threads=2)
    options = embedder.session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert options.intra_op_num_threads == 2
    vectors = embedder.embed(["visual hallucination in multimodal LLMs", "graph neural networks"])
    assert vectors.shape == (2, MiniLMOnnxEmbedder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def test_recent_texts_come_from_the_cache_with_the_same_vectors() -> None:
    # One question is embedded several times on its way (retrieval, evidence, replayed
    # follow-ups, the eval's four retrievers); the cache must return what the model would.
    embedder = MiniLMOnnxEmbedder()
    calls: list[list[str]] = []
    uncached = embedder._embed

    def counted(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return uncached(texts)

    embedder._embed = counted  # type: ignore[method-assign]
    first = embedder.embed(["audio captioning datasets", "mixture of experts"])
    again = embedder.embed(["mixture of experts", "a new text", "audio captioning datasets", "a new text"])
    assert calls == [["audio captioning datasets", "mixture of experts"], ["a new text"]]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert np.array_equal(again[1], again[3])
    fresh = MiniLMOnnxEmbedder().embed(["a new text", "mixture of experts"])
    assert np.allclose(fresh, again[[1, 0]], atol=1e-5)
    assert embedder.embed([]).shape == (0, embedder.dim)


def test_the_cache_keeps_only_the_most_recent_texts() -> None:
    embedder = MiniLMOnnxEmbedder()
    embedder.cache_items = 2
    embedder.embed(["one", "two", "three"])
    assert list(embedder._cache) == ["two", "three"]
    embedder.embed(["two"])  # used again: now the most recent
    embedder.embed(["four"])
    assert list(embedder._cache) == ["two", "four"]
