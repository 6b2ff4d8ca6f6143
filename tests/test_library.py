"""Library, map and upload checks on real Chroma stores: listing, neighbours, removal, the map, uploads."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from assistant.ask import Assistant
from assistant.embed import MiniLMOnnxEmbedder
from assistant.library import (
    get_paper,
    list_papers,
    paper_vector,
    paper_vectors,
    remove_paper,
    similar_papers,
)
from assistant.paper_map import MapCache, build_map
from assistant.settings import Settings
from assistant.store import Store, StoreError
from assistant.themes import noun_phrases
from ingest.pipeline import ingest_lock, ingest_paths
from tests.conftest import write_digest
from ui.glyphs import ERROR
from ui.map import CITED_TRACE, map_figure
from ui.upload import UploadRefused, add_papers, check_upload, keep_upload, safe_name

EYES = "Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs"
ABSTRACT = "We study {topic} with a new model and report results on three benchmarks. " * 6


def small_store(tmp_path: Path, embedder: MiniLMOnnxEmbedder, topics: list[str]) -> Assistant:
    """Its own store (the shared corpus store must keep its 79 papers) of one paper per topic."""
    path = write_digest(tmp_path / "few.txt", [(f"A Paper on {t}", ABSTRACT.format(topic=t)) for t in topics])
    own = Assistant(Settings(store=tmp_path / "store"), embedder)
    ingest_paths([path], own.settings, embedder, progress=False)
    return own


def test_list_papers_has_every_paper_with_its_fields(bot: Assistant) -> None:
    rows = list_papers(bot.store)
    assert len(rows) == len({r.paper_id for r in rows}) == 79
    eyes = next(r for r in rows if r.title == EYES)
    assert eyes.abstract and "MMVP" in eyes.abstract
    assert all(r.added is not None and r.added_text for r in rows)  # ingest now records it
    assert get_paper(bot.store, eyes.paper_id) == eyes and get_paper(bot.store, "nope") is None


def test_added_is_kept_when_a_paper_is_updated(tmp_path: Path, embedder: MiniLMOnnxEmbedder) -> None:
    own = small_store(tmp_path, embedder, ["graph learning"])
    (first,) = list_papers(own.store)
    time.sleep(1.1)  # "added" has one-second resolution: make a rewrite visible
    path = write_digest(tmp_path / "v2.txt", [(first.title, "A corrected abstract about graphs. " * 6)])
    report = ingest_paths([path], own.settings, embedder, progress=False)
    assert report.updated == 1
    (second,) = list_papers(Store(own.settings, embedder.model_id))
    assert second.abstract.startswith("A corrected abstract") and second.added == first.added


def test_paper_vectors_are_unit_means_of_chunk_vectors(bot: Assistant) -> None:
    ids, matrix = paper_vectors(bot.store)
    assert len(ids) == 79 and matrix.shape == (79, bot.embedder.dim)
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)
    row = ids.index(ids[5])
    assert np.allclose(matrix[row], paper_vector(bot.store, ids[5]), atol=1e-5)


def test_similar_papers_are_nearest_others_best_first(bot: Assistant) -> None:
    eyes = next(r for r in list_papers(bot.store) if r.title == EYES)
    near = similar_papers(bot.store, eyes.paper_id, 5)
    assert len(near) == 5 and eyes.paper_id not in {r.paper_id for r, _ in near}
    sims = [s for _, s in near]
    assert sims == sorted(sims, reverse=True) and 0 < sims[-1] <= sims[0] < 1
    # The nearest by the store's index agrees with brute force over the mean vectors.
    ids, matrix = paper_vectors(bot.store)
    scores = matrix @ matrix[ids.index(eyes.paper_id)]
    brute = [ids[i] for i in np.argsort(-scores) if ids[i] != eyes.paper_id][:5]
    assert len(set(brute) & {r.paper_id for r, _ in near}) >= 3
    assert similar_papers(bot.store, "no-such-paper") == []


def test_remove_paper_deletes_every_chunk_and_bm25_forgets_it(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    own = small_store(tmp_path, embedder, ["graph learning", "speech recognition", "protein folding"])
    assert own.retrieve("protein folding").sources[0].title == "A Paper on protein folding"
    target = next(r for r in list_papers(own.store) if "protein" in r.title)
    with ingest_lock(own.settings):
        assert remove_paper(own.store, target.paper_id) >= 1
    own.retriever.invalidate()
    assert {r.title for r in list_papers(own.store)} == {
        "A Paper on graph learning",
        "A Paper on speech recognition",
    }
    assert all(s.title != target.title for s in own.retrieve("protein folding").sources)
    assert not own.retriever.bm25_chunks("protein folding", 5) or all(
        n.metadata["paper_id"] != target.paper_id for n in own.retriever.bm25_chunks("protein folding", 5)
    )
    with pytest.raises(StoreError, match="no paper"):
        remove_paper(own.store, target.paper_id)


def test_map_places_every_paper_in_themes_and_rings_the_cited(bot: Assistant) -> None:
    paper_map = build_map(bot.store, clusters=8)
    assert len(paper_map.paper_ids) == 79 and paper_map.xy.shape == (79, 2) and paper_map.method == "tsne"
    assert np.isfinite(paper_map.xy).all() and len(np.unique(paper_map.xy, axis=0)) == 79
    assert len(paper_map.themes) == 8 and set(paper_map.cluster) == set(range(8))
    assert all(paper_map.themes) and len(set(paper_map.themes)) == 8
    cited = paper_map.paper_ids[:2]
    fig = map_figure(paper_map, cited)
    themes = [t for t in fig.data if t.name != CITED_TRACE]
    assert sum(len(t.x) for t in themes) == 79
    assert sorted(p for t in themes for p in t.customdata) == sorted(paper_map.paper_ids)
    (ring,) = [t for t in fig.data if t.name == CITED_TRACE]
    assert list(ring.customdata) == cited
    assert not [t for t in map_figure(paper_map, []).data if t.name == CITED_TRACE]


def test_map_themes_are_named_by_noun_phrases_as_overview_themes_are(bot: Assistant) -> None:
    # Regression (ingest15): the legend read "reasoning, enhance, mathematical", "language, large,
    # llms", "medical, training, enhancing": three TF-IDF title terms, a verb among them.
    paper_map = build_map(bot.store, clusters=8)
    assert "Mathematical reasoning" in paper_map.themes  # CMM-Math and Math-PUMA
    for theme, name in enumerate(paper_map.themes):
        assert "," not in name and name[:1].isupper(), name
        titles = [t for t, c in zip(paper_map.titles, paper_map.cluster, strict=True) if c == theme]
        phrases = set().union(*(noun_phrases(t) for t in titles))
        assert name.lower().removesuffix("s") in {p.lower().removesuffix("s") for p in phrases}, name


def test_map_cache_rebuilds_only_when_the_store_changes(tmp_path: Path, embedder: MiniLMOnnxEmbedder) -> None:
    own = small_store(
        tmp_path, embedder, ["graph learning", "speech recognition", "protein folding", "robots"]
    )
    cache = MapCache(clusters=2)
    first = cache.get(own.store)
    assert cache.get(own.store) is first and len(first.paper_ids) == 4
    ingest_paths([write_digest(tmp_path / "more.txt", [("A Paper on bees", ABSTRACT.format(topic="bees"))])],
                 own.settings, embedder, progress=False)  # fmt: skip
    second = cache.get(Store(own.settings, embedder.model_id))
    assert second is not first and len(second.paper_ids) == 5


def test_upload_checks_size_type_and_content(tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "store", max_upload_mb=0.001)  # ~1 KiB
    good = tmp_path / "papers.jsonl"
    good.write_text('{"title": "T", "abstract": "A."}\n', encoding="utf-8")
    assert check_upload(good, good.name, settings) == "jsonl"
    big = tmp_path / "big.txt"
    big.write_text("x" * 4096, encoding="utf-8")
    with pytest.raises(UploadRefused, match="at most 0.001 MiB"):
        check_upload(big, big.name, settings)
    pdf = tmp_path / "paper.txt"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    with pytest.raises(UploadRefused, match="a PDF"):
        check_upload(pdf, pdf.name, settings)
    blob = tmp_path / "data.csv"
    blob.write_bytes(b"title,abstract\n\x00\x01\x02")
    with pytest.raises(UploadRefused, match="binary"):
        check_upload(blob, blob.name, settings)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 paper\n\nAn abstract.\n".encode("latin-1"))
    with pytest.raises(UploadRefused, match="not UTF-8"):
        check_upload(latin, latin.name, settings)
    exe = tmp_path / "tool.exe"
    exe.write_text("title", encoding="utf-8")
    with pytest.raises(UploadRefused, match="not a file of papers"):
        check_upload(exe, exe.name, settings)


def test_upload_never_lands_outside_the_upload_folder(tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "store")
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\x.bib") == "x.bib" and safe_name("...") == "upload"
    assert safe_name("my papers (2024).jsonl") == "my_papers_2024_.jsonl"
    source = tmp_path / "in.txt"
    source.write_text("x", encoding="utf-8")
    for name, user in (("../../escape.txt", "../../root"), ("/etc/cron.d/job", "a/b"), (".hidden", None)):
        kept = keep_upload(source, name, settings, user)
        assert kept.parent == settings.upload_folder.resolve() and kept.read_text() == "x"
    assert sorted(p.name.split("-", 1)[1] for p in settings.upload_folder.iterdir()) == [
        "b-job", "local-hidden", "root-escape.txt"
    ]  # fmt: skip


def test_refused_upload_stores_nothing_and_names_the_file(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    own = small_store(tmp_path, embedder, ["graph learning"])
    before = own.store.count()
    pdf = tmp_path / "scan.bib"
    pdf.write_bytes(b"%PDF-1.4 binary")
    report = add_papers(own, str(pdf), "alice")
    assert report.startswith(f"{ERROR} Nothing was added.") and "scan.bib is a PDF" in report
    assert own.store.count() == before and not own.settings.upload_folder.exists()
    good = write_digest(tmp_path / "two.txt", [("A Paper on bees", ABSTRACT.format(topic="bees"))])
    report = add_papers(own, str(good), "alice")
    assert "1 added" in report and "2 papers" in report and "two.txt" in report
    (kept,) = own.settings.upload_folder.iterdir()
    assert kept.name.endswith("-alice-two.txt")


def test_map_caption_says_the_paper_not_the_1_papers() -> None:
    # Regression (new-user trial 4): after a one-citation answer the Map said "Ringed in black:
    # the 1 papers the latest answer cited."
    from assistant.paper_map import PaperMap
    from ui.map import map_caption

    paper_map = PaperMap(["a", "b", "c"], ["A", "B", "C"], np.zeros((3, 2), np.float32), np.zeros(3, int), ["t"], "pca")
    assert "Ringed in black: the paper the latest answer cited." in map_caption(paper_map, ["b"])
    assert "Ringed in black: the 2 papers the latest answer cited." in map_caption(paper_map, ["a", "c"])
    assert "Ringed" not in map_caption(paper_map, [])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt is empty (0 bytes)"),
        ("blank.jsonl", b"\xef\xbb\xbf\n\n   \r\n", "blank.jsonl holds only blank lines (10 bytes)"),
        ("junk.jsonl", b"hello world\nnot json\n", "junk.jsonl: no papers found when read as jsonl (e.g. junk.jsonl:1:"),
    ],
)
def test_an_empty_or_unreadable_upload_is_named_as_the_user_named_it_and_not_kept(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder, name: str, content: bytes, message: str
) -> None:
    # Regression (sixth round): a 0-byte or unparseable upload was answered with the server's
    # path ("/srv/store/uploads/20261130T…-alice-junk.jsonl: no papers found …") and its copy
    # stayed in the upload folder.
    own = small_store(tmp_path, embedder, ["graph learning"])
    before = own.store.count()
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_bytes(content)
    report = add_papers(own, str(path), "alice")
    assert report.startswith("✘ Nothing was added.") and message in report, report
    assert str(own.settings.upload_folder) not in report and str(tmp_path) not in report
    assert own.store.count() == before
    assert not own.settings.upload_folder.exists() or not list(own.settings.upload_folder.iterdir())


def test_library_search_matches_every_word_and_the_line_says_how_many() -> None:
    # Regression (new user): while the table's search narrowed it to a few rows, the line above it
    # still said "79 papers".
    from assistant.library import PaperRow
    from ui.library import matches, summary_line

    row = PaperRow("p1", "Eyes Wide Shut? Exploring CLIP", ["A", "B", "C", "D Müller"], 2024, None, None, 1.0, "", "")
    assert matches(row, "eyes clip") and matches(row, "muller") and matches(row, "2024") and matches(row, "")
    assert not matches(row, "eyes speech")
    assert summary_line([row] * 79, 12, "clip *x*").startswith("**12 of 79 papers** match “clip \\*x\\*”.")
    assert summary_line([row] * 79, 79, "").startswith("**79 papers.**")
