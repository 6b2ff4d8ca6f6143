"""Files that are not UTF-8 (helper ingest14): Windows-1252 CSV and BibTeX keep their accents as
JSONL lines already did, with one note naming the file; a record whose title or abstract is mostly
unreadable bytes (Shift-JIS) is skipped with "save it as UTF-8" instead of stored as U+FFFD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.types import Paper
from ingest.readers import Repaired, Skipped, UnreadableFile, read_papers

ABSTRACT = "We propose a café-scene model and report its accuracy on three benchmarks."
NOTE = "the file is not UTF-8 (2 of its lines are, this one first): read as Windows-1252"


def read(path: Path) -> tuple[list[Paper], list[Skipped], list[Repaired]]:
    items = list(read_papers(path))
    return (
        [p for p in items if isinstance(p, Paper)],
        [s for s in items if isinstance(s, Skipped)],
        [r for r in items if isinstance(r, Repaired)],
    )


def test_a_windows_1252_csv_keeps_its_accents(tmp_path: Path) -> None:
    # Regression: "Caf\ufffd Vision", every accent and curly quote replaced, 2 records "repaired".
    path = tmp_path / "excel.csv"
    text = (
        f"title,abstract,authors\nCafé Vision,{ABSTRACT},José Müller\nPlain Nets,“Quoted” naïve baselines.,\n"
    )
    path.write_bytes(text.encode("cp1252"))
    papers, skipped, repaired = read(path)
    assert [(p.title, p.authors) for p in papers] == [("Café Vision", ["José Müller"]), ("Plain Nets", [])]
    assert papers[1].abstract == "“Quoted” naïve baselines." and not skipped
    assert [(r.source, r.reason[: len(NOTE)]) for r in repaired] == [(f"{path}:2", NOTE)]
    assert repaired[0].reason.endswith("save the file as UTF-8 if its accents look wrong")


def test_a_windows_1252_bibtex_file_keeps_its_accents(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    text = f"@article{{a,\n  title = {{Café Vision}},\n  author = {{José Müller}},\n  abstract = {{{ABSTRACT}}}\n}}\n"
    path.write_bytes(text.encode("cp1252"))
    papers, skipped, repaired = read(path)
    assert [(p.title, p.authors, p.abstract) for p in papers] == [("Café Vision", ["José Müller"], ABSTRACT)]
    assert not skipped and len(repaired) == 1
    assert repaired[0].source == f"{path}:2" and repaired[0].reason.startswith(
        "the file is not UTF-8 (3 of its"
    )


def test_utf8_files_get_no_note_and_bytes_valid_in_neither_are_still_repaired(tmp_path: Path) -> None:
    path = tmp_path / "utf8.csv"
    # \x81 is undefined in Windows-1252: that line stays a repaired U+FFFD, the file gets no note.
    path.write_bytes(f"title,abstract\nCafé Vision,{ABSTRACT}\n".encode() + b"Bad \x81 byte,An abstract.\n")
    papers, _, repaired = read(path)
    assert [p.title for p in papers] == ["Café Vision", "Bad \ufffd byte"]
    assert [r.source for r in repaired] == [f"{path}:3"] and "replaced 1 character" in repaired[0].reason


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_a_shift_jis_record_is_skipped_not_stored_as_replacement_characters(
    tmp_path: Path, suffix: str
) -> None:
    # Regression: a Shift-JIS JSONL was stored with a title of U+FFFD ("���{���̎��o���ꃂ�f��").
    title, abstract = "日本語の視覚言語モデル", "我々は新しいモデルを提案する。画像とテキストを理解する。"
    if suffix == "jsonl":
        lines = [
            json.dumps({"title": t, "abstract": a}, ensure_ascii=False)
            for t, a in [(title, abstract), ("Good", "We propose X.")]
        ]
    else:
        lines = ["title,abstract", f"{title},{abstract}", "Good,We propose X."]
    path = tmp_path / f"sjis.{suffix}"
    path.write_bytes("\n".join(lines).encode("shift_jis") + b"\n")
    papers, skipped, _ = read(path)
    assert [p.title for p in papers] == ["Good"]
    assert len(skipped) == 1 and skipped[0].source.startswith(f"{path}:")
    assert skipped[0].reason.startswith("field 'title' is mostly bytes that are not UTF-8")
    assert skipped[0].reason.endswith("save it as UTF-8")


def test_a_file_of_shift_jis_records_only_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "all.jsonl"
    record = {"title": "日本語の視覚言語モデル", "abstract": "我々は新しいモデルを提案する。"}
    path.write_bytes(json.dumps(record, ensure_ascii=False).encode("shift_jis") + b"\n")
    with pytest.raises(UnreadableFile, match="no papers found.*save it as UTF-8"):
        read(path)


def test_a_few_replacement_characters_do_not_skip_a_record(tmp_path: Path) -> None:
    # Only a title or abstract that is *mostly* unreadable is skipped; one bad byte is repaired.
    path = tmp_path / "one.jsonl"
    path.write_bytes(b'{"title": "Vision \\ud800 Nets", "abstract": "An \xff abstract."}\n')
    papers, skipped, _ = read(path)
    assert [p.title for p in papers] == ["Vision \ufffd Nets"] and not skipped


RECORDS = [
    {"title": "Café Vision", "abstract": ABSTRACT, "authors": ["José Müller"]},
    {"title": "Plain Nets", "abstract": "“Quoted” naïve baselines."},
]


@pytest.mark.parametrize(
    ("name", "data", "note_line"),
    [
        ("array.json", RECORDS, 3),
        ("object.json", {"papers": RECORDS}, 4),
    ],
)
def test_a_windows_1252_json_file_keeps_its_accents(
    tmp_path: Path, name: str, data: object, note_line: int
) -> None:
    # Regression (ingest15): "Caf\ufffd Vision", "Jos\ufffd M\ufffdller", each record "repaired".
    path = tmp_path / name
    path.write_bytes(json.dumps(data, ensure_ascii=False, indent=1).encode("cp1252"))
    papers, skipped, repaired = read(path)
    assert [(p.title, p.authors) for p in papers] == [("Café Vision", ["José Müller"]), ("Plain Nets", [])]
    assert papers[1].abstract == "“Quoted” naïve baselines." and not skipped
    assert [(r.source, r.reason[:22]) for r in repaired] == [(f"{path}:{note_line}", NOTE[:22])]
    assert "4 of its lines are" in repaired[0].reason


def test_a_minified_json_file_is_read_in_pieces_without_splitting_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One line, read in pieces of a few bytes: UTF-8 characters cut by a piece's end are not
    # taken for Windows-1252; a Windows-1252 one-liner is noted once, as one line.
    from ingest.readers import jsonfile

    monkeypatch.setattr(jsonfile, "_CHUNK", 7)
    text = json.dumps(RECORDS, ensure_ascii=False)
    utf8, legacy = tmp_path / "utf8.json", tmp_path / "legacy.json"
    utf8.write_bytes(text.encode())
    legacy.write_bytes(text.encode("cp1252"))
    for path in (utf8, legacy):
        papers, _, repaired = read(path)
        assert [(p.title, p.abstract) for p in papers] == [(r["title"], r["abstract"]) for r in RECORDS]
        notes = [(r.source, r.reason[:50]) for r in repaired]
        assert notes == (
            [] if path == utf8 else [(f"{path}:1", "the file is not UTF-8 (1 of its lines is, this one")]
        )


def test_a_windows_1252_digest_keeps_its_accents(tmp_path: Path) -> None:
    # Regression (ingest15): the title "Caf\ufffd Vision: na\ufffdve \ufffdmodels\ufffd".
    path = tmp_path / "digest.txt"
    text = f"Daily papers\n\nCafé Vision: naïve “models”\n{ABSTRACT * 4}\n\nPlain Nets\n{ABSTRACT * 4}\n"
    path.write_bytes(text.encode("cp1252"))
    papers, skipped, repaired = read(path)
    assert [p.title for p in papers] == ["Café Vision: naïve “models”", "Plain Nets"] and not skipped
    assert papers[0].abstract == ABSTRACT * 4
    assert [(r.source, r.reason[:42]) for r in repaired] == [
        (f"{path}:3", "the file is not UTF-8 (3 of its lines are,")
    ]
