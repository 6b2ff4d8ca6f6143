"""``python -m assistant``: each answer printed once, ``[n]`` placed as in the UI (before the stop).

Filter flags are in tests/test_filters.py; --history/--json in tests/test_answer.py;
--about/--bib/--tex in tests/test_overview.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.__main__ import main as cli
from assistant.__main__ import settled
from assistant.ask import Assistant
from assistant.presentation import cite_before_stop, without_writer_notice
from assistant.settings import Settings, settings_errors
from assistant.types import has_words
from assistant.writers import NO_WORDS
from tests.openai_server import scripted_server

MMVP_Q = "Which paper introduces the MMVP benchmark and what does it reveal about CLIP?"
MMVP_SENTENCE = "With these pairs, we construct the Multimodal Visual Patterns (MMVP) benchmark"


def run(bot: Assistant, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = cli([*argv, "--store", str(bot.settings.store)])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_ask_prints_the_answer_once_with_citations_before_the_stop(
    bot: Assistant, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression: the answer was streamed, then printed again after blank lines,
    # with "[1]" after the full stop where the UI puts it before.
    out = run(bot, capsys, "ask", MMVP_Q)
    assert out.count(MMVP_SENTENCE) == 1
    assert f"{MMVP_SENTENCE} [1]." in out and f"{MMVP_SENTENCE}. [1]" not in out
    assert out.count("Sources:") == 1 and "*[1] Eyes Wide Shut?" in out


def test_chat_prints_each_answer_once(bot: Assistant, capsys, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{MMVP_Q}\nWhat does the Wings paper propose?\nexit\n"))
    out = run(bot, capsys, "chat", "--top-k", "3")
    first, second = out.split("\n> ")[1:3]
    assert first.count(MMVP_SENTENCE) == 1 and f"{MMVP_SENTENCE} [1]." in first
    assert first.count("Sources:") == 1 and first.count("\n  [") + first.count("\n *[") == 3  # --top-k 3
    assert "Wings" in second and MMVP_SENTENCE not in second


def test_streamed_llm_answer_printed_once(bot: Assistant, capsys, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    reply = "The Eyes Wide Shut paper builds the MMVP benchmark from CLIP-blind pairs. [1] It tests GPT-4V. [1]"
    with scripted_server(reply) as (base_url, _):
        monkeypatch.setenv("PA_LLM_BASE_URL", base_url)
        monkeypatch.setenv("PA_LLM_MODEL", "test-model")
        out = run(bot, capsys, "ask", MMVP_Q)
    assert out.count("CLIP-blind pairs") == 1
    assert "from CLIP-blind pairs [1]. It tests GPT-4V [1]." in out


def test_cite_before_stop_and_settled() -> None:
    assert cite_before_stop("A claim. [1][2] Next one. [3], [4]\n") == "A claim [1][2]. Next one [3], [4].\n"
    assert cite_before_stop("Version 2.5 [1] here") == "Version 2.5 [1] here"
    text = cite_before_stop("One. [1] Two. ")  # "Two." may still get a citation: held back
    assert text[: settled(text)] == "One [1]."
    assert without_writer_notice("No language model is configured, so x.\n\nBody [1].") == "Body [1]."


def test_llm_gguf_flag_reports_a_missing_file(bot: Assistant, capsys, tmp_path: Path) -> None:  # noqa: ANN001
    code = cli(["ask", MMVP_Q, "--llm-gguf", str(tmp_path / "none.gguf"), "--store", str(bot.settings.store)])
    assert code == 1 and "none.gguf" in capsys.readouterr().err


ODD_ASPECTS = 'data | split, line\nbreak, 50% & more, cost $5 #1 a_b, a\\b {x} ~^, "quoted", acc.@1, score [9], input and output'


def test_compare_exports_stay_well_formed_with_odd_aspects(
    bot: Assistant,
    capsys,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    # Regression (break3): a line break in --aspects made the parser drop every named column
    # (the default ones came back, silently); a "|" in one split its Markdown header into two
    # cells; "a\b {x}" reached the LaTeX header as the command \b; "score [9]" lost its "[9]";
    # "input and output" became two columns though --aspects is comma-separated.
    import csv
    import re
    import shutil
    import subprocess

    md, csv_path, tex = tmp_path / "t.md", tmp_path / "t.csv", tmp_path / "t.tex"
    run(bot, capsys, "compare", "multimodal fusion", "--aspects", ODD_ASPECTS,
        "--md", str(md), "--csv", str(csv_path), "--tex", str(tex))  # fmt: skip
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert rows[0] == ["Paper", "Data | split", "Line break", "50% & more", "Cost $5 #1 a_b", "A\\b {x} ~^",
                       "Quoted", "Acc.@1", "Score [9]",
                       "Input and output"]  # fmt: skip
    assert len(rows) > 1 and {len(r) for r in rows} == {10}
    lines = md.read_text(encoding="utf-8").strip().splitlines()
    assert {len(re.findall(r"(?<!\\)\|", line)) for line in lines} == {11}, lines[0]
    assert "| Score \\[9\\] |" in lines[0]  # the user's "[9]" is no citation (it was removed as invalid)
    if shutil.which("pdflatex"):
        doc = tmp_path / "doc.tex"
        doc.write_text(
            "\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage[T1]{fontenc}"
            "\\usepackage{longtable}\\usepackage[margin=1cm,landscape]{geometry}\\begin{document}\\input{t.tex}\\end{document}\n"
        )
        done = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
            cwd=tmp_path, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-2000:]


def test_compare_with_no_aspect_named_says_so(bot: Assistant, capsys) -> None:  # noqa: ANN001
    # Regression (break3): --aspects ',,' answered "The collection does not cover this question."
    code = cli(["compare", "multimodal fusion", "--aspects", " , ,", "--store", str(bot.settings.store)])
    assert code == 2 and "--aspects ' , ,' names no column" in capsys.readouterr().err


def test_a_long_request_is_not_one_column() -> None:
    # Regression (break3): a 20 KB request became the name of its table's only column.
    from assistant.compare_aspects import DEFAULT_ASPECTS, aspects_from_question

    long_request = "Compare multimodal fusion papers. " + "word " * 4000
    assert aspects_from_question(long_request) == list(DEFAULT_ASPECTS)
    assert aspects_from_question("Compare the papers in terms of ,,.") == list(DEFAULT_ASPECTS)


@pytest.mark.parametrize("question", ["", "   ", "?!?.,;", "🤖👁️❓"])
def test_a_question_with_no_words_is_named_not_refused_as_off_topic(
    bot: Assistant, capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # Regression (break4): "", "?!" or emoji alone answered "The collection does not cover this
    # question. The closest paper, “Seeing is Understanding…”, scores 0.20", and with --history
    # they were retrieved as a follow-up. The CLI now says so (exit 2), the assistant too.
    assert cli(["ask", question, "--store", str(bot.settings.store)]) == 2
    assert "has no words to search for" in capsys.readouterr().err
    assert cli(["summarize", question, "--store", str(bot.settings.store)]) == 2
    answer = bot.ask(question, ["Which paper introduces the MMVP benchmark?"])
    assert answer.answer == NO_WORDS and not answer.covered and not answer.sources
    *_, overview = bot.overview_stream("compare", question)
    assert overview.answer == NO_WORDS and overview.mode == "compare" and not overview.sources


def test_words_in_any_script_or_a_formula_are_a_question(bot: Assistant) -> None:
    assert all(has_words(q) for q in ["多模态", "$x^2$", "CLIP?", "٣"])
    assert bot.ask("$\\int_0^1 x^2 dx$").answer != NO_WORDS


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["--top-k", "0"], {}, "PA_TOP_K = 0: Input should be greater than or equal to 1"),
        (["--top-k", "-5"], {}, "PA_TOP_K = -5: Input should be greater than or equal to 1"),
        ([], {"PA_TOP_K": "abc"}, "PA_TOP_K = 'abc': Input should be a valid integer"),
        ([], {"PA_LLM_TIMEOUT": "-1"}, "PA_LLM_TIMEOUT = '-1': Input should be greater than 0"),
        ([], {"PA_MIN_RELEVANCE": "5"}, "PA_MIN_RELEVANCE = '5': Input should be less than or equal to 1"),
    ],
)
def test_a_bad_setting_is_named_with_its_value(
    bot: Assistant, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str],
    env: dict[str, str], message: str,
) -> None:
    # Regression (break4): --top-k -5 listed 15 sources (a slice [:-5]), --top-k 0 meant the
    # default, and PA_TOP_K=abc ended in a pydantic traceback.
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cli(["ask", MMVP_Q, *argv, "--store", str(bot.settings.store)]) == 2
    assert f"assistant: bad setting: {message}" in capsys.readouterr().err


@pytest.mark.parametrize("top_k", [0, -5])
def test_a_top_k_below_one_is_refused_in_python_too(bot: Assistant, top_k: int) -> None:
    # Regression (break4): bot.ask(q, top_k=-5) listed all but the last five of 20 papers.
    with pytest.raises(ValueError, match="top_k and candidates must be at least 1"):
        bot.ask(MMVP_Q, top_k=top_k)


def test_every_count_and_duration_setting_is_bounded() -> None:
    # The whole kind: no numeric knob takes a value that crashes (PA_EMBED_BATCH_SIZE=0 was
    # range() step 0 in the ingest) or silently misbehaves; overlap must be under the chunk.
    for name in ("embed_batch_size", "top_k", "candidates", "overview_papers", "llm_max_tokens", "map_clusters"):
        with pytest.raises(ValidationError, match=name):
            Settings(**{name: 0})
    for name in ("llm_timeout", "embed_timeout", "max_upload_mb"):
        with pytest.raises(ValidationError, match=name):
            Settings(**{name: 0.0})
    with pytest.raises(ValidationError) as info:
        Settings(chunk_overlap=300)
    assert settings_errors(info.value) == "PA_CHUNK_OVERLAP (300) must be smaller than PA_CHUNK_TOKENS (200)"


def test_a_tex_section_with_another_script_compiles_when_input(bot: Assistant, capsys, tmp_path: Path) -> None:  # noqa: ANN001
    # Regression (bad-input round 9): a Chinese --about was written raw into the --tex section, and
    # pdflatex stopped ("Unicode character 我 (U+6211) not set up for use with LaTeX"); a section has
    # no preamble to declare it in. The .bib's \url needs the url package (the README says so).
    import shutil
    import subprocess

    tex, bib = tmp_path / "zh.tex", tmp_path / "zh.bib"
    about = "我们提出了一种视听混合数据增强方法，在LRS3上取得了最好的结果。"
    run(bot, capsys, "related-work", "multimodal mixup data augmentation", "--about", about,
        "--tex", str(tex), "--bib", str(bib))  # fmt: skip
    section = tex.read_text(encoding="utf-8")
    assert "\\else 我们提出了一种视听混合数据增强方法" in section  # xelatex/lualatex print it as written
    if shutil.which("pdflatex") is None or shutil.which("bibtex") is None:
        pytest.skip("pdflatex not installed (make test installs texlive-latex-base)")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage[T1]{fontenc}\\usepackage{url}"
        "\\begin{document}\\input{zh.tex}\\bibliographystyle{unsrt}\\bibliography{zh}\\end{document}\n",
        encoding="utf-8",
    )
    for step in (["pdflatex"], ["bibtex"], ["pdflatex"]):
        args = [*step, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"] if step == ["pdflatex"] else [*step, "doc"]
        done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-2000:]
    assert "[U+6211]" in (tmp_path / "doc.log").read_text(errors="replace") or (tmp_path / "doc.pdf").exists()


def test_the_extractive_status_line_shows_no_language_model_stages(bot: Assistant, capsys) -> None:  # noqa: ANN001
    # Regression (new-user trial 13): "first_token 0.00 s, generation 0.01 s" on every extractive
    # answer meant nothing for a writer that quotes; --json keeps every stage.
    import json

    from ui.render import status_of

    out = run(bot, capsys, "ask", MMVP_Q)
    status = out.strip().splitlines()[-1]
    assert "retrieval_s" in status and "first_token" not in status and "generation" not in status
    answer = bot.ask(MMVP_Q)
    assert "first_token" not in status_of(answer) and "evidence" in status_of(answer)
    assert "first_token" in status_of(answer.model_copy(update={"writer": "llm"}))
    assert "generation_s" in json.loads(run(bot, capsys, "ask", MMVP_Q, "--json"))["timings"]
