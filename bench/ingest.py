"""Ingest throughput, side by side in one process: ``python bench/ingest.py [--copies N]``.

1. this project's pipeline (``ingest.pipeline.ingest_paths``) into a fresh store;
2. llama-index's plain path: ``VectorStoreIndex.from_documents`` with the same
   embedder (default batch size) and a ``ChromaVectorStore`` in cosine space;
3. the floor: raw ``embedder.embed`` of exactly the chunks our pipeline stores.

Prints papers/s and ratios. ``--copies N`` ingests N retitled copies of the
bundled corpus (79 × N papers) for steadier figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import assistant  # noqa: E402,F401
from assistant.embed import MiniLMOnnxEmbedder, as_llama_index_embedding  # noqa: E402
from assistant.settings import BUNDLED_CORPUS, Settings  # noqa: E402
from assistant.store import Store  # noqa: E402
from ingest.pipeline import chunk_paper, collect_papers, ingest_paths  # noqa: E402


def make_corpus(folder: Path, copies: int) -> Path:
    """The bundled digest repeated ``copies`` times with distinct titles."""
    papers, _ = collect_papers([BUNDLED_CORPUS])
    lines = []
    for i in range(copies):
        for p in papers.values():
            lines += [f"{p.title} (copy {i})" if i else p.title, "", p.abstract, ""]
    path = folder / "corpus.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1)
    args = parser.parse_args()
    embedder = MiniLMOnnxEmbedder()
    embedder.cache_items = 0  # every path embeds its texts: none may reuse another's vectors
    embedder.embed(["warm up the session"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = make_corpus(folder, args.copies)
        papers, _ = collect_papers([corpus])
        n = len(papers)
        settings = Settings(store=folder / "ours")

        started = time.perf_counter()
        report = ingest_paths([corpus], settings, embedder, progress=False)
        ours = time.perf_counter() - started

        import chromadb
        from llama_index.core import Document, StorageContext, VectorStoreIndex
        from llama_index.vector_stores.chroma import ChromaVectorStore

        started = time.perf_counter()
        docs = [
            Document(text=f"{p.title}\n{p.abstract}", metadata={"title": p.title}) for p in papers.values()
        ]
        client = chromadb.PersistentClient(path=str(folder / "plain"))
        collection = client.create_collection("plain", configuration={"hnsw": {"space": "cosine"}})
        storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
        VectorStoreIndex.from_documents(
            docs, storage_context=storage, embed_model=as_llama_index_embedding(embedder)
        )
        plain = time.perf_counter() - started
        plain_chunks = collection.count()

        chunks = [f"{p.title}\n{c}" for p in papers.values() for c in chunk_paper(p, embedder, settings)]
        from llama_index.core.schema import TextNode

        started = time.perf_counter()
        collection2 = client.create_collection("same", configuration={"hnsw": {"space": "cosine"}})
        storage2 = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection2))
        VectorStoreIndex(
            [TextNode(text=c) for c in chunks],
            storage_context=storage2,
            embed_model=as_llama_index_embedding(embedder),
        )
        same = time.perf_counter() - started

        started = time.perf_counter()
        embedder.embed(chunks)
        raw = time.perf_counter() - started
        assert Store(settings, embedder.model_id).count() == len(chunks) == report.chunks

    print(f"{n} papers; our chunks {len(chunks)}, llama-index plain chunks {plain_chunks}")
    print(f"{'path':<34}{'seconds':>9}{'papers/s':>10}{'vs ours':>9}")
    for name, secs in [
        ("ours (ingest_paths)", ours),
        ("llama-index from_documents", plain),
        ("llama-index, our chunks as nodes", same),
        ("raw embedding of our chunks", raw),
    ]:
        print(f"{name:<34}{secs:>9.2f}{n / secs:>10.1f}{secs / ours:>9.2f}")
    print(
        f"speed-up over llama-index plain: {plain / ours:.2f}x (it embeds one chunk per paper, "
        f"which MiniLM truncates at 256 word pieces); over llama-index on our chunks: "
        f"{same / ours:.2f}x; ours / raw floor: {ours / raw:.2f}x"
    )


if __name__ == "__main__":
    main()
