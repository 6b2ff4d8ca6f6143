"""The chat as kept in the browser: hidden per-answer data, Turns, feedback records, Markdown export."""

from __future__ import annotations

from assistant.ask import Assistant
from ui.render import render_message
from ui.transcript import conversation_markdown, meta_comment, rated_answer, turns, visible_text

MMVP_Q = "Which paper introduces the MMVP benchmark and what does it reveal about CLIP?"
FOLLOW = "What fix does that paper propose?"


def history_of(bot: Assistant) -> list[dict]:
    answer = bot.ask(MMVP_Q)
    content = render_message(answer) + meta_comment(answer)
    # Gradio 6 sends message content back as a list of text parts.
    return [
        {"role": "user", "content": [{"type": "text", "text": MMVP_Q}]},
        {"role": "assistant", "content": [{"type": "text", "text": content}]},
        {"role": "user", "content": FOLLOW},
        {"role": "assistant", "content": "\u2718 an error message carries no data"},
    ]


def test_turns_carry_the_cited_papers(bot: Assistant) -> None:
    history = history_of(bot)
    (first, second) = turns(history)
    eyes = bot.ask(MMVP_Q).citations[0].paper_id
    assert first.question == MMVP_Q and first.paper_ids[0] == eyes
    assert "MMVP" in first.answer and "pa:" not in first.answer and "<a " not in first.answer
    assert second.question == FOLLOW and second.paper_ids == []


def test_rated_answer_and_export(bot: Assistant) -> None:
    history = history_of(bot)
    answer, earlier = rated_answer(history, 1)
    assert answer.question == MMVP_Q and earlier == [] and answer.citations[0].title.startswith("Eyes Wide Shut?")
    assert rated_answer(history, 0) is None  # a user message is not an answer
    text = conversation_markdown(history)
    assert f"## 1. {MMVP_Q}" in text and f"## 2. {FOLLOW}" in text
    assert "**References**\n\n- [1] Eyes Wide Shut?" in text and "Cited papers" not in text
    assert "[1]." in text and "pa-cite" not in text and "writer:" not in text


def test_titles_cannot_end_the_hidden_comment() -> None:
    from assistant.types import Answer, Citation, Source

    title = "A --> B -- C"
    answer = Answer(
        question="q", answer="x [1].", covered=True, writer="w",
        citations=[Citation(n=1, paper_id="p", title=title)],
        sources=[Source(n=1, paper_id="p", title=title, score=0.0)],
    )  # fmt: skip
    content = "body" + meta_comment(answer)
    assert content.count("-->") == 1 and visible_text(content) == "body"
    assert turns([{"role": "user", "content": "q"}, {"role": "assistant", "content": content}])[0].paper_ids == ["p"]


def test_export_lists_each_reference_with_its_links(bot: Assistant) -> None:
    # Regression (new-user trial 17): the export listed titles alone, though the bundled papers
    # carry a code link (Symile's GitHub repository).
    answer = bot.ask("How large is the Symile dataset?")
    content = render_message(answer) + meta_comment(answer)
    history = [{"role": "user", "content": answer.question}, {"role": "assistant", "content": content}]
    text = conversation_markdown(history)
    assert "Contrasting with Symile" in text and "code: <https://github.com/rajesh-lab/symile>" in text


def test_export_of_a_chat_saved_before_links_were_kept_lists_titles_alone() -> None:
    # A saved answer from before the code link was kept has no "code_url" (and the digest no "url"):
    # its references are listed by title, accents and all, with no empty "— " and no error.
    from assistant.types import Answer, Citation, Source

    title = "Müller-Style Fusion: ein Überblick"
    answer = Answer(
        question="q", answer="x [1].", covered=True, writer="w", done=True,
        citations=[Citation(n=1, paper_id="p", title=title)], sources=[Source(n=1, paper_id="p", title=title, score=0.0)],
    )  # fmt: skip
    content = "body" + meta_comment(answer).replace(', "code_url": null', "")
    assert "code_url" not in content
    text = conversation_markdown([{"role": "user", "content": "q"}, {"role": "assistant", "content": content}])
    assert f"- [1] {title}\n" in text and "— " not in text
