"""Exports that compile and import: BibTeX keys and fields, escaping, Markdown numbering,
and a generated .tex + .bib compiled with pdflatex + bibtex (Debian's texlive-latex-base)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest

from assistant.ask import Assistant
from assistant.bibtex import bibtex, bibtex_key, bibtex_keys, latex_escape, to_latex
from assistant.export import answer_files, cited_list_markdown
from assistant.types import Answer, Paper, Source

HALLUCINATION = "Draft related work on visual hallucination in multimodal LLMs"
FUSION = "Compare the fusion strategies (early, late, intermediate) discussed across these papers."


def final(stream) -> Answer:  # noqa: ANN001
    *_, last = stream
    return last


def test_keys_are_surname_year_word_else_readable_title_words() -> None:
    known = Source(
        n=1,
        paper_id="a",
        title="Eyes Wide Shut? Exploring",
        score=1,
        authors=["Shengbang Tong", "X Y"],
        year=2024,
    )
    assert bibtex_key(known) == "tong2024eyes"
    accented = Source(
        n=1, paper_id="b", title="The Müller Method", score=1, authors=["Jörg Müller"], year=2023
    )
    assert bibtex_key(accented) == "muller2023muller"
    assert bibtex_key(Source(n=1, paper_id="c", title="Wings: Learning Multimodal LLMs", score=1)) == "wings"
    untitled = Source(n=1, paper_id="d", title="Eyes Wide Shut? Exploring the Visual Shortcomings", score=1)
    assert bibtex_key(untitled) == "eyesWideShut"
    # Regression (bad-input round 9): a 300-letter title word made a 307-character key.
    long_word = Source(n=1, paper_id="e", title="u" * 300 + " papers", score=1, authors=["Ann Lee" + "a" * 300], year=2024)
    assert len(bibtex_key(long_word)) <= 40
    assert len(bibtex_key(Source(n=1, paper_id="f", title=" ".join(["w" * 300] * 3), score=1))) <= 45
    twins = [Source(n=i, paper_id=str(i), title="Wings: A", score=1) for i in (1, 2)]
    assert list(bibtex_keys(twins).values()) == ["wings", "wingsb"]


def test_two_apostrophes_opening_a_quotation_open_it_in_latex() -> None:
    # Regression (new-user trial): Eyes Wide Shut's ''CLIP-blind pairs'' printed as two closing quotes.
    assert latex_escape("We identify ''CLIP-blind pairs'' - images") == "We identify ``CLIP-blind pairs'' - images"
    assert latex_escape("the model''s output and 'single'") == "the model''s output and 'single'"
    assert latex_escape('"quoted"') == "``quoted''"


def test_escaping_keeps_math_and_escapes_prices_and_specials() -> None:
    assert latex_escape("$5 per GPU-hour versus $12") == r"\$5 per GPU-hour versus \$12"
    assert (
        latex_escape("50% of R&D_x #1, $\\alpha_1$ and \\(x^2\\)")
        == r"50\% of R\&D\_x \#1, $\alpha_1$ and \(x^2\)"
    )
    assert latex_escape("a^b outside") == r"a\textasciicircum{}b outside"
    assert latex_escape("model \\& task") == "model \\& task"
    sources = [Source(n=1, paper_id="abcdef123", title="MoMa: Efficient", score=1.0)]
    assert to_latex("MoMa saves 4.2x [1].", sources) == "MoMa saves 4.2x~\\cite{moma}."


def test_bib_has_every_known_field_and_round_trips_through_bibtexparser() -> None:
    full = Source(
        n=1, paper_id="x1", title="Ünïcode & 100% $\\alpha$_test {odd", score=1.0, authors=["Ada Lovelace", "Alan Turing"],
        year=2024, arxiv_id="2401.00001", doi="10.1/x_y", url="https://arxiv.org/abs/2401.00001",
        code_url="https://github.com/x/y_z", abstract="We cut cost to $5 per GPU-hour versus $12 & more.",
    )  # fmt: skip
    text = bibtex([full])
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = entry.fields_dict
    assert {"title", "author", "year", "eprint", "archivePrefix", "doi", "url", "note", "abstract"} <= set(
        fields
    )
    assert entry.key == "lovelace2024unicode"
    assert fields["title"].value.startswith("{Ünïcode \\& 100\\% $\\alpha$\\_test")
    assert "\\$5 per GPU-hour versus \\$12 \\& more" in fields["abstract"].value
    again = bibtexparser.parse_string(bibtexparser.write_string(library))
    assert [(e.key, {f.key: f.value for f in e.fields}) for e in again.entries] == [
        (entry.key, {f.key: f.value for f in entry.fields})
    ]


def test_markdown_references_keep_their_numbers(bot: Assistant) -> None:
    answer = final(bot.overview_stream("related_work", HALLUCINATION))
    files = answer_files(answer)
    refs = files["draft.md"].split("## References", 1)[1].strip().splitlines()
    assert refs and all(line.startswith("- [") for line in refs)  # one line each, never one paragraph
    assert [int(line[3 : line.index("]")]) for line in refs] == [
        c.n for c in sorted(answer.citations, key=lambda c: c.n)
    ]
    listed = cited_list_markdown(answer).splitlines()
    assert all(f"[{c.n}]" in "".join(listed) for c in answer.citations)
    bib = bibtexparser.parse_string(files["references.bib"])
    assert not bib.failed_blocks and len(bib.entries) == len(answer.citations)


def _compile(folder: Path) -> str:
    def run(*cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, cwd=folder, capture_output=True, text=True, errors="replace", timeout=300)

    first = run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "draft.tex")
    assert first.returncode == 0, first.stdout[-3000:]
    bib = run("bibtex", "draft")
    assert bib.returncode == 0 and "error" not in bib.stdout.lower(), bib.stdout
    # Regression (new-user trial): every authorless entry warned "to sort, need author or key".
    assert "warning" not in bib.stdout.lower(), bib.stdout
    for _ in range(2):
        last = run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "draft.tex")
        assert last.returncode == 0, last.stdout[-3000:]
    assert (folder / "draft.pdf").stat().st_size > 1000
    return (folder / "draft.log").read_text(errors="replace")


@pytest.mark.parametrize(
    ("mode", "topic"),
    [
        ("related_work", HALLUCINATION),
        ("compare", FUSION),
        ("compare", "Compare WavCaps and MMTrail on: size, languages, license"),
        ("summary", "Summarize mixture-of-experts approaches in multimodal models"),
    ],
)
def test_tex_and_bib_compile_with_pdflatex_and_bibtex(
    bot: Assistant, tmp_path: Path, mode: str, topic: str
) -> None:
    if shutil.which("pdflatex") is None or shutil.which("bibtex") is None:
        if os.environ.get("CI"):
            pytest.fail("pdflatex/bibtex missing in CI: `make test` installs texlive-latex-base")
        pytest.skip("pdflatex not installed (make test installs texlive-latex-base)")
    answer = final(bot.overview_stream(mode, topic))  # type: ignore[arg-type]
    files = answer_files(answer)
    if mode == "compare":
        assert {"table.csv", "table.tex"} <= set(files)
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    log = _compile(tmp_path)
    assert "undefined" not in log.lower().replace("undefined references", ""), "a \\cite key has no entry"
    if mode == "compare":  # fixed-width columns (2.2cm + 3 x 4.3cm) were 132.6pt too wide for a default article
        assert "Overfull \\hbox" not in log, _overfull_lines(log)
    # Regression (new-user trial 9): plain style numbered the PDF alphabetically (SEED-Bench-2 was
    # [10] there, [1] in the app); unsrt keeps the app's numbers, references.bib's order.
    order = re.findall(r"\\bibitem\{([^}]+)\}", (tmp_path / "draft.bbl").read_text())
    keys = [e.key for e in bibtexparser.parse_string(files["references.bib"]).entries]
    assert order == keys


def test_escaped_backslashes_and_a_trailing_backslash_stay_text_in_latex(tmp_path: Path) -> None:
    # Regression (break3): an abstract's "5\\%" (kept as written on ingest) was exported as
    # "\\%", a line break then a comment that ate the rest of the table row; a trailing "\"
    # made "\''" (an accent) of the closing quote; "\\" in a cell ended the table row.
    from assistant.export import table_latex
    from assistant.types import Table, TableCell

    assert latex_escape("by 5\\\\% here") == "by 5\\\\\\% here"
    assert latex_escape("ends in \\") == "ends in \\textbackslash{}"
    assert latex_escape("two \\\\") == "two \\\\"
    sources = [Source(n=1, paper_id="abcdef123", title="Fusion Gains", score=1.0)]
    table = Table(
        columns=["Paper", "Results"],
        rows=[[TableCell(text="Fusion", n=1), TableCell(text="“gains 5\\\\% on VQA \\\\ and \\”", n=1, quoted=True)]],
    )
    tex = table_latex(table, sources)
    assert "5\\newline \\% on VQA \\newline  and \\textbackslash{}'' \\cite{" in tex
    if shutil.which("pdflatex"):
        (tmp_path / "t.tex").write_text(tex.replace(" \\cite{fusionGains}", ""), encoding="utf-8")
        (tmp_path / "doc.tex").write_text(
            "\\documentclass{article}\\usepackage{longtable}\\begin{document}\\input{t.tex}\\end{document}\n", encoding="utf-8"
        )
        done = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
            cwd=tmp_path, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-2000:]


NASTY = {
    "unbalanced open": ("Unbalanced {brace in title", "An abstract with { open brace."),
    "unbalanced close": ("Closing } brace first", "An } abstract } closing."),
    "unknown macros": ("The \\sysname{} model", "We propose \\sysname, a \\textsc{Fast} model on $\\mathbb{R}^n$ with $\\boldsymbol{x}$ \\cite{foo}."),
    "structure": ("Ends \\end{document} early", "Text \\end{document} more \\input{/etc/hostname} text."),
    "unbalanced math": ("Math $x^2 title", "Abstract with $x^2 unbalanced math and \\( open."),
    "unclosed command": ("Title \\textbf{bold", "Abstract \\emph{never closed."),
    "escaped brace": ("Sets \\{a, b\\}", "We use \\{0, 1\\} and a lone \\} here."),
    "scripts": ("多模态 Модель ελληνικά λ", "Abstract with 漢字, ≤ 5 × 3, and emoji 🤖."),
    "url": ("100% of C# & R_2", "We get 100% on C# at $5 ~ ^ here."),
}  # fmt: skip


@pytest.mark.parametrize("name", list(NASTY))
def test_tex_compiles_whatever_the_titles_and_abstracts_hold(tmp_path: Path, name: str) -> None:
    # Regression (break4): an unbalanced brace in a title or abstract, an arXiv macro
    # ("\sysname"), "\end{document}", an unclosed "\(" or "\emph{", or a CJK/Greek/emoji
    # character stopped pdflatex (and "\{" broke BibTeX, which counts escaped braces).
    if shutil.which("pdflatex") is None or shutil.which("bibtex") is None:
        pytest.skip("pdflatex not installed (make test installs texlive-latex-base)")
    from assistant.types import Citation, Table, TableCell

    title, abstract = NASTY[name]
    source = Source(
        n=1, paper_id="p1", title=title, score=1.0, abstract=abstract,
        url="https://example.com/a%20b#frag", code_url="https://github.com/x/y%20z#readme",
        authors=["José Müller", "李 雷"] if name == "scripts" else [],
    )  # fmt: skip
    table = Table(columns=["Paper", "Results"], rows=[[TableCell(text=title, n=1), TableCell(text=abstract, n=1)]])
    for mode in ("related_work", "compare"):
        answer = Answer(
            question="q", answer=f"{abstract} [1]", covered=True, writer="extractive", mode=mode,
            sources=[source], citations=[Citation(n=1, paper_id="p1", title=title)],
            table=table if mode == "compare" else None,
        )  # fmt: skip
        folder = tmp_path / mode
        folder.mkdir()
        files = answer_files(answer)
        for file, content in files.items():
            (folder / file).write_text(content, encoding="utf-8")
        bib = bibtexparser.parse_string(files["references.bib"])
        assert not bib.failed_blocks and len(bib.entries) == 1
        log = _compile(folder)
        assert "undefined" not in log.lower().replace("undefined references", "")
    if name == "structure":  # an abstract's commands are printed, never run
        assert "\\input{" not in files["draft.tex"] and "\\textbackslash{}input" in files["draft.tex"]


def test_a_bib_with_a_cjk_author_compiles_in_the_users_own_document(tmp_path: Path) -> None:
    # Regression (ingest14): `--tex` section + `--bib` \input into one's own document stopped pdflatex
    # at the .bib's "李 雷" (`! LaTeX Error: Unicode character 李 (U+674E)`): a .bib has no preamble.
    # It now writes what pdflatex cannot typeset as the section does, one BibTeX "letter" per run.
    from assistant.export import answer_bibtex, answer_latex
    from assistant.types import Citation

    source = Source(
        n=1, paper_id="p1", title="多模态 Fusion with λ", score=1.0, abstract="An abstract 漢字.",
        authors=["José Müller", "李 雷"], year=2024,
    )  # fmt: skip
    answer = Answer(
        question="q", answer="An abstract [1].", covered=True, writer="extractive", mode="related_work",
        sources=[source], citations=[Citation(n=1, paper_id="p1", title=source.title)],
    )  # fmt: skip
    bib = answer_bibtex(answer)
    assert "author = {José Müller and {\\ifdefined\\pdftexversion [U+674E]\\else 李\\fi} {" in bib
    (entry,) = bibtexparser.parse_string(bib).entries
    assert entry.key == "muller2024fusion" and "{\\ensuremath{\\lambda}}" in entry["title"]
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")  # read back by ingest as written
    from ingest.readers import read_papers

    (again,) = [p for p in read_papers(tmp_path / "refs.bib") if isinstance(p, Paper)]
    assert (again.authors, again.title, again.abstract) == (source.authors, source.title, source.abstract)
    if shutil.which("pdflatex") is None or shutil.which("bibtex") is None:
        pytest.skip("pdflatex not installed (make test installs texlive-latex-base)")
    (tmp_path / "related.tex").write_text(answer_latex(answer), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage{url}\\begin{document}"
        "\\input{related.tex}\\bibliographystyle{unsrt}\\bibliography{refs}\\end{document}\n",
        encoding="utf-8",
    )
    for step in (["pdflatex"], ["bibtex"], ["pdflatex"]):
        args = [*step, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"] if step == ["pdflatex"] else [*step, "doc"]
        done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, errors="replace", timeout=600)
        assert done.returncode == 0, done.stdout[-2000:]
    bbl = " ".join((tmp_path / "doc.bbl").read_text(encoding="utf-8").split())
    assert "José Müller and {\\ifdefined\\pdftexversion [U+674E]\\else 李\\fi}~{" in bbl  # xelatex: 李~雷


def test_csv_cells_that_look_like_formulas_stay_text() -> None:
    # Regression (break4): a title "=HYPERLINK(...)" went into table.csv as is; a spreadsheet runs it.
    from assistant.export import table_csv
    from assistant.types import Table, TableCell

    table = Table(
        columns=["Paper", "@aspect"],
        rows=[[TableCell(text='=HYPERLINK("http://x")', n=None), TableCell(text="-0.5", n=None)]],
    )
    rows = table_csv(table).splitlines()
    assert rows[0] == "Paper,'@aspect"
    assert rows[1].startswith("\"'=HYPERLINK(") and rows[1].endswith(",-0.5")


def test_an_author_with_and_in_its_name_stays_one_author(tmp_path: Path) -> None:
    # Regression (sixth round): the team "Google Research and DeepMind" (a JSON authors list of
    # two) was written `author = {Google Research and DeepMind and Ann Lee}`, which BibTeX
    # reads as three authors: the reference listed "Google Research, DeepMind, and Ann Lee".
    from bibtexparser.middlewares import SeparateCoAuthors

    from assistant.types import Citation

    source = Source(
        n=1, paper_id="p1", title="A Title", score=1.0, abstract="An abstract.",
        authors=["Google Research and DeepMind", "Ann Lee", "Brandon Anderson"],
    )  # fmt: skip
    bib = bibtex([source])
    assert "author = {{Google Research and DeepMind} and Ann Lee and Brandon Anderson}" in bib
    (entry,) = bibtexparser.parse_string(bib, append_middleware=[SeparateCoAuthors()]).entries
    assert entry["author"] == ["{Google Research and DeepMind}", "Ann Lee", "Brandon Anderson"]
    if shutil.which("pdflatex") is None or shutil.which("bibtex") is None:
        return
    answer = Answer(
        question="q", answer="An abstract [1].", covered=True, writer="extractive", mode="related_work",
        sources=[source], citations=[Citation(n=1, paper_id="p1", title="A Title")],
    )  # fmt: skip
    for file, content in answer_files(answer).items():
        (tmp_path / file).write_text(content, encoding="utf-8")
    _compile(tmp_path)
    bbl = " ".join((tmp_path / "draft.bbl").read_text().split())
    assert "Google Research and DeepMind, Ann Lee, and Brandon Anderson" in bbl.replace("{", "").replace("}", "")


def test_a_related_work_draft_ends_with_the_users_own_work(bot: Assistant, tmp_path: Path) -> None:
    # New-user finding: the "Your work" paragraph (--about) chose and ordered the papers, but draft.md and
    # draft.tex did not hold it, so their closing "Closest to the work described here are ..." pointed at
    # nothing. The draft now ends with the user's work and how the closest papers differ from it.
    about = "We study why multimodal LLMs describe objects that are not in the image & propose a 50% fix."
    answer = final(bot.overview_stream("related_work", HALLUCINATION, about))
    assert answer.about == about and "Closest to the work described here" in answer.answer  # the UI's text
    files = answer_files(answer)
    md = files["draft.md"].split("## References")[0]
    assert f"**Our work**\n{about}\n\nClosest to our work " in md, md
    assert "described here" not in md and md.rstrip().splitlines()[-1].startswith("Closest to our work")
    tex = files["draft.tex"]
    assert "\\paragraph{Our work}" in tex and "50\\% fix" in tex and re.search(r"Closest to our work (is|are) ", tex)
    assert tex.index("\\paragraph{Our work}") < tex.index("Closest to our work")
    # without a description the draft is as before
    plain = answer_files(final(bot.overview_stream("related_work", HALLUCINATION)))["draft.md"]
    assert "Our work" not in plain
    if shutil.which("pdflatex") and shutil.which("bibtex"):
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        _compile(tmp_path)


def test_a_long_comparison_table_breaks_across_pages_and_keeps_every_row(bot: Assistant, tmp_path: Path) -> None:
    # New-user trial 10: this table's draft.tex compiled (exit 0) but was one tabular taller than a
    # page ("Overfull \vbox (189pt too high)"): page 1 blank, rows 9-10 off the bottom of page 2.
    question = "audio-language and audio-visual datasets: how many samples, which modalities, main finding"
    answer = final(bot.overview_stream("compare", question))
    files = answer_files(answer)
    assert files["table.tex"].startswith("\\begin{longtable}") and "\\endhead" in files["table.tex"]
    if shutil.which("pdflatex") is None or shutil.which("bibtex") is None:
        pytest.skip("pdflatex not installed (make test installs texlive-latex-base)")
    # the same table ten times over: far taller than a page
    long = answer.model_copy(update={"table": answer.table.model_copy(update={"rows": answer.table.rows * 10})})
    for name, text in answer_files(long).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    log = _compile(tmp_path)
    assert "Overfull \\vbox" not in log, "the table ran off its page"
    assert int(re.search(r"Output written on draft\.pdf \((\d+) pages?", log).group(1)) > 2


def _overfull_lines(log: str) -> list[str]:
    """The text of each "Overfull \\hbox" warning in a pdflatex log: the lines up to the blank one after it."""
    blocks = re.findall(r"Overfull \\hbox[^\n]*\n((?:[^\n]+\n)*)", log)
    return [" ".join(b.split()) for b in blocks]


def test_a_code_link_in_a_narrow_table_column_breaks_instead_of_running_past_the_page(bot: Assistant, tmp_path: Path) -> None:
    # New-user finding (twelfth round): the Code cells printed bare links in a narrow p{} column;
    # "https://github.com/DsaltYfish/PILL [4]" ran past the page edge ("Overfull \hbox (71.19202pt too wide)").
    answer = final(bot.overview_stream("compare", "mixture-of-experts and sparse architectures for multimodal models"))
    files = answer_files(answer)
    assert "\\url{https://github.com/DsaltYfish/PILL}" in files["table.tex"], files["table.tex"]
    assert "\\url{https://github.com/DsaltYfish/PILL}" in files["draft.tex"]
    if shutil.which("pdflatex") is None or shutil.which("bibtex") is None:
        pytest.skip("pdflatex not installed (make test installs texlive-latex-base)")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    overfull = _overfull_lines(_compile(tmp_path))
    assert not [b for b in overfull if re.search(r"https?:|github|www\.", b)], overfull
