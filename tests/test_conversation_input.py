"""Odd conversations (fifth bad-input round): bytes that are not UTF-8 in a question, a history
turn, a topic or ``--about``; Ctrl-C in ``assistant chat``; histories with no words."""

from __future__ import annotations

import io

import pytest

import assistant.__main__ as cli_module
from assistant.__main__ import main as cli
from assistant.ask import Assistant
from assistant.types import repaired
from ui.glyphs import ERROR

MMVP = "What is the MMVP benchmark?"


def test_repaired_reads_escaped_bytes_as_windows_1252() -> None:
    assert repaired("caf\udce9 \udc93q\udc94") == "café “q”"  # argv bytes of a Latin-1 terminal
    assert repaired("a\ud800b\udfffc") == "a\ufffdb\ufffdc"  # JSON's "\ud800": no byte to recover
    assert repaired("x\udc81") == "x\ufffd"  # a byte Windows-1252 leaves undefined
    assert repaired("plain 多模态 🤖") == "plain 多模态 🤖"


def test_invisible_characters_in_a_question_are_dropped(bot: Assistant) -> None:
    # Regression (bad-input round 9): "SPH\u200bINX" was looked up as "SPH" and "SPH" called missing;
    # a bidi mark made an English question read as another language.
    assert repaired("SPH\u200bINX\u200f \u202bx\u202c") == "SPHINX x"
    assert repaired("\u0645\u200c\u0627 👩\u200d💻") == "\u0645\u200c\u0627 👩\u200d💻"  # ZWNJ/ZWJ kept
    answer = bot.ask("What does SPH\u200bINX propose?")
    assert answer.covered and not answer.gaps, answer.answer
    assert answer.citations[0].title.startswith("SPHINX")


def test_a_name_pasted_with_terminal_colours_is_found(bot: Assistant) -> None:
    # Regression (bad-input trial 10): "What is \x1b[31mWavCaps\x1b[0m?" asked for "[31mWavCaps"
    # and was refused (closest paper 0.22).
    assert repaired("What is \x1b[31mWavCaps\x1b[0m?") == "What is WavCaps?"
    answer = bot.ask("What is \x1b[31mWavCaps\x1b[0m?")
    assert answer.covered and answer.citations[0].title.startswith("WavCaps")


def test_lone_surrogates_anywhere_in_a_conversation_are_answered(bot: Assistant) -> None:
    # Regression: the embedder's tokenizer raised "TypeError: TextEncodeInput must be
    # Union[...]" for a question or an earlier turn holding a lone surrogate.
    answer = bot.ask("What is the MMVP\udcff benchmark?")
    assert answer.error is None and answer.sources
    answer = bot.ask("What does it reveal about CLIP?", ["What is the MMVP\ud800 benchmark?", "\udc80"])
    assert answer.covered and answer.sources[0].title.startswith("Eyes Wide Shut")
    *_, overview = bot.overview_stream("related_work", "visual\udcff benchmarks", "We build a caf\udce9 \ud800 set")
    assert overview.error is None and overview.citations
    retrieval = bot.retrieve("MMVP\ud800 benchmark", ["\udcff"])
    assert retrieval.sources


def test_the_cli_takes_arguments_with_bytes_that_are_not_utf8(bot: Assistant, capsys) -> None:  # noqa: ANN001
    # How Python hands over `ask "$(printf 'What is MMVP\xff?')"`: surrogateescape.
    store = str(bot.settings.store)
    assert cli(["ask", "What does it propose?", "--history", "What is the MMVP\udcff benchmark?", "--store", store]) == 0
    assert cli(["compare", "visual \udcffbenchmarks", "--aspects", "data\udce9", "--store", store]) == 0
    out = capsys.readouterr().out
    out.encode("utf-8")  # printable: no surrogate reached the terminal
    assert "Dataé" in out or "Data\u00e9" in out


def test_chat_ctrl_c_stops_an_answer_then_quits_at_the_prompt(
    bot: Assistant, capsys, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    # Regression: Ctrl-C in `assistant chat` ended it with a KeyboardInterrupt traceback.
    lines = iter([MMVP, "What does it reveal?"])

    def typed(prompt: str = "") -> str:
        try:
            return next(lines)
        except StopIteration:
            raise KeyboardInterrupt from None  # Ctrl-C at the prompt

    calls: list[list] = []
    real = cli_module.stream_to_terminal

    def interrupted_once(bot, question, history, *rest):  # noqa: ANN001, ANN202
        calls.append(list(history))
        if len(calls) == 1:
            raise KeyboardInterrupt  # Ctrl-C while the first answer is written
        return real(bot, question, history, *rest)

    monkeypatch.setattr("builtins.input", typed)
    monkeypatch.setattr(cli_module, "stream_to_terminal", interrupted_once)
    assert cli(["chat", "--store", str(bot.settings.store)]) == 130
    err = capsys.readouterr().err
    assert "(stopped; this answer is not kept as a turn)" in err and "Traceback" not in err
    assert calls == [[], []]  # the stopped answer joined no history


def test_chat_with_long_and_odd_lines_then_eof(bot: Assistant, capsys, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    text = "?!\n\x00\n" + "MMVP benchmark " * 2000 + "\nWhat is MMVP\udcff?\n  \n"  # then EOF (Ctrl-D)
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert cli(["chat", "--store", str(bot.settings.store)]) == 0
    out = capsys.readouterr().out
    assert out.count("The question has no words to search for") == 2
    assert "(extractive; )" not in out and "(extractive)" in out  # no empty timings
    assert out.count("Sources:") == 2


@pytest.mark.parametrize("history", [["", "  ", ""], ["?!", "...", "🤖"]])
def test_a_history_with_no_words_is_no_history(bot: Assistant, history: list[str]) -> None:
    alone = bot.ask("What does MMVP reveal about CLIP?")
    with_history = bot.ask("What does MMVP reveal about CLIP?", history)
    assert [s.title for s in with_history.sources] == [s.title for s in alone.sources]
    assert with_history.answer == alone.answer


def test_a_pasted_paper_as_question_or_turn_is_read_to_its_first_words(bot: Assistant) -> None:
    # Regression: a 1 MB question (a paper pasted into the chat box) took 179 s in the evidence
    # step, every one of its 20,000 sentences scored as a part of the question; as a history
    # turn it was replayed the same way. Now its first 300 words, and the answer says so.
    from assistant.types import MAX_QUESTION_WORDS, bounded_question

    pasted = "What does the MMVP benchmark reveal about CLIP? " * 20000
    first, note = bounded_question(pasted)
    assert len(first.split()) == MAX_QUESTION_WORDS and "160,000 words; its first 291 and its closing question" in note
    answer = bot.ask(pasted)
    assert answer.notices[-1] == note and answer.sources[0].title.startswith("Eyes Wide Shut")
    assert bot.ask(first).answer == answer.answer
    follow = bot.ask("What does it propose?", [pasted])
    assert follow.sources[0].title.startswith("Eyes Wide Shut") and note not in follow.notices
    assert bounded_question("What is MMVP?") == ("What is MMVP?", "")


def test_a_pasted_abstract_keeps_its_closing_question_and_the_gap_stays_short(bot: Assistant) -> None:
    # Regression (bad-input trial 10): "I am writing a paper about the following. <432 words>
    # Which papers … closest to my work, and what datasets do they use?" was cut to its first 300
    # words, so the question itself was never read; its gap then pasted 280 words back.
    from assistant.types import MAX_QUESTION_WORDS, bounded_question

    pasted = "We study how radiologists read chest X-rays and align report sentences with image regions. " * 30
    closing = "Which papers in the collection are closest to my work, and what datasets do they use?"
    kept, note = bounded_question(pasted + closing)
    assert kept.endswith(" … " + closing) and len(kept.split()) == MAX_QUESTION_WORDS
    assert "its closing question were read" in note
    # No closing question: the first words, as before.
    assert bounded_question(pasted)[1].endswith("only its first 300 were read (ask about one thing at a time).")
    answer = bot.ask(pasted + closing)
    assert answer.notices[-1] == note
    assert all(len(gap) < 300 for gap in answer.gaps), answer.gaps


def test_the_app_answers_odd_input_through_its_chat_api(bot: Assistant) -> None:
    # The web app's /chat endpoint (what the browser calls): a pasted paper took minutes of a
    # worker; an about of "?!" wrote a comparison with nothing. (gradio_client cannot send a lone
    # surrogate, httpx encodes strictly; the app hands it to the same ask_stream tested above.)
    from gradio_client import Client

    from tests.conftest import serve

    with serve(bot) as url:
        client = Client(url, verbose=False)
        pasted = "What does the MMVP benchmark reveal about CLIP? " * 2000
        message, _, _ = client.predict(pasted, 5, False, "Ask", "", api_name="/chat")
        assert "16,000 words; its first 291 and its closing question were read" in message
        message, _, _ = client.predict(
            "visual shortcomings of multimodal LLMs", 5, False, "Related work", "?!", api_name="/chat"
        )
        assert ERROR not in message and "work described here" not in message


def test_chat_exit_with_a_full_stop_quits(bot: Assistant, capsys, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    # Regression: "Exit." and "quit!" were asked as questions ("The collection does not cover ...").
    for typed in ("Exit.\n", "quit!\n"):
        monkeypatch.setattr("sys.stdin", io.StringIO(typed + "What is MMVP?\n"))
        assert cli(["chat", "--store", str(bot.settings.store)]) == 0
        out = capsys.readouterr().out
        assert "Sources:" not in out and "does not cover" not in out


def test_a_long_plain_history_replays_only_its_recent_turns(bot: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: 50 `--history` turns were each retrieved again (9.7 s; 500 would take minutes);
    # a follow-up refers to a recent turn, so only the last REPLAY_TURNS are replayed.
    from assistant.ask import REPLAY_TURNS

    replayed: list[str] = []
    real = bot._retrieve_resolved

    def counting(resolved, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        replayed.append(resolved.question)
        return real(resolved, *args, **kwargs)

    monkeypatch.setattr(bot, "_retrieve_resolved", counting)
    history = [MMVP] * 49 + ["What is MixSpeech?"]
    answer = bot.ask("What does it propose?", history)
    assert answer.sources[0].title.startswith("MixSpeech")
    assert len(replayed) == REPLAY_TURNS + 1  # the recent turns, then the question itself
