"""BibTeX ``#`` concatenation and ``crossref`` (sixth bad-input round): read as BibTeX reads them."""

from __future__ import annotations

from pathlib import Path

from assistant.types import Paper
from ingest.readers import Skipped, read_papers

MACROS = r"""
@string{ann = "Ann Lee"}
@string{conf = "Proc. of " # "CVPR"}
@inproceedings{a1,
  title = "Vision " # {Models} # " with Macros",
  author = ann # " and Bob Ray",
  booktitle = conf,
  year = 2023,
  abstract = {We study " # " signs in vision models for grounding.}
}
@article{a2,
  title = {Unknown Macro},
  author = nobody # " and Zed Kay",
  abstract = {An abstract about audio.}
}
"""

# BibTeX's own order: the cross-referenced parent comes after its children.
CROSSREF = r"""
@inproceedings{child,
  crossref = {parent},
  title = {Child Paper about Crossref},
  author = {C. Dee},
  abstract = {An abstract about crossrefs in multimodal models.}
}
@inproceedings{orphan,
  crossref = {nowhere},
  title = {Orphan Paper},
  abstract = {An abstract with a crossref to nothing.}
}
@proceedings{parent,
  title = {Parent Proceedings},
  year = {2021},
  doi = {10.1000/parent},
  booktitle = {Big Conf}
}
"""


def _read(tmp_path: Path, text: str) -> list[Paper | Skipped]:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    return list(read_papers(path))


def test_concatenated_fields_and_macros_are_joined(tmp_path: Path) -> None:
    items = _read(tmp_path, MACROS)
    papers = {p.title: p for p in items if isinstance(p, Paper)}
    # before: authors ['ann # "', 'Bob Ray"'] and the title kept its quotes and '#'
    paper = papers["Vision Models with Macros"]
    assert paper.authors == ["Ann Lee", "Bob Ray"]
    assert paper.abstract == 'We study " # " signs in vision models for grounding.'  # braces: literal
    # an undefined macro keeps its name (BibTeX would print nothing)
    assert papers["Unknown Macro"].authors == ["nobody", "Zed Kay"]


def test_a_crossref_child_takes_its_parents_fields_but_not_its_title(tmp_path: Path) -> None:
    items = _read(tmp_path, CROSSREF)
    papers = {p.title: p for p in items if isinstance(p, Paper)}
    child = papers["Child Paper about Crossref"]
    assert child.year == 2021  # before: None (crossref not resolved)
    assert child.doi == "10.1000/parent"
    assert child.authors == ["C. Dee"]
    assert child.source.endswith("refs.bib:2")
    assert papers["Orphan Paper"].year is None
    skipped = [s for s in items if isinstance(s, Skipped)]
    assert [s.reason for s in skipped] == ["empty abstract (title 'Parent Proceedings')"]


def test_odd_entry_shapes_are_read_or_named(tmp_path: Path) -> None:
    # Sixth round: a parenthesised entry, an entry without a key, upper-case field names, a
    # @comment holding an entry, and month macros are read as BibTeX reads them; a field given
    # twice was skipped with bibtexparser's API note ("available as
    # `failed_block.ignore_error_block`") and now names the field.
    text = (
        '@preamble{"\\newcommand{\\sys}{SYS}"}\n'
        "@comment{ @article{hidden, title={Hidden}, abstract={Should not be read.}} }\n"
        "@article(paren1,\n  title = {Parenthesised Entry},\n  abstract = {An abstract about vision.}\n)\n"
        "@article{dupfield,\n  title = {First Title},\n  title = {Second Title},\n  abstract = {An abstract.}\n}\n"
        "@article{,\n  title = {No Key Entry},\n  abstract = {An abstract of an entry without a key.}\n}\n"
        "@ARTICLE{UPPER, TITLE = {Upper Case Fields}, ABSTRACT = {Abstract in upper case.}, YEAR = {2021} # {}}\n"
    )
    items = _read(tmp_path, text)
    titles = [p.title for p in items if isinstance(p, Paper)]
    assert titles == ["Parenthesised Entry", "No Key Entry", "Upper Case Fields"]
    (skipped,) = [s for s in items if isinstance(s, Skipped)]
    assert skipped.source.endswith("refs.bib:7")
    assert skipped.reason == "field 'title' is given twice in one entry; keep one (BibTeX would use the first)"
