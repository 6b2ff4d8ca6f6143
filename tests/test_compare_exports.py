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
