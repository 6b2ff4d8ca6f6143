"""Bad bytes and odd line ends in files of papers (eighth round's breaking inputs).

Each case is the input that failed before the fix: the digest reader skipped the
cleaning every other reader does (a NUL, a BOM, a bidi override stayed in the title;
a title of zero-width spaces or combining marks alone was stored), a CR-only file
was one line (the digest read it as a CSV header, JSONL as one malformed line), and a
JSON number was stored as a title.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.types import Paper
from ingest.readers import Skipped, UnreadableFile, read_papers

# The digest takes a line of 200+ characters as an abstract.
ABSTRACT = "We study vision models on a new benchmark of paired images. " * 5


def read(path: Path) -> tuple[list[Paper], list[Skipped]]:
    items = list(read_papers(path))
    return [i for i in items if isinstance(i, Paper)], [i for i in items if isinstance(i, Skipped)]


def test_digest_titles_are_cleaned_like_every_other_format(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(
        f"\ufeffBOM Title\n{ABSTRACT}\n\nNul \x00Title\n{ABSTRACT}\n\n"
        f"\u05e9\u05dc\u05d5\u05dd \u202eReversed\u202c\u200b Title\n{ABSTRACT}\u200f\n"
    )
    papers, skipped = read(path)
    assert [p.title for p in papers] == ["BOM Title", "Nul Title", "\u05e9\u05dc\u05d5\u05dd Reversed Title"]
    assert not skipped
    assert all("\u200f" not in p.abstract for p in papers)


def test_a_digest_title_that_shows_nothing_is_skipped_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "marks.txt"
    path.write_text(f"Good Title\n{ABSTRACT}\n\n\u0301\u0302\u0303\n{ABSTRACT}\n\n\u200d\n{ABSTRACT}\n")
    papers, skipped = read(path)
    assert [p.title for p in papers] == ["Good Title"]
    assert [(s.source, s.reason.split(" (")[0]) for s in skipped] == [
        (f"{path}:4", "field 'title' shows nothing"),
        (f"{path}:7", "field 'title' shows nothing"),
    ]
    only = tmp_path / "only.txt"
    only.write_text(f"\u0301\u0301\n{ABSTRACT}\n")
    with pytest.raises(
        UnreadableFile,
        match=r"only\.txt: no papers found when read as digest \(e\.g\. .*only\.txt:1: "
        r"field 'title' shows nothing",
    ):
        read(only)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cr.txt", f"First CR Paper\r{ABSTRACT}\r\rSecond CR Paper\r{ABSTRACT}\r"),
        (
            "cr.jsonl",
            "\r".join(
                json.dumps({"title": t, "abstract": "An abstract."})
                for t in ("First CR Paper", "Second CR Paper")
            )
            + "\r",
        ),
        ("cr.csv", "title,abstract\rFirst CR Paper,An abstract.\rSecond CR Paper,An abstract.\r"),
    ],
)
def test_cr_only_line_ends_are_line_ends(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode())
    papers, skipped = read(path)
    assert [p.title for p in papers] == ["First CR Paper", "Second CR Paper"]
    assert not skipped
    assert papers[1].source.endswith((":4", ":2", ":3"))


def test_a_json_number_is_no_title_and_json_kinds_are_named_in_json_words(tmp_path: Path) -> None:
    path = tmp_path / "types.jsonl"
    lines = [
        {"title": 12345, "abstract": "A shifted column."},
        {"title": "Pi", "abstract": 3.14},
        {"title": "Kept", "abstract": "A real abstract.", "foo": [1, 2]},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + '\nnull\n42\n"text"\n')
    papers, skipped = read(path)
    assert [p.title for p in papers] == ["Kept"]
    assert {s.source.rsplit(":", 1)[1]: s.reason for s in skipped} == {
        "1": "field 'title' is a number (12345), not text",
        "2": "field 'abstract' is a number (3.14), not text",
        "4": "not a JSON object but null",
        "5": "not a JSON object but a number (42)",
        "6": "not a JSON object but a string",
    }


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--batch-size", "0"], "argument --batch-size: 0 is not a number of at least 1"),
        (["--batch-size", "-3"], "argument --batch-size: -3 is not a number of at least 1"),
        (["--batch-size", "x"], "argument --batch-size: 'x' is not a number"),
        (["--wait", "-1"], "argument --wait: -1 is not a number of at least 0"),
        (["--wait", "nan"], "argument --wait: nan is not a number of at least 0"),
    ],
)
def test_ingest_flags_below_their_floor_are_refused(
    flags: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression (eighth round): --batch-size 0 was the default, -3 was 1, --wait -1 no wait.
    from ingest.__main__ import build_parser

    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([*flags, "papers.jsonl"])
    assert exit_.value.code == 2 and message in capsys.readouterr().err
    assert build_parser().parse_args(["--batch-size", "2", "--wait", "0.5"]).batch_size == 2


def test_a_year_that_is_no_year_is_reported_and_the_paper_kept(tmp_path: Path) -> None:
    # Regression (eighth round): "year": "abc" (JSONL) or a CSV year column of "n.d." was dropped
    # without a word; the paper is kept without a year, and the report says why.
    jsonl = tmp_path / "y.jsonl"
    jsonl.write_text(
        json.dumps({"title": "Year Words", "abstract": "An abstract.", "year": "abc"})
        + "\n"
        + json.dumps({"title": "Year Fine", "abstract": "An abstract.", "year": "2024-01-02"})
        + "\n"
        + json.dumps({"title": "Both", "abstract": "An abstract.", "year": "n.d.", "url": {"x": 1}})
        + "\n"
    )
    items = list(read_papers(jsonl))
    notes = {i.source.rsplit(":", 1)[1]: i.reason for i in items if not isinstance(i, Paper | Skipped)}
    assert notes == {
        "1": "the year 'abc' is not a year; stored without one",
        "3": "dropped fields that are not text: 'url' is an object; the year 'n.d.' is not a year; stored without one",
    }
    assert [(p.title, p.year) for p in items if isinstance(p, Paper)] == [
        ("Year Words", None),
        ("Year Fine", 2024),
        ("Both", None),
    ]
    csv_file = tmp_path / "y.csv"
    csv_file.write_text("title,abstract,publication year\nCSV Words,An abstract.,n.d.\nCSV None,An abstract.,\n")
    items = list(read_papers(csv_file))
    notes = {i.source.rsplit(":", 1)[1]: i.reason for i in items if not isinstance(i, Paper | Skipped)}
    assert notes == {"2": "the year 'n.d.' is not a year; stored without one"}
    assert [p.title for p in items if isinstance(p, Paper)] == ["CSV Words", "CSV None"]
