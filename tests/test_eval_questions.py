"""A malformed ``--questions`` file is named with its ``file:line`` and field, before any store is opened."""

from __future__ import annotations

from pathlib import Path

import pytest

import eval.__main__ as eval_cli
from eval.questions import load_questions

GOOD = '{"id": "a", "kind": "lookup", "q": "What is MMVP?"}'
CASES = {  # file content -> what the message must say after the file name
    "": ": no questions in it",
    "\n   \n": ": no questions in it",
    GOOD + "\n{bad json\n": ":2: not JSON (Expecting property name enclosed in double quotes at column 2)",
    '{"id": "a", "kind": "weird", "q": "x"}\n': ":1: field 'kind': Input should be 'lookup'",
    '{"id": "a", "kind": "lookup"}\n': ":1: field 'q': Field required",
    '{"id": "a", "kind": "lookup", "q": "x", "history": "one"}\n': ":1: field 'history': Input should be a valid list (got 'one')",
    "[1, 2]\n": ":1: a question is a JSON object, not list",
    '{"id": "a", "kind": "lookup", "q": "?!"}\n': ":1: field 'q' has no words ('?!')",
}


@pytest.mark.parametrize("content", list(CASES))
def test_a_bad_question_file_is_named_with_line_and_field(content: str, tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_questions(path)
    assert str(info.value).startswith(f"{path}{CASES[content]}")
    assert "pydantic" not in str(info.value) and "\n" not in str(info.value)  # one line, no URL


def test_bytes_a_directory_and_a_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bytes.jsonl"
    bad.write_bytes(GOOD.encode() + b"\n\xff\xfe{}\n")
    with pytest.raises(ValueError, match=r"bytes.jsonl:2: not UTF-8 \(byte 0xff at column 1\)"):
        load_questions(bad)
    with pytest.raises(ValueError, match="is a directory, not a question file"):
        load_questions(tmp_path)
    with pytest.raises(ValueError, match="nothing.jsonl: no such file"):
        load_questions(tmp_path / "nothing.jsonl")
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + GOOD.encode() + b"\r\n")  # a BOM and CRLF (Windows editors) are fine
    assert [q.id for q in load_questions(bom)] == ["a"]


def test_the_cli_exits_1_naming_the_line_without_opening_a_store(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    path = tmp_path / "q.jsonl"
    path.write_text(GOOD + "\n" + '{"id": "b", "kind": "lookup"}\n', encoding="utf-8")
    store = tmp_path / "no-store"  # never created: the file is checked first
    assert eval_cli.main(["answers", "--questions", str(path), "--store", str(store)]) == 1
    assert capsys.readouterr().err == f"eval: {path}:2: field 'q': Field required\n"
    assert not store.exists()
    assert eval_cli.main(["answers", "--questions", str(tmp_path), "--store", str(store)]) == 1
    assert "is a directory" in capsys.readouterr().err
    path.write_text(GOOD + "\n", encoding="utf-8")  # modes measures overview questions only
    assert eval_cli.main(["modes", "--questions", str(path), "--store", str(store)]) == 1
    assert "no summary, related_work, compare question in it" in capsys.readouterr().err


def test_an_output_path_that_cannot_be_written_is_named_before_the_run(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    # Regression: `--out FILE` failed with FileExistsError after the whole eval had run (its
    # reports lost); `feedback --drafts DIR` ended in an IsADirectoryError traceback.
    questions = tmp_path / "q.jsonl"
    questions.write_text(GOOD + "\n", encoding="utf-8")
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    store = tmp_path / "no-store"
    cases = {
        ("answers", "--questions", str(questions), "--out", str(a_file)): "--out is a file, not a folder",
        ("answers", "--out", str(a_file / "sub")): f"{a_file} is a file, not a folder",
        ("feedback", "--drafts", str(tmp_path)): "--drafts is a folder; give a file name",
    }
    for argv, message in cases.items():
        assert eval_cli.main([*argv, "--store", str(store)]) == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
    assert not store.exists()
