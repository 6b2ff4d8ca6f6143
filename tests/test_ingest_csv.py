"""CSV rows that an unclosed quote used to swallow (helper ingest14): the bad line is skipped with
its ``file:line``, reading resumes at the next physical line, and quoted multi-line fields still work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.types import Paper
from ingest.readers import Skipped, read_papers

ROOT = Path(__file__).resolve().parents[1]
HEADER = "title,abstract,year"
GOOD = [f"Paper {i},We propose Model{i} for grounding tasks.,2024" for i in range(50)]
UNCLOSED = '"Unclosed quote row,We propose BadNet.,2024'


def read(path: Path) -> tuple[list[Paper], list[Skipped]]:
    items = list(read_papers(path))
    return [p for p in items if isinstance(p, Paper)], [s for s in items if isinstance(s, Skipped)]


def test_an_unclosed_quote_costs_its_line_not_the_rows_after_it(tmp_path: Path) -> None:
    # Regression: row 3's stray quote ran to the end of the file; "1 added, 1 skipped", 50 papers lost.
    path = tmp_path / "sheet.csv"
    path.write_text("\n".join([HEADER, "Good first,We propose GoodNet.,2023", UNCLOSED, *GOOD]) + "\n")
    papers, skipped = read(path)
    assert [p.title for p in papers] == ["Good first"] + [f"Paper {i}" for i in range(50)]
    assert papers[1].source == f"{path}:4" and papers[-1].source == f"{path}:53"
    assert [s.source for s in skipped] == [f"{path}:3"]
    assert skipped[0].reason.startswith(
        "unclosed quote? the quoted field opened on this line runs over lines 3-53"
    )
    assert skipped[0].reason.endswith("this line is skipped and reading resumes at line 4")


def test_an_unclosed_quote_on_the_first_row_no_longer_refuses_the_file(tmp_path: Path) -> None:
    path = tmp_path / "first.csv"
    path.write_text("\n".join([HEADER, UNCLOSED, *GOOD]) + "\n")
    papers, skipped = read(path)
    assert len(papers) == 50 and [s.source for s in skipped] == [f"{path}:2"]


def test_two_unclosed_quotes_and_a_later_quoted_field(tmp_path: Path) -> None:
    # The first stray quote closes at a later line's quote (a malformed row, not the end of data):
    # each bad line is skipped alone, and the legitimately quoted rows after them are read.
    rows = [HEADER, UNCLOSED, *GOOD[:5], '"Second, unclosed,We propose X.,2024', *GOOD[5:10]]
    rows += ['"Quoted, title","An abstract\nover two lines, quoted.",2022', *GOOD[10:12]]
    path = tmp_path / "two.csv"
    path.write_text("\n".join(rows) + "\n")
    papers, skipped = read(path)
    titles = [p.title for p in papers]
    assert titles == [f"Paper {i}" for i in range(10)] + ["Quoted, title", "Paper 10", "Paper 11"]
    assert papers[10].abstract == "An abstract over two lines, quoted." and papers[10].source == f"{path}:14"
    assert [s.source.rsplit(":", 1)[1] for s in skipped] == ["2", "8"]


def test_a_quoted_multi_line_abstract_is_one_row(tmp_path: Path) -> None:
    # A well-formed quoted field over many lines, with commas and doubled quotes, is not "unclosed".
    abstract = '"We propose ""LongNet"",\nwhich reads, line by line,\n\nfive lines\nof text."'
    path = tmp_path / "multi.csv"
    path.write_text("\n".join([HEADER, f"Long,{abstract},2024", *GOOD[:2]]) + "\n")
    papers, skipped = read(path)
    assert [p.title for p in papers] == ["Long", "Paper 0", "Paper 1"] and not skipped
    assert papers[0].abstract == 'We propose "LongNet", which reads, line by line, five lines of text.'
    assert papers[1].source == f"{path}:7"


def test_the_cli_reports_the_skipped_line_and_the_added_rows(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("\n".join([HEADER, "Good first,We propose GoodNet.,2023", UNCLOSED, *GOOD]) + "\n")
    env = {"PA_STORE": str(tmp_path / "store"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "ingest", str(path), "--check", "--quiet"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "51 added" in done.stdout and "1 skipped" in done.stdout
    assert f"skipped {path}:3: unclosed quote?" in done.stdout


def test_a_multi_line_row_with_a_wrong_field_count_is_skipped_whole(tmp_path: Path) -> None:
    # Regression (ingest15): the row's second line was read again on its own; having the header's
    # three fields, it became the junk paper "Junk title" with the abstract 'We propose JunkNet."'.
    rows = [HEADER, "Good first,We propose GoodNet.,2023"]
    rows += ['Bad row,extra,"An abstract\nJunk title,We propose JunkNet.",2024', *GOOD[:3]]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(rows) + "\n")
    papers, skipped = read(path)
    assert [p.title for p in papers] == ["Good first", "Paper 0", "Paper 1", "Paper 2"]
    assert papers[1].source == f"{path}:5"
    assert [(s.source, s.reason) for s in skipped] == [
        (
            f"{path}:3",
            "the row over lines 3-4 has 4 fields, the header has 3; "
            "the whole row is skipped and reading resumes at line 5",
        )
    ]
