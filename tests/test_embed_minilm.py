"""The bundled MiniLM embedder's ONNX session: what it is created with."""

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
