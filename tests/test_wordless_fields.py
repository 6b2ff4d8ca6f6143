"""A title or abstract that shows nothing (sixth bad-input round): skipped, named, in every format."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.types import Paper
from ingest.readers import Skipped, read_papers
from ingest.readers.common import shows_text

ABSTRACT = "A model for multimodal learning with many modalities."
# before: each was stored as a paper whose title showed nothing ('\textbf{}' printed as '', U+200D alone)
WORDLESS = ["{}", "\\textbf{}", "\u200d\u200d", "\\emph{}\\,", "\\vspace{2pt}"]


@pytest.mark.parametrize("title", WORDLESS)
def test_a_title_that_shows_nothing_is_skipped_with_its_line(tmp_path: Path, title: str) -> None:
    import json

    path = tmp_path / "papers.jsonl"
    rows = [{"title": "Good Paper", "abstract": ABSTRACT}, {"title": title, "abstract": ABSTRACT}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    items = list(read_papers(path))
    assert isinstance(items[0], Paper)
    assert isinstance(items[1], Skipped) and items[1].source == f"{path}:2"
    assert items[1].reason.startswith("field 'title' shows nothing (")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "papers.csv",
            'title,abstract\nGood Paper,"{}"\n'.replace("{}", ABSTRACT) + '"\\textbf{}",' + ABSTRACT + "\n",
        ),
        (
            "papers.bib",
            "@article{a, title={Good Paper}, abstract={ABS}}\n@article{b, title={\\textbf{}}, abstract={ABS}}\n".replace(
                "ABS", ABSTRACT
            ),
        ),
        (
            "papers.jsonl",
            f'{{"title": "Good Paper", "abstract": "{ABSTRACT}"}}\n{{"title": "T", "abstract": "\\\\textit{{}}"}}\n',
        ),
    ],
)
def test_every_format_names_the_wordless_field(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    skipped = [s for s in read_papers(path) if isinstance(s, Skipped)]
    assert len(skipped) == 1
    assert "shows nothing" in skipped[0].reason or skipped[0].reason == "no title"
    assert skipped[0].source.startswith(f"{path}:")


def test_titles_that_show_something_are_kept() -> None:
    # "\\%" and "\\&" are titles of their own (break3's test_titles_without_latin_letters…)
    for title in [
        "$\\mathcal{M}^2$",
        "多模态大模型",
        "4M",
        "\\%",
        "🤖",
        "--- ? ---",
        "{M}ixture of {E}xperts",
        "Ĉu \\'etude?",
    ]:
        assert shows_text(title), title
