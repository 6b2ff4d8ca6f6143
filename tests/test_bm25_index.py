"""The BM25 index saved beside the store: same rankings as llama-index's BM25Retriever, opened
without a rebuild, rebuilt when an ingest was cut short or the store changed, filters applied."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from llama_index.core.schema import TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from assistant.ask import Assistant
from assistant.bm25_index import INDEXED_KEYS, BM25Index, index_dir, mark_writing, open_index, store_version
from assistant.embed import MiniLMOnnxEmbedder
from assistant.retrieve import PaperRetriever
from assistant.settings import Settings
from assistant.store import Store
from eval.questions import load_questions
from ingest.pipeline import ingest_paths
from tests.conftest import write_digest

ABSTRACT = "We present a model that reads images and text and answers questions about charts. " * 3


def test_the_saved_index_ranks_as_llama_index_bm25retriever_did(bot: Assistant) -> None:
    store = bot.retriever.store
    nodes = [
        TextNode(
            id_=cid,
            text=doc or "",
            metadata={k: v for k, v in meta.items() if k != "abstract"},
            excluded_embed_metadata_keys=[k for k in meta if k not in INDEXED_KEYS],
        )
        for cid, meta, doc in store.iter_records(include=["metadatas", "documents"])
    ]
    reference = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=30)
    saved = open_index(store)
    assert isinstance(saved.ids, np.memmap)  # memory-mapped from the folder the ingest wrote
    for question in load_questions()[:40]:
        expected = [(n.node.node_id, round(n.score, 5)) for n in reference.retrieve(question.q) if n.score]
        assert [(c, round(s, 5)) for c, s in saved.search(question.q, 30)] == expected, question.q


def test_opening_a_store_loads_the_index_without_rebuilding(
    bot: Assistant, embedder: MiniLMOnnxEmbedder, corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_rebuild(*args: object, **kwargs: object) -> BM25Index:
        raise AssertionError("the BM25 index was rebuilt")

    monkeypatch.setattr(BM25Index, "build", no_rebuild)
    retriever = PaperRetriever(Store(corpus_settings, embedder.model_id), embedder, corpus_settings)
    hits = retriever.bm25_chunks("Eyes Wide Shut visual shortcomings of multimodal LLMs", 5)
    assert hits and "Eyes Wide Shut" in hits[0].node.metadata["title"]
    assert retriever.idf("shortcomings")["shortcom"] > 0


def test_a_cut_short_ingest_or_a_changed_store_rebuilds_the_index(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    settings = Settings(store=tmp_path / "store")
    path = write_digest(tmp_path / "a.txt", [("Paper A", ABSTRACT), ("Paper B", ABSTRACT + " Tables.")])
    ingest_paths([path], settings, embedder, progress=False)
    store = Store(settings, embedder.model_id)
    version = store_version(store)
    assert version and BM25Index.load(index_dir(settings), version, store.count()) is not None
    assert (index_dir(settings) == settings.store / "bm25" / "papers") and index_dir(settings).is_dir()

    mark_writing(store)  # as an ingest killed after its first write leaves it
    assert BM25Index.load(index_dir(settings), store_version(store), store.count()) is None
    assert open_index(store).count == store.count()  # rebuilt from the store
    ingest_paths([path], settings, embedder, progress=False)  # a no-op ingest saves a current index again
    assert BM25Index.load(index_dir(settings), store_version(store), store.count()) is not None

    # The app picks up another ingest's papers (the new version) at its next check.
    retriever = PaperRetriever(Store(settings, embedder.model_id), embedder, settings)
    assert retriever.bm25_chunks("zebrafish", 5) == []
    write_digest(tmp_path / "b.txt", [("Zebrafish fins", "We study zebrafish fin regrowth. " + ABSTRACT)])
    ingest_paths([tmp_path / "b.txt"], settings, embedder, progress=False)
    retriever.invalidate()
    assert retriever.bm25_chunks("zebrafish", 5)[0].node.metadata["title"] == "Zebrafish fins"


def test_filters_keep_only_matching_chunks(bot: Assistant) -> None:
    with_code = bot.retriever.bm25_chunks("multimodal benchmark", 30, {"has_code": True})
    assert with_code and all(n.node.metadata["has_code"] is True for n in with_code)
    assert bot.retriever.bm25_chunks("multimodal benchmark", 30, {"paper_ids": ["no-such-paper"]}) == []


def test_scores_do_not_depend_on_the_folder_or_time_of_the_ingest(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    # The index read every metadata field, so "source: .../robotics/papers.txt" put "robotics"
    # in every chunk of that file and figures moved with the folder a corpus was ingested from.
    papers = [("Paper A", ABSTRACT), ("Paper B", ABSTRACT + " Tables.")]
    runs = []
    for name in ("robotics", "elsewhere"):
        (tmp_path / name).mkdir()
        settings = Settings(store=tmp_path / name / "store")
        path = write_digest(tmp_path / name / "papers.txt", papers)
        ingest_paths([path], settings, embedder, progress=False)
        index = open_index(Store(settings, embedder.model_id))
        runs.append([round(s, 6) for _, s in index.search("charts questions tables", 5)])
        assert index.search("robotics", 5) == []
        assert index.search("txt elsewhere store", 5) == []
    assert runs[0] == runs[1] and runs[0]
