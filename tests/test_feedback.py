"""Feedback: stored in SQLite on first use, listed by ``python -m eval feedback``, 👎 → draft questions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.ask import Assistant
from assistant.feedback import FeedbackStore, feedback_path
from assistant.settings import Settings
from eval.__main__ import main as eval_main
from eval.questions import load_questions

MMVP_Q = "Which paper introduces the MMVP benchmark and what does it reveal about CLIP?"


def test_feedback_round_trip_and_drafts(bot: Assistant, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_dir = tmp_path / "store"
    settings = Settings(store=store_dir)
    path = feedback_path(settings)
    assert path == store_dir / "feedback.sqlite3"
    store = FeedbackStore(path)
    assert store.all() == [] and not path.exists()  # nothing is created by reading
    answer = bot.ask(MMVP_Q)
    up = store.add(answer, 1, settings={"top_k": 5})
    down = store.add(answer, -1, history=["What does the Wings paper propose?"], comment="wrong paper")
    store.set_comment(up, "good")
    items = store.all()
    assert [i.rating for i in items] == [1, -1] and items[0].comment == "good"
    assert items[1].sources[0]["title"].startswith("Eyes Wide Shut?") and items[1].sources[0]["cited"]
    assert items[0].settings == {"top_k": 5} and items[1].history == ["What does the Wings paper propose?"]
    with pytest.raises(ValueError, match="rating must be"):
        store.add(answer, 0)

    drafts = tmp_path / "drafts.jsonl"
    assert eval_main(["feedback", "--store", str(store_dir), "--drafts", str(drafts)]) == 0
    out = capsys.readouterr().out
    assert f"#{down} 👎" in out and "wrong paper" in out and "2 ratings: 1 👍, 1 👎" in out
    (draft,) = load_questions(drafts)  # valid eval format; only the 👎 one
    assert draft.q == MMVP_Q and draft.kind == "followup" and not draft.gold_titles
    assert "wrong paper" in draft.notes
    assert eval_main(["feedback", "--store", str(store_dir), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_feedback_path_with_a_chroma_server_is_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert feedback_path(Settings(chroma_host="127.0.0.1")) == tmp_path / "feedback.sqlite3"
    assert feedback_path(Settings(feedback_path=tmp_path / "x.db")) == tmp_path / "x.db"


def test_a_comment_with_a_lone_surrogate_or_a_whole_paste_is_stored(tmp_path: Path) -> None:
    # Regression (sixth round): a comment carrying JSON's "\ud800" (the app's comment box) was a
    # UnicodeEncodeError from SQLite, the comment lost; a 10 MB paste was stored whole.
    from assistant.feedback import MAX_COMMENT_CHARS
    from assistant.types import Answer

    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    answer = Answer(question="What is MMVP\ud800?", answer="An answer.", covered=True, writer="extractive")
    feedback_id = store.add(answer, -1, comment="first \ud800", history=["earlier \udce9"])
    assert store.set_comment(feedback_id, "caf\udce9 \ud800 ok") == "café \ufffd ok"
    (row,) = store.all()
    assert row.comment == "café \ufffd ok" and row.question == "What is MMVP\ufffd?"
    stored = store.set_comment(feedback_id, "x" * 10_000_000)
    assert len(stored) == MAX_COMMENT_CHARS and len(store.all()[0].comment) == MAX_COMMENT_CHARS
