"""The digest parser on the real bundled corpus, and on broken input."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import BUNDLED_CORPUS
from assistant.types import Paper
from ingest.readers import Skipped, UnreadableFile, find_urls, read_digest

EYES_WIDE_SHUT = "Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs"


def papers_of(path: Path) -> list[Paper]:
    return [p for p in read_digest(path) if isinstance(p, Paper)]


def test_bundled_corpus_has_79_papers_and_no_header_lines() -> None:
    items = list(read_digest(BUNDLED_CORPUS))
    papers = [p for p in items if isinstance(p, Paper)]
    assert len(papers) == 79
    assert not [s for s in items if isinstance(s, Skipped)]
    titles = [p.title for p in papers]
    assert titles[0] == "Wings: Learning Multimodal LLMs without Text-only Forgetting"
    assert titles[-1].startswith("TransMix")
    assert EYES_WIDE_SHUT in titles
    assert not {"new", "Subscribe", "Mar 11", "byAK and the research community"} & set(titles)
    assert len(set(titles)) == 79


def test_one_abstract_end_to_end() -> None:
    lines = [line.strip() for line in BUNDLED_CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    expected = lines[lines.index(EYES_WIDE_SHUT) + 1]
    paper = next(p for p in papers_of(BUNDLED_CORPUS) if p.title == EYES_WIDE_SHUT)
    assert paper.abstract == expected
    assert paper.abstract.startswith("Is vision good enough for language?")
    assert "''CLIP-blind pairs''" in paper.abstract
    assert paper.source.endswith(f":{BUNDLED_CORPUS.read_text().splitlines().index(EYES_WIDE_SHUT) + 1}")


def test_ids_are_stable_and_unique() -> None:
    first = [p.paper_id for p in papers_of(BUNDLED_CORPUS)]
    second = [p.paper_id for p in papers_of(BUNDLED_CORPUS)]
    assert first == second
    assert len(set(first)) == 79
    # Derived from content only: a known value guards against accidental changes.
    assert Paper(title="A  Title", abstract="x").paper_id == Paper(title="a title", abstract="y").paper_id


def test_code_urls_are_recorded_without_trailing_punctuation() -> None:
    by_title = {p.title.split(":")[0]: p for p in papers_of(BUNDLED_CORPUS)}
    assert by_title["TransMix"].code_url == "https://github.com/Beckschen/TransMix"
    # The digest has a stray "{link}}." after this one.
    assert by_title["MulModSeg"].code_url == "https://github.com/ChengyinLee/MulModSeg_2024"
    with_code = [p for p in papers_of(BUNDLED_CORPUS) if p.code_url]
    assert len(with_code) >= 25
    assert find_urls("see https://mmie-bench.github.io/. and https://github.com/a/b,") == (
        "https://github.com/a/b",
        "https://mmie-bench.github.io/",
    )


def test_bad_records_are_skipped_with_file_and_line(tmp_path: Path) -> None:
    good = "A sentence about a model. " * 12
    path = tmp_path / "bad.txt"
    path.write_bytes(
        b"header\n\nTitle One\n\n"
        + good.encode()
        + b"\n\nOrphan title with no abstract\n\nTitle Two\n\n"
        + good.encode()
        + b"\n\nBroken \xff\xfe title\n\nTitle Three\n\n"
        + ("Caf\u00e9 r\u00e9sum\u00e9 $\\alpha$-test. " * 10).encode()
        + b"\n"
    )
    items = list(read_digest(path))
    papers = [p for p in items if isinstance(p, Paper)]
    skipped = [s for s in items if isinstance(s, Skipped)]
    assert [p.title for p in papers] == ["Title One", "Title Two", "Title Three"]
    assert "Café résumé $\\alpha$-test." in papers[2].abstract
    reasons = {s.source: s.reason for s in skipped}
    assert f"{path}:7" in reasons and "no abstract" in reasons[f"{path}:7"]
    # A line with bytes that are not UTF-8 is read (and repaired if stored): here a title without abstract.
    assert f"{path}:13" in reasons and "no abstract" in reasons[f"{path}:13"]


@pytest.mark.parametrize("content", ["", "just\n\nshort\n\nlines\n"])
def test_file_with_no_papers_is_an_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(content)
    with pytest.raises(UnreadableFile, match="empty.txt"):
        list(read_digest(path))


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        list(read_digest(tmp_path / "nope.txt"))


def test_a_truncated_json_line_names_the_column_where_it_breaks(tmp_path: Path) -> None:
    # Regression (a new user's try): the trailing newline made every error at a line's end read "column 1".
    from ingest.readers import read_papers

    path = tmp_path / "tiny.jsonl"
    path.write_text(
        '{"title": "Über Täuschung", "abstract": "Wir testen CLIP-Grenzen mit Beispielen."}\n'
        '{"title": "broken line", "abstract": \n',
        encoding="utf-8",
    )
    got = list(read_papers(path))
    skipped = [r for r in got if isinstance(r, Skipped)]
    assert [p.title for p in got if isinstance(p, Paper)] == ["Über Täuschung"]
    assert skipped and skipped[0].source.endswith("tiny.jsonl:2") and "column 38" in skipped[0].reason
