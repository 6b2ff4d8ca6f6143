"""A comparison table from the CLI as a user takes it: ``--tex`` and ``--bib``, input into a default
article and compiled with pdflatex + bibtex (Debian's texlive-latex-base)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest

from assistant.__main__ import main as cli
from assistant.ask import Assistant
from assistant.export import column_fractions

DOCUMENT = (
    "\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage[T1]{fontenc}\\usepackage{url}"
    "\\usepackage{longtable}\\begin{document}\\input{table.tex}\\bibliographystyle{unsrt}\\bibliography{table}"
    "\\end{document}\n"
)


def test_compare_writes_the_bib_its_tex_cites(bot: Assistant, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Regression: compare had no --bib, so its --tex (\cite{wavcaps} ...) could not be built; and in a
    # default article its 2.2cm + 3 x 4.3cm columns were "Overfull \hbox (132.6pt too wide)".
    tex, bib = tmp_path / "table.tex", tmp_path / "table.bib"
    code = cli(["compare", "Compare WavCaps and MMTrail on: size, languages, license",
                "--tex", str(tex), "--bib", str(bib), "--store", str(bot.settings.store)])  # fmt: skip
    assert code == 0 and f"wrote {bib}" in capsys.readouterr().err
    keys = {e.key for e in bibtexparser.parse_string(bib.read_text(encoding="utf-8")).entries}
    cited = set(re.findall(r"\\cite\{([^}]+)\}", tex.read_text(encoding="utf-8")))
    assert len(cited) == 2 and cited == keys
    if shutil.which("pdflatex") is None or shutil.which("bibtex") is None:
        pytest.skip("pdflatex not installed (make test installs texlive-latex-base)")
    (tmp_path / "doc.tex").write_text(DOCUMENT, encoding="utf-8")
    for step in (["pdflatex"], ["bibtex"], ["pdflatex"], ["pdflatex"]):
        args = [*step, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"] if step == ["pdflatex"] else [*step, "doc"]
        done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-2000:]
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert "Overfull \\hbox" not in log, re.findall(r"Overfull \\hbox.*\n.*", log)
    assert "undefined" not in log.lower(), "a \\cite key has no entry"


def test_a_tables_columns_share_the_line() -> None:
    for aspects in (1, 3, 6, 10):
        assert abs(sum(column_fractions(aspects)) - 1) < 1e-9


def test_a_wide_table_is_shown_with_cells_cut_and_exported_whole(bot: Assistant, tmp_path: Path) -> None:
    # Regression (new-user trial 15): the six default columns of `compare "multimodal LLM benchmarks"`
    # held whole sentences (up to 28 words) and overflowed the chat's narrow columns. The view cuts each
    # quote to the clause that answers its column; the table, CSV, draft.md and --md keep the whole text.
    from assistant.export import answer_files
    from assistant.table_markdown import clause_at

    text = "Specifically, SEED-Bench-2 comprises 24K questions with human annotations, which spans 27 dimensions."
    assert clause_at(text, text.find("24K")) == "…SEED-Bench-2 comprises 24K questions with human annotations…"
    lead = "Our main findings reveal that: i) open-source OLMs exhibit critical limitations in reasoning; and ii) more"
    assert "limitations" in clause_at(lead, lead.find("reveal"))  # a clause opening a list is read with the next
    assert clause_at("We sourced audio clips from the web.", 3) == ""  # short already
    *_, answer = bot.overview_stream("compare", "multimodal LLM benchmarks")
    assert answer.table is not None and len(answer.table.columns) == 7
    shown = answer.answer.split("\n\n")[0]
    cells = [c for row in answer.table.rows for c in row[1:] if c.short]
    assert cells and all(c.short.strip("“”").strip("…") in c.text for c in cells)
    assert all(c.short in shown and c.text not in shown for c in cells)
    widest = max(len(line) for line in shown.splitlines())
    whole = answer_files(answer)
    assert all(c.text in whole["draft.md"] and c.text.replace('"', '""') in whole["table.csv"] for c in cells)
    assert widest < max(len(line) for line in whole["draft.md"].splitlines())
    md = tmp_path / "t.md"
    assert cli(["compare", "multimodal LLM benchmarks", "--md", str(md), "--store", str(bot.settings.store)]) == 0
    assert all(c.text in md.read_text(encoding="utf-8") for c in cells)
    # a narrow table (two named columns) is shown whole
    *_, narrow = bot.overview_stream("compare", "multimodal LLM benchmarks in terms of abilities tested, models evaluated")
    assert narrow.table is not None and all(c.text in narrow.answer for row in narrow.table.rows for c in row[1:])
