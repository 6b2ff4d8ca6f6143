"""Every input format on realistic sample files (tests/data), and on broken input generated here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.types import Paper
from ingest.readers import (
    FORMATS,
    Repaired,
    Skipped,
    UnreadableFile,
    detect_format,
    jsonfile,
    read_papers,
)
from ingest.readers import arxiv as arxiv_reader
from ingest.readers import bibtex as bibtex_reader
from ingest.readers.fields import arxiv_id_of, doi_of, split_names, year_of

DATA = Path(__file__).parent / "data"
ABSTRACT = "We study a model that reads images and text, and report its accuracy on three benchmarks."


def read(path: Path, fmt: str | None = None) -> tuple[list[Paper], list[Skipped]]:
    items = list(read_papers(path, fmt))
    return [p for p in items if isinstance(p, Paper)], [s for s in items if isinstance(s, Skipped)]


def by_title(papers: list[Paper]) -> dict[str, Paper]:
    return {p.title: p for p in papers}


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("arxiv_query.xml", "arxiv"),
        ("zotero.bib", "bibtex"),
        ("zotero.csv", "csv"),
        ("papers.jsonl", "jsonl"),
        ("hf_daily_papers.json", "json"),
    ],
)
def test_formats_are_detected(name: str, fmt: str) -> None:
    assert detect_format(DATA / name) == fmt


def test_detection_looks_at_content(tmp_path: Path) -> None:
    lines = tmp_path / "export.json"  # JSON Lines under a .json name
    lines.write_text(
        "\n".join(json.dumps({"title": f"T{i}", "abstract": ABSTRACT}) for i in range(2)), encoding="utf-8"
    )
    assert detect_format(lines) == "jsonl"
    bib = tmp_path / "refs.txt"
    bib.write_text((DATA / "zotero.bib").read_text(encoding="utf-8"), encoding="utf-8")
    assert detect_format(bib) == "bibtex"
    feed = tmp_path / "query"  # no extension: an arXiv API response saved as is
    feed.write_bytes((DATA / "arxiv_query.xml").read_bytes())
    assert detect_format(feed) == "arxiv"
    # --format overrides detection
    papers, _ = read(lines, "jsonl")
    assert [p.title for p in papers] == ["T0", "T1"]
    with pytest.raises(UnreadableFile, match="no title column"):
        read(lines, "csv")


def test_arxiv_atom_feed() -> None:
    path = DATA / "arxiv_query.xml"
    papers, skipped = read(path)
    titles = by_title(papers)
    assert len(papers) == 4
    eyes = titles["Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs"]
    assert eyes.arxiv_id == "2401.06209"  # version dropped: v1 and v2 are one paper
    assert eyes.year == 2024
    assert eyes.authors[0] == "Shengbang Tong" and len(eyes.authors) == 6
    assert eyes.categories == ["cs.CV", "cs.CL"]
    assert eyes.url == "https://arxiv.org/abs/2401.06209v2"
    assert "\n" not in eyes.abstract and "''CLIP-blind pairs''" in eyes.abstract
    assert eyes.source == f"{path}:10"
    # LaTeX in a title that wraps over two lines; accents in authors; code URL from the comment
    alpha = next(p for p in papers if p.arxiv_id == "2403.01234")
    assert alpha.title == (
        r"$\alpha$-Fusion: Gated Cross-Modal Attention for Audio-Visual Speech Recognition at $O(n \log n)$ Cost"
    )
    assert r"$\alpha \in [0, 1]$" in alpha.abstract
    assert alpha.authors == ["Zoë Lefèvre", "Jörg Müller", "Łukasz Wiśniewski"]
    assert alpha.code_url == "https://github.com/example-lab/alpha-fusion"
    assert alpha.categories[0] == "eess.AS"  # primary category first
    old = next(p for p in papers if p.arxiv_id == "cs/0112017")  # old-style id
    assert old.doi == "10.1145/000000.000001" and old.year == 2001
    chinese = next(p for p in papers if p.arxiv_id == "2402.05555")
    assert chinese.title.startswith("多模态大模型") and "例如：手写笔记" in chinese.abstract
    assert [(s.source, s.reason) for s in skipped] == [
        (f"{path}:95", "empty abstract (title 'A Withdrawn Paper')")
    ]


def test_bibtex_zotero_export() -> None:
    path = DATA / "zotero.bib"
    papers, skipped = read(path)
    titles = by_title(papers)
    assert len(papers) == 4
    eyes = titles["Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs"]  # {braces} gone
    assert eyes.arxiv_id == "2401.06209" and eyes.doi == "10.48550/arXiv.2401.06209"
    assert eyes.authors[:2] == ["Shengbang Tong", "Zhuang Liu"]  # "Last, First" turned around
    assert eyes.year == 2024 and eyes.source == f"{path}:6"
    uber = titles[r"Über-CLIP: Cross-Modal Retrieval with $\mathcal{O}(1)$ Memory per Query"]
    assert uber.authors == ["Jörg Müller", "Zoë Lefèvre", "José García", "The MMR Consortium"]
    assert "recall@1 drops by only 0.8% while memory shrinks by 97%" in uber.abstract  # \% decoded
    assert "R&D teams" in uber.abstract and "naïve baselines" in uber.abstract
    assert "$2^{16}$ buckets" in uber.abstract  # math kept verbatim
    assert "\n" not in uber.abstract and "\t" not in uber.abstract  # a multi-line field, joined
    assert uber.code_url == "https://github.com/example-lab/uber-clip"
    assert uber.categories == ["retrieval", "hashing", "multimodal"]
    m3it = next(p for p in papers if p.arxiv_id == "2306.04387")  # eprint + archivePrefix
    assert m3it.title.startswith("M$^3$IT:") and m3it.categories == ["cs.CV"] and len(m3it.authors) == 12
    book = titles["Visual Question Answering: Æsthetics, Ethics and Évaluation"]
    assert book.authors == ["Søren Kierkegaard-Hansen"] and "æ, ø and å" in book.abstract
    reasons = {s.source: s.reason for s in skipped}
    assert reasons[f"{path}:47"].startswith("empty abstract")
    assert reasons[f"{path}:55"].startswith("BibTeX entry cannot be parsed: Unexpected block start")


def test_csv_zotero_export() -> None:
    path = DATA / "zotero.csv"
    papers, skipped = read(path)
    eyes, sarcasm = papers
    assert eyes.authors == ["Shengbang Tong", "Zhuang Liu", "Saining Xie"]
    assert eyes.arxiv_id == "2401.06209" and eyes.year == 2024
    assert sarcasm.title == 'Multimodal Sarcasm Detection with "Incongruity" Graphs'  # "" unescaped
    assert sarcasm.authors == ["Íñigo Núñez", "Siobhán O'Brien"]
    assert sarcasm.abstract.endswith("improves F1 by 3.1 points.")  # a quoted field over four lines
    assert sarcasm.categories == ["sarcasm", "graphs"] and sarcasm.source == f"{path}:3"
    assert [(s.source, s.reason) for s in skipped] == [
        (f"{path}:7", "empty abstract (title 'A Row Without An Abstract')")
    ]


def test_jsonl_and_json() -> None:
    papers, skipped = read(DATA / "papers.jsonl")
    wings, cafe, nested = papers
    assert wings.arxiv_id == "2406.03496" and wings.categories == ["cs.CL", "cs.CV"]
    assert cafe.doi == "10.5555/Cafe.VLM.2023" and cafe.year == 2023  # doi.org prefix and date handled
    assert cafe.authors == ["Renée Dubois", "Kōji Tanaka"]
    assert r"$p(y \mid x) = \prod_t p(y_t \mid y_{<t}, x)$" in cafe.abstract
    assert "日本語, العربية, Ελληνικά" in cafe.abstract
    assert nested.arxiv_id == "2404.00001" and nested.authors == ["Ana Souza", "Ben Carter"]
    assert not skipped
    path = DATA / "hf_daily_papers.json"
    papers, skipped = read(path)
    assert [p.arxiv_id for p in papers] == ["2406.09406", "2312.06647"]
    assert papers[0].authors[1] == "Oğuzhan Fatih Kar" and papers[0].source == f"{path}:2"
    assert [(s.source, s.reason) for s in skipped] == [
        (f"{path}:29", "not a JSON object but a string"),
        (f"{path}:30", "empty abstract (title 'Missing Its Abstract')"),
    ]


def test_json_array_streams_across_buffer_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    path = DATA / "hf_daily_papers.json"
    expected = list(read_papers(path))
    for chunk in (1, 7, 64):
        monkeypatch.setattr(jsonfile, "_CHUNK", chunk)
        assert list(read_papers(path)) == expected


def test_arxiv_feed_streams_across_buffer_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    path = DATA / "arxiv_query.xml"
    expected = list(read_papers(path))
    monkeypatch.setattr(arxiv_reader, "_CHUNK", 5)
    assert list(read_papers(path)) == expected


def test_bibtex_batches_keep_string_macros(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bibtex_reader, "_BATCH_BLOCKS", 2)  # @string in batch 1, its use in batch 3
    path = tmp_path / "many.bib"
    entries = [
        f"@article{{k{i},\n  title = {{Paper {i}}},\n  journal = jml,\n  abstract = {{{ABSTRACT}}}\n}}\n"
        for i in range(5)
    ]
    path.write_text('@string{jml = "Journal of Machine Learning"}\n\n' + "\n".join(entries), encoding="utf-8")
    papers, skipped = read(path)
    assert [p.title for p in papers] == [f"Paper {i}" for i in range(5)] and not skipped
    assert [p.source for p in papers] == [f"{path}:{3 + 6 * i}" for i in range(5)]


# --- bad input: one bad record is skipped, the rest is read --------------------------------------


def test_bad_jsonl_records_are_skipped_with_line_and_reason(tmp_path: Path) -> None:
    good = {"title": "Good", "abstract": ABSTRACT}
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b"\n".join(
            [
                json.dumps(good).encode(),
                b'{"title": "Cut off", "abstract": "We stu',  # malformed line
                b"[1, 2, 3]",  # not an object
                json.dumps({"abstract": ABSTRACT}).encode(),  # no title
                json.dumps({"title": "Blank", "abstract": "  "}).encode(),  # empty abstract
                b'{"title": "Latin-1 caf\xe9", "abstract": "x"}',  # broken encoding
                b'{"title": "Lone surrogate \\ud800", "abstract": "' + ABSTRACT.encode() + b'"}',
                b"",
                json.dumps(good | {"title": "Also good", "year": "n.d.", "arxiv_id": "n/a"}).encode(),
            ]
        )
    )
    papers, skipped = read(path)
    # One bad character never costs a paper: a line in Windows-1252 is read as such (break4:
    # it was "caf\ufffd"), lone surrogates are replaced.
    assert [p.title for p in papers] == ["Good", "Latin-1 café", "Lone surrogate \ufffd", "Also good"]
    assert papers[3].year is None and papers[3].arxiv_id is None  # unusable optional fields dropped
    reasons = {s.source.rsplit(":", 1)[1]: s.reason for s in skipped}
    assert set(reasons) == {"2", "3", "4", "5"}
    assert reasons["2"] == "malformed JSON (Unterminated string starting at column 34)"
    assert reasons["3"] == "not a JSON object but a list"
    assert reasons["4"] == "no title"
    assert reasons["5"].startswith("empty abstract")
    repaired = {r.source.rsplit(":", 1)[1]: r.reason for r in read_papers(path) if isinstance(r, Repaired)}
    assert list(repaired) == ["6", "7", "9"]
    assert repaired["9"] == "the year 'n.d.' is not a year; stored without one"  # said since the eighth round
    assert repaired["6"].startswith("the line is not UTF-8: read as Windows-1252")
    assert "replaced 1 character" in repaired["7"] and "in 'title' (1)" in repaired["7"]


def test_a_line_in_windows_1252_keeps_its_accents_and_quotes(tmp_path: Path) -> None:
    # Regression (break4): records pasted from Excel into a UTF-8 JSONL file lost "é" and
    # curly quotes to U+FFFD. Bytes valid in neither encoding are still replaced and reported.
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"title": "Utf8 caf\xc3\xa9", "abstract": "ok"}\n'
        b'{"title": "Cp1252 \x93quoted\x94 caf\xe9", "abstract": "ok"}\n'
        b'{"title": "Neither \x81\xff", "abstract": "ok"}\n'
    )
    items = list(read_papers(path))
    assert [p.title for p in items if isinstance(p, Paper)] == [
        "Utf8 café",
        "Cp1252 “quoted” café",
        "Neither \ufffd\ufffd",
    ]
    notes = {r.source.rsplit(":", 1)[1]: r.reason for r in items if isinstance(r, Repaired)}
    assert notes["2"].startswith("the line is not UTF-8: read as Windows-1252") and "replaced 2" in notes["3"]


def test_bad_csv_rows_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(
        "\ufefftitle;abstract;authors\n".encode()  # Excel: BOM and semicolons
        + f"Good;{ABSTRACT};Ana Souza\n".encode()
        + b"Too;many;fields;here\n"
        + b"Caf\xe9 latin-1;some abstract;x\n"
        + f"Second good;{ABSTRACT};\n".encode()
        + b'Unclosed;"this quote never ends\nand runs;to the end\n'
    )
    papers, skipped = read(path)
    assert [p.title for p in papers] == ["Good", "Café latin-1", "Second good"]  # read as Windows-1252
    assert papers[0].authors == ["Ana Souza"] and papers[2].authors == []
    reasons = {s.source.rsplit(":", 1)[1]: s.reason for s in skipped}
    assert set(reasons) == {"3", "6", "7"}
    assert reasons["3"] == "row has 4 fields, the header has 3"
    # The unclosed quote costs its own line; the line after it is read as a row (ingest14).
    assert reasons["6"].startswith("unclosed quote? the quoted field opened on this line runs over lines 6-7")
    assert "(csv: unexpected end of data); this line is skipped and reading resumes at line 7" in reasons["6"]
    assert reasons["7"] == "row has 2 fields, the header has 3"


def test_bad_bibtex_entry_encoding_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(
        b"@article{a,\n  title = {Fine},\n  abstract = {" + ABSTRACT.encode() + b"}\n}\n\n"
        b"@article{b,\n  title = {Caf\xe9},\n  abstract = {" + ABSTRACT.encode() + b"}\n}\n\n"
        b"@article{a,\n  title = {Same key again},\n  abstract = {" + ABSTRACT.encode() + b"}\n}\n"
    )
    papers, skipped = read(path)
    assert [p.title for p in papers] == ["Fine", "Café"]  # the line read as Windows-1252 (ingest14)
    assert [(s.source, s.reason) for s in skipped] == [(f"{path}:11", "duplicate BibTeX key 'a'")]
    repaired = [r for r in read_papers(path) if isinstance(r, Repaired)]
    assert [r.source for r in repaired] == [f"{path}:7"] and "read as Windows-1252" in repaired[0].reason


# --- a file that cannot be parsed at all: UnreadableFile, with file:line where there is one ------


def _truncated_feed(tmp_path: Path) -> Path:
    path = tmp_path / "cut.xml"
    text = (DATA / "arxiv_query.xml").read_text(encoding="utf-8")
    path.write_text(
        text[: text.index("<entry>", text.index("</entry>"))] + "<entry><title>Cut", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.jsonl", b"", "empty.jsonl: is empty (0 bytes); nothing to read"),
        ("blank.jsonl", b"\xef\xbb\xbf\n \r\n\t\n", "blank.jsonl: holds only blank lines (9 bytes)"),
        ("blank.txt", b"\n\n", "blank.txt: holds only blank lines (2 bytes)"),
        ("empty.json", b"", "empty.json: is empty (0 bytes)"),
        ("empty.csv", b"", "empty.csv: is empty (0 bytes)"),
        ("empty.bib", b"", "empty.bib: is empty (0 bytes)"),
        ("empty.xml", b"", "empty.xml: is empty (0 bytes)"),
        ("garbage.bib", b"\x00\x01\x02 not bibtex at all", "no papers found"),
        ("noabstract.csv", b"title,year\nA,2020\n", "no abstract column"),
        (
            "array.json",
            b'[{"title": "A", "abstract": "B"},\n {"title": "C" "abstract": "D"}]',
            ":2: invalid JSON",
        ),
        ("trailing.json", b'[{"title": "A", "abstract": "B"},]', ":1: invalid JSON"),
        ("open.json", b'[{"title": "A", "abstract": "B"}', "expected ',' or ']'"),
        (
            "html.xml",
            b"<html><body>Rate exceeded</body></html>",
            "not an Atom feed (the root element is <html>",
        ),
        (
            "bomb.xml",
            b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<feed><entry><title>&b;</title></entry></feed>",
            "entity declarations are not accepted",
        ),
        (
            "error.xml",
            b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
            b"<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id><title>Error</title>"
            b"<summary>incorrect id format for 1234.12345</summary></entry></feed>",
            "the arXiv API returned an error: incorrect id format for 1234.12345",
        ),
        (
            "nofeed.xml",
            b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>',
            "no papers",
        ),
    ],
)
def test_unparseable_files_are_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=re.escape(message)):
        read(path)


def test_truncated_xml_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = _truncated_feed(tmp_path)
    with pytest.raises(UnreadableFile, match=r"cut\.xml:\d+: not well-formed XML"):
        read(path)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    for name in ("nope.jsonl", "nope.bib", "nope.xml", "nope.csv", "nope.json"):
        with pytest.raises(UnreadableFile, match="no such file"):
            read(tmp_path / name)


def test_identifier_parsing() -> None:
    assert arxiv_id_of("https://arxiv.org/pdf/2401.06209v1.pdf") == "2401.06209"
    assert arxiv_id_of("arXiv:2401.06209 [cs]") == "2401.06209"
    assert arxiv_id_of("10.48550/arXiv.2306.04387") == "2306.04387"
    assert arxiv_id_of("math.GT/0309136v2") == "math.GT/0309136"
    assert arxiv_id_of("1234") is None and arxiv_id_of("n/a") is None
    assert doi_of("https://doi.org/10.1162/tacl_a_00999.") == "10.1162/tacl_a_00999"
    assert doi_of("not a doi") is None
    assert year_of("2024-01-11T18:58:36Z") == 2024 and year_of(2023) == 2023 and year_of("n.d.") is None
    assert split_names('M{\\"u}ller, J. and Doe, Jane') == ['J. M{\\"u}ller', "Jane Doe"]
    assert split_names([{"given": "Ana", "family": "Souza"}]) == ["Ana Souza"]
    assert split_names("Ana Souza, Ben Carter") == ["Ana Souza", "Ben Carter"]


def test_excel_unicode_text_export_is_read(tmp_path: Path) -> None:
    # Regression: Excel's "Unicode text" (UTF-16 with a BOM) failed with "no title column".
    path = tmp_path / "excel.csv"
    path.write_bytes(f"Title\tAbstract\tAuthors\nGödel Nets\t{ABSTRACT}\tKurt Gödel\n".encode("utf-16"))
    papers, skipped = read(path)
    assert [(p.title, p.authors) for p in papers] == [("Gödel Nets", ["Kurt Gödel"])] and not skipped
    other = tmp_path / "utf16.jsonl"
    other.write_bytes(json.dumps({"title": "T", "abstract": ABSTRACT}).encode("utf-16"))
    with pytest.raises(UnreadableFile, match="UTF-16 encoded; save it as UTF-8"):
        read(other)


def test_control_characters_are_dropped(tmp_path: Path) -> None:
    # Regression: a NUL byte in a CSV cell went into the title as is.
    path = tmp_path / "nul.csv"
    path.write_bytes(b"title,abstract\nNul\x00title,An abstract\x07 with a bell.\n")
    papers, _ = read(path)
    assert (papers[0].title, papers[0].abstract) == ("Nultitle", "An abstract with a bell.")


def test_one_long_jsonl_line_is_jsonl(tmp_path: Path) -> None:
    # Regression: a .jsonl whose first line is longer than the sniffed 64 KiB was taken for JSON.
    path = tmp_path / "huge.jsonl"
    long = " ".join(f"Sentence {i} about the method." for i in range(5000))
    path.write_text(json.dumps({"title": "Huge", "abstract": long}) + "\n", encoding="utf-8")
    assert detect_format(path) == "jsonl"
    papers, _ = read(path)
    assert papers[0].abstract == long


def test_json_values_of_the_wrong_type_are_named_not_stored_as_python_text(tmp_path: Path) -> None:
    # Regression (break4): {"title": {"en": ...}} was stored as the title "{'en': ...}", a
    # "url" object as the URL "{'href': ...}", authors {"name": ...} as the author "name",
    # and a year of 1e400 or NaN crashed the whole ingest with OverflowError / ValueError.
    path = tmp_path / "typed.jsonl"
    rows = [
        {"title": {"en": "Nested"}, "abstract": ABSTRACT},
        {"title": True, "abstract": ABSTRACT},
        {"title": "Abstract object", "abstract": {"text": ABSTRACT}},
        {"title": "Url object", "abstract": ABSTRACT, "url": {"href": "http://x"}, "categories": {"a": 1}},
        {"title": "One author object", "abstract": ABSTRACT, "authors": {"name": "Ann Lee"}},
        {"title": "Nested author list", "abstract": ABSTRACT, "authors": [["A", "B"]]},
    ]
    lines = [json.dumps(r) for r in rows]
    lines += [
        f'{{"title": "Year {y}", "abstract": "{ABSTRACT}", "year": {y}}}'
        for y in ("1e400", "NaN", "-Infinity")
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    papers, skipped = read(path)
    got = by_title(papers)
    assert set(got) == {
        "Url object",
        "One author object",
        "Nested author list",
        "Year 1e400",
        "Year NaN",
        "Year -Infinity",
    }
    assert [(s.source, s.reason) for s in skipped] == [
        (f"{path}:1", "field 'title' is an object, not text"),
        (f"{path}:2", "field 'title' is true (a boolean), not text"),
        (f"{path}:3", "field 'abstract' is an object, not text"),
    ]
    assert got["Url object"].url is None and got["Url object"].categories == []
    assert got["One author object"].authors == ["Ann Lee"]
    assert got["Nested author list"].authors == []
    assert all(got[f"Year {y}"].year is None for y in ("1e400", "NaN", "-Infinity"))
    notes = {r.source: r.reason for r in read_papers(path) if isinstance(r, Repaired)}
    assert notes == {
        f"{path}:4": "dropped fields that are not text: 'url' is an object; 'categories' is an object",
        f"{path}:6": "dropped fields that are not text: 'authors' is a list holding a list",
        f"{path}:7": "the year 'inf' is not a year; stored without one",
        f"{path}:8": "the year 'nan' is not a year; stored without one",
        f"{path}:9": "the year '-inf' is not a year; stored without one",
    }


def test_invisible_format_characters_are_dropped(tmp_path: Path) -> None:
    # Regression (break4): a zero-width space, a soft hyphen (PDF copy-paste) or a bidi override
    # stayed in the title and abstract, so "transformer" did not match "trans\xadformer" and a
    # title with U+202E displayed reversed. ZWNJ/ZWJ stay: Persian and emoji need them.
    path = tmp_path / "invisible.jsonl"
    title = "Trans\u00adformer\u200b for \u202eVision\u202c \u2066Tasks\u2069\ufeff"
    abstract = "We propose a trans\u00adformer.\u200e It is fast. \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f468\u200d\U0001f4bb"
    path.write_text(json.dumps({"title": title, "abstract": abstract}) + "\n", encoding="utf-8")
    papers, _ = read(path)
    assert papers[0].title == "Transformer for Vision Tasks"
    assert (
        papers[0].abstract
        == "We propose a transformer. It is fast. \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f468\u200d\U0001f4bb"
    )


def test_terminal_escape_sequences_are_dropped_whole(tmp_path: Path) -> None:
    # Regression (bad-input trial 10): the ESC of a colour code was dropped but its residue kept,
    # so a title was stored as "Evil [2J[31mRed Title with controls".
    path = tmp_path / "ansi.jsonl"
    title = "Evil \x1b[2J\x1b[31mRed Title\x1b[0m with \x1b]0;window\x07controls"
    path.write_text(json.dumps({"title": title, "abstract": "We propose \x1b[1mBold\x1b[0m. It works."}) + "\n")
    papers, _ = read(path)
    assert papers[0].title == "Evil Red Title with controls"
    assert papers[0].abstract == "We propose Bold. It works."


@pytest.mark.parametrize("fmt", [None, "jsonl", "csv", "bibtex", "arxiv", "digest", "json"])
def test_a_directory_is_named_as_a_directory(tmp_path: Path, fmt: str | None) -> None:
    # Regression (break4): `python -m ingest papers/` said "papers: no such file".
    folder = tmp_path / "papers.jsonl"
    folder.mkdir()
    with pytest.raises(UnreadableFile, match="is a directory, not a file of papers"):
        read(folder, fmt)


def test_a_read_error_part_way_is_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression (break4): an OSError while reading (EIO, permission) escaped as a traceback.
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"title": "T", "abstract": ABSTRACT}) + "\n", encoding="utf-8")

    def failing(_: Path):  # noqa: ANN202
        yield from ()
        raise PermissionError(13, "Permission denied")

    monkeypatch.setitem(FORMATS, "jsonl", failing)
    with pytest.raises(UnreadableFile, match=r"p\.jsonl: cannot be read \(Permission denied\)"):
        read(path, "jsonl")


def test_two_long_titles_skipped_for_no_abstract_stay_apart(tmp_path: Path) -> None:
    # Regression (bad-input round 12): a long title was shown by its first characters only, so two that
    # differ at the end read the same; the reason keeps its start and end (assistant.text.clipped).
    path = tmp_path / "long.jsonl"
    records = [{"title": "A" * 300, "abstract": ""}, {"title": "A" * 299 + "B", "abstract": ""}]
    records.append({"title": "Kept", "abstract": "A paper that has an abstract."})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    _, skipped = read(path)
    reasons = [s.reason for s in skipped]
    assert len(set(reasons)) == 2 and reasons[1].endswith("AB')"), reasons
