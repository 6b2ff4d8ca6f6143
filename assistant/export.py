"""Drafts to take away: Markdown, LaTeX (``\\cite{key}``), BibTeX, and a table's CSV and ``tabular``.

:func:`answer_files` is what the UI's downloads and the CLI write. Our own notices (the
first paragraph when it is one, a table's note) are left out of the exports. The ``.tex``
draft is a whole document that compiles with ``pdflatex`` + ``bibtex`` next to
``references.bib`` (tests/test_exports.py compiles one).
"""

from __future__ import annotations

import csv
import io
import re

from assistant.bibtex import bibtex, bibtex_keys, latex_with_links, to_latex
from assistant.compare import cell_markdown, table_markdown
from assistant.overview_writers import CLOSEST_LEAD
from assistant.pdftex import portable, unicode_declarations
from assistant.types import Answer, Source, Table

_OURS = (
    "No language model is configured",
    "The language model's answer failed verification",
    "Each cell is quoted",
)


def _body(answer: Answer) -> str:
    """The answer text without notice paragraphs of ours, ending with the user's own work (:func:`own_work`)."""
    paragraphs = answer.answer.strip().split("\n\n")
    if answer.table is not None:  # the table whole: the chat's view of a wide one cuts its cells (compare_answer)
        paragraphs = [table_markdown(answer.table) if p.startswith("|") else p for p in paragraphs]
    return own_work("\n\n".join(p for p in paragraphs if not p.startswith(_OURS)).strip(), answer.about)


OWN_WORK_HEADING = "**Our work**"
_DESCRIBED = re.compile(r"\bthe work described here\b")


def own_work(text: str, about: str) -> str:
    """A draft for the user's own paper: the user's description of their work (``about``) under
    :data:`OWN_WORK_HEADING`, before the closing that relates the closest papers to it, which then
    says "our work" for "the work described here" (new-user finding: the description chose and
    ordered the papers, but draft.md and draft.tex lacked it, so "the work described here" pointed
    at nothing). Without ``about``, ``text`` unchanged; without a closing, the description ends it."""
    if not about.strip():
        return text
    paragraphs = text.split("\n\n")
    at = next((i for i, p in enumerate(paragraphs) if p.startswith(CLOSEST_LEAD)), len(paragraphs))
    closing = [_DESCRIBED.sub("our work", p) for p in paragraphs[at:]]
    return "\n\n".join([*paragraphs[:at], f"{OWN_WORK_HEADING}\n{' '.join(about.split())}", *closing])


def cited_sources(answer: Answer) -> list[Source]:
    """The sources the answer cites, in the order of their numbers."""
    cited = {c.n for c in answer.citations}
    return [s for s in answer.sources if s.n in cited]


def cited_list_markdown(answer: Answer) -> str:
    """ "- [6] PILL: ..." lines: a list that keeps each paper's own number (an ordered
    Markdown list would renumber 6 as 5 when a number is skipped)."""
    return "\n".join(f"- [{s.n}] {s.title}" for s in cited_sources(answer))


def answer_bibtex(answer: Answer, cited_only: bool = True) -> str:
    """A .bib of the cited sources (or of every source listed with the answer)."""
    return bibtex(cited_sources(answer) if cited_only else answer.sources)


def table_csv(table: Table) -> str:
    """The table as CSV: a header row, then one row per paper, each cell with its ``[n]``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_csv_safe(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_safe(cell_markdown(c)) for c in row])
    return buffer.getvalue()


def _csv_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: one starting with ``= + - @`` (a title such as
    "=HYPERLINK(...)") gets a leading ``'`` so Excel and LibreOffice do not run it as a formula
    (OWASP's advice on CSV injection); a number such as "-0.5" is left alone."""
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[-+]?\d[\d.,]*%?", cell):
        return "'" + cell
    return cell


def _latex_plain(text: str) -> str:
    """A user's text (a column name) as LaTeX text: every special character escaped, a
    backslash and braces included (unlike :func:`latex_escape`, which keeps LaTeX of abstracts)."""
    text = " ".join(text.split())
    out = re.sub(r"[\\{}]", lambda m: {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}"}[m.group()], text)
    out = re.sub(r"([&%#_$])", r"\\\1", out)  # no raw backslash is left to escape them
    out = out.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")
    return re.sub(r'"([^"]*)"', r"``\1''", out)


# Share of the line the paper's name takes; the aspects share the rest equally.
PAPER_FRACTION = 0.16


def column_fractions(aspects: int) -> list[float]:
    """Each column's share of ``\\linewidth``: the paper's name, then ``aspects`` equal ones; they sum to 1."""
    rest = (1 - PAPER_FRACTION) / max(1, aspects)
    return [PAPER_FRACTION, *([rest] * aspects)]


def _column(fraction: float) -> str:
    # A p-column's width is its text's: the padding either side (\tabcolsep) and its rules come on
    # top, so each gives them back and the table is at most \linewidth wide, whatever the page.
    return f"p{{\\dimexpr{fraction:.4f}\\linewidth-2\\tabcolsep-2\\arrayrulewidth\\relax}}"


# Each cell ragged right, its first word hyphenable (TeX hyphenates no word before the first glue):
# justified narrow columns left words sticking out ("Overfull \hbox"). Under \raggedright a "\\"
# breaks the line, so a row ends with \tabularnewline; no package beyond longtable is needed.
_CELL = "\\raggedright\\hspace{0pt}"
_ROW_END = " \\tabularnewline \\hline"


def table_latex(table: Table, sources: list[Source]) -> str:
    """The table as a LaTeX ``longtable`` (``\\usepackage{longtable}``, in Debian's
    texlive-latex-base): unlike a ``tabular`` it breaks across pages and repeats its header, so a
    table of ten long rows keeps them all (a ``tabular`` ran off the page, new-user trial 10).
    Its columns are shares of ``\\linewidth`` (:func:`column_fractions`): in fixed centimetres,
    three aspects (2.2cm + 3 x 4.3cm) were 132.6pt too wide for a default article."""
    keys = bibtex_keys(sources)
    key_of = {s.n: keys[s.paper_id] for s in sources}
    spec = "|" + "".join(f"{_column(f)}|" for f in column_fractions(len(table.columns) - 1))
    lines = [f"\\begin{{longtable}}{{{spec}}}", "\\hline"]
    lines.append(" & ".join(_CELL + f"\\textbf{{{_latex_plain(c)}}}" for c in table.columns) + _ROW_END)
    lines.append("\\endhead")
    for row in table.rows:
        cells = []
        for c in row:
            text = latex_with_links(c.text).replace("“", "``").replace("”", "''")
            # "\\" (an abstract's line break) would end the table row: a line break in the cell.
            text = re.sub(r"(?<!\\)\\\\(?![A-Za-z])", r"\\newline ", text)
            # A narrow column may break before the citation ("WavCaps [1]" stuck out by 12pt with "~").
            cite = f" \\cite{{{key_of[c.n]}}}" if c.n in key_of else ""
            cells.append(_CELL + text + cite)
        lines.append(" & ".join(cells) + _ROW_END)
    lines.append("\\end{longtable}")
    return "\n".join(lines) + "\n"


def answer_latex(answer: Answer, section: str = "Related Work") -> str:
    """A LaTeX section: the answer with ``[n]`` as ``\\cite{key}``; pair it with :func:`answer_bibtex`."""
    if answer.table is not None:
        table = table_latex(answer.table, cited_sources(answer) or answer.sources)
        # Not a float: a [h] table floated past the references on a full page (new-user trial 9);
        # a longtable breaks across pages and is centred by itself.
        body = "\\begingroup\n\\small\n" + portable(table) + "\\endgroup\n"
        return f"\\section{{{section}}}\n\n{body}"
    lines = []
    for line in _body(answer).splitlines():  # a bold line is a heading: theme or paper title
        heading = re.fullmatch(r"\*\*(?:Theme: )?([^*]+)\*\*((?:\s*\[\d+\])*)", line.strip())
        lines.append(f"\n\\paragraph{{{heading.group(1).strip()}}}{heading.group(2)}" if heading else line)
    body = to_latex("\n".join(lines), cited_sources(answer) or answer.sources)
    body = body.replace("\n- ", "\n\n").removeprefix("- ")  # list items become paragraphs
    return f"\\section{{{section}}}\n\n{portable(body)}\n"


def answer_tex_document(answer: Answer, section: str = "Related Work", bib: str = "references") -> str:
    """A whole document around :func:`answer_latex`, citing ``bib``.bib (unsrt style: numbered in
    the order cited, so the PDF's [n] are the app's; plain sorted them by author/title). It compiles
    with pdflatex (characters it has no glyph for are declared, see :func:`unicode_declarations`),
    xelatex or lualatex; amsmath and amssymb are loaded for the abstracts' formulas."""
    body = answer_latex(answer, section)
    declared = unicode_declarations(body + answer_bibtex(answer))
    return (
        "\\documentclass{article}\n\\usepackage{iftex}\n\\usepackage[T1]{fontenc}\n"
        "\\ifPDFTeX\n\\usepackage[utf8]{inputenc}\n" + declared + "\\fi\n"
        "\\usepackage{textcomp}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n"
        "\\usepackage{url}\n\\usepackage{longtable}\n\\usepackage[margin=2cm]{geometry}\n"
        "\\begin{document}\n\n"
        + body
        + f"\n\\bibliographystyle{{unsrt}}\n\\bibliography{{{bib}}}\n\n\\end{{document}}\n"
    )


def answer_markdown(answer: Answer) -> str:
    """The answer as Markdown with a reference list that keeps each paper's number."""
    keys = bibtex_keys(cited_sources(answer))
    refs = []
    for s in cited_sources(answer):
        link = f" Code: {s.code_url}" if s.code_url else ""
        refs.append(f"- [{s.n}] {s.title}.{link} (`{keys[s.paper_id]}`)")
    return f"{_body(answer)}\n\n## References\n\n" + "\n".join(refs) + "\n"


def answer_files(answer: Answer) -> dict[str, str]:
    """File name → content for downloads: draft.md, draft.tex, references.bib, and for a
    table also table.csv and table.tex. ``draft.tex`` compiles next to ``references.bib``."""
    section = {"summary": "Overview", "compare": "Comparison"}.get(answer.mode, "Related Work")
    files = {
        "draft.md": answer_markdown(answer),
        "draft.tex": answer_tex_document(answer, section),
        "references.bib": answer_bibtex(answer),
    }
    if answer.table is not None:
        files["table.csv"] = table_csv(answer.table)
        files["table.tex"] = table_latex(answer.table, cited_sources(answer) or answer.sources)
    return files
