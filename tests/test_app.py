"""The Gradio app, launched for real on 127.0.0.1, answers through gradio_client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client

from assistant.ask import Assistant
from tests.conftest import serve
from ui.glyphs import ERROR


@pytest.fixture(scope="module")
def app_url(bot: Assistant) -> Iterator[str]:
    with serve(bot) as url:
        yield url


def test_app_answers_with_cited_paper(app_url: str) -> None:
    client = Client(app_url, verbose=False)
    message, sources, _downloads = client.predict(
        "Which paper introduces the MMVP benchmark and what does it reveal about CLIP?",
        5,
        False,
        "Ask",
        "",
        api_name="/chat",
    )
    assert "[1]" in message and "MMVP" in message
    assert "Cited papers" in message and "Eyes Wide Shut?" in message
    # The writer notice is in the status line once, not at the top of every answer.
    assert "No language model is configured" not in message
    assert '<mark class="pa-evidence">' in sources and "Eyes Wide Shut?" in sources


def test_app_refuses_off_topic(app_url: str) -> None:
    client = Client(app_url, verbose=False)
    message, _, downloads = client.predict(
        "What is the boiling point of water at high altitude?", 5, False, "Ask", "", api_name="/chat"
    )
    assert "does not cover" in message
    assert not downloads


def test_app_summarize_mode_offers_bib_and_tex(app_url: str) -> None:
    import bibtexparser

    client = Client(app_url, verbose=False)
    message, _, downloads = client.predict(
        "Summarize mixture-of-experts approaches in multimodal models",
        5,
        False,
        "Summarize",
        "",
        api_name="/chat",
    )
    assert "**Theme:" in message or "Theme:" in message
    paths = {
        Path(d if isinstance(d, str) else d["path"]).name: Path(d if isinstance(d, str) else d["path"])
        for d in downloads
    }
    assert set(paths) == {"draft.md", "draft.tex", "references.bib"}
    library = bibtexparser.parse_string(paths["references.bib"].read_text())
    assert library.entries and not library.failed_blocks
    assert "\\cite{" in paths["draft.tex"].read_text()


def test_app_upload_adds_papers_and_reports(bot: Assistant, tmp_path: Path) -> None:
    from gradio_client import handle_file

    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths
    from tests.conftest import write_digest

    # Its own store: the shared corpus store must stay at the 79 papers other tests expect.
    own = Assistant(Settings(store=tmp_path / "store"), bot.embedder)
    seed = write_digest(tmp_path / "seed.txt", [("Seed Paper on Graphs", "We study graph learning. " * 12)])
    ingest_paths([seed], own.settings, own.embedder, progress=False)
    jsonl = tmp_path / "mine.jsonl"
    jsonl.write_text(
        '{"title": "Quokka: Sparse Marsupial Transformers for Bioacoustic Tagging", '
        '"abstract": "We introduce Quokka, a sparse transformer that tags marsupial calls in field '
        'recordings. Quokka reaches 91.2% accuracy on the Outback-Calls benchmark."}\n'
        '{"title": "", "abstract": "A record with no title."}\n',
        encoding="utf-8",
    )
    with serve(own) as app_url:
        client = Client(app_url, verbose=False)
        report, status = client.predict(handle_file(str(jsonl)), api_name="/add_papers")
        assert "1 added" in report and "skipped" in report and "mine.jsonl" in report
        assert "2 papers" in status  # the header is refreshed after an upload, in papers
        message, _, _ = client.predict(
            "What accuracy does Quokka reach on Outback-Calls?", 5, False, "Ask", "", api_name="/chat"
        )
        assert "91.2%" in message and "Quokka" in message
        bad = tmp_path / "bad.csv"
        bad.write_text("not,a,paper\n1,2,3\n", encoding="utf-8")
        assert "Nothing was added" in client.predict(handle_file(str(bad)), api_name="/add_papers")[0]


MMVP_Q = "Which paper introduces the MMVP benchmark and what does it reveal about CLIP?"


def test_chat_by_keyword_with_defaults(app_url: str) -> None:
    # A load benchmark calls /chat with the message alone, by keyword.
    message, sources, downloads = Client(app_url, verbose=False).predict(message=MMVP_Q, api_name="/chat")
    assert "Eyes Wide Shut?" in message and downloads


def test_has_code_filter_does_not_crash(app_url: str) -> None:
    # Regression: "Only papers with code" crashed every time (MetadataFilter rejected True).
    client = Client(app_url, verbose=False)
    message, sources, _ = client.predict(message="Which paper scales unified multimodal LLMs with a mixture of experts?", has_code=True, api_name="/chat")
    assert ERROR not in message and "[1]" in message
    assert sources.count('class="pa-source"') >= 1 and "github.com" in sources
    assert "Eyes Wide Shut?" not in sources  # it has no code link


def test_bad_year_range_is_a_clear_message(app_url: str) -> None:
    message, _, _ = Client(app_url, verbose=False).predict(
        message=MMVP_Q, year_min=2025, year_max=2020, api_name="/chat"
    )
    assert "Check the filters" in message and "the from-year 2025 is after the to-year 2020" in message
    assert "year_min" not in message  # internal field names leaked in parentheses (new-user trial 9)
    # Regression (new-user trial 4): the message was pydantic's whole dump, link included.
    assert "pydantic" not in message and "input_value" not in message and "validation error" not in message


def test_filters_by_year_author_title_and_top_k(embedder, tmp_path_factory: pytest.TempPathFactory) -> None:  # noqa: ANN001
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths
    from tests.test_filters import SAMPLES

    own = Assistant(Settings(store=tmp_path_factory.mktemp("app-filters"), min_relevance=-1.0), embedder)
    ingest_paths(SAMPLES, own.settings, embedder, progress=False)
    question = "multimodal models for vision and language"
    with serve(own) as url:
        client = Client(url, verbose=False)
        for kwargs, allowed in (
            ({"year_max": 2020}, {"Multimodal Interfaces for Mobile Devices", "Visual Question Answering"}),
            ({"author": "kierkegaard"}, {"多模态大模型", "Visual Question Answering"}),
            ({"title": "clip", "year_min": 2023}, {"Über-CLIP"}),
        ):
            _, sources, _ = client.predict(message=question, top_k=10, api_name="/chat", **kwargs)
            titles = re.findall(r"<b>\[\d+\]</b> (.*?) <small>", sources)
            assert titles and all(any(t.startswith(a) for a in allowed) for t in titles), (kwargs, titles)
        _, sources, _ = client.predict(message=question, top_k=2, api_name="/chat")
        assert sources.count('class="pa-source"') == 2


def test_cited_papers_keep_the_numbers_of_the_text() -> None:
    # Regression: "2. A\n5. B" is a Markdown ordered list, which the browser renumbered 1, 2.
    from assistant.types import Answer, Citation, Source
    from ui.render import render_message, render_sources

    sources = [Source(n=n, paper_id=f"p{n}", title=f"Paper {n}", score=0.0, abstract="x") for n in range(1, 6)]
    answer = Answer(
        question="q",
        answer="A [2]. B [5].",
        covered=True,
        writer="extractive",
        citations=[Citation(n=2, paper_id="p2", title="Paper 2"), Citation(n=5, paper_id="p5", title="Paper 5")],
        sources=sources,
    )
    message = render_message(answer)
    cited = message.split("**Cited papers**")[1]
    assert re.findall(r"\[(\d)\]</a> Paper (\d)", cited) == [("2", "2"), ("5", "5")]
    assert not re.search(r"^\d+\. ", cited, re.M)
    panel = render_sources(answer)
    also = panel.split('class="pa-also"')[1]
    assert "Also retrieved (3 papers" in also and all(f"Paper {n}" in also for n in (1, 3, 4))
    assert 'id="pa-src-2"' in panel.split('class="pa-also"')[0]


def test_reasoning_relevance_gaps_finish_render() -> None:
    from assistant.types import Answer
    from ui.render import render_message

    partial = Answer(question="q", answer="So far", covered=True, writer="llm", done=False, reasoning="think <b>")
    text = render_message(partial)
    assert text.startswith('<details class="pa-reasoning"><summary>Reasoning</summary>') and "think &lt;b&gt;" in text
    assert "<details class=\"pa-reasoning\" open" not in text
    final = partial.model_copy(
        update={"done": True, "relevance": 0.2, "gaps": ["the dataset size"], "finish": "length"}
    )
    text = render_message(final)
    assert "Low relevance (0.20)" in text and "- the dataset size" in text and "token limit" in text
    assert "relevance 0.20" in text and "finish: length" in text


def test_a_streaming_answer_shows_citations_before_the_full_stop_as_the_final_one_does(bot: Assistant) -> None:
    # Regression (new-user trial 17): the extractive stream showed "… in size. [1] To address …" and
    # the final answer "… in size [1]. To address …", so the text jumped when the answer ended.
    from ui.render import render_message

    *partials, final = list(bot.ask_stream("What is WavCaps?"))
    streamed = render_message(partials[-1])
    assert "limited in size <a" in streamed and "[1]</a>. To address" in streamed and ". <a" not in streamed
    assert "limited in size <a" in render_message(final)


def test_the_status_lines_relevance_and_a_source_cards_cosine_are_told_apart() -> None:
    # New-user trial 17: the card said "cosine similarity of its best chunk 0.14" under an answer whose
    # status said "relevance 0.58", two different measures read as one.
    from assistant.types import Answer, Citation, Source
    from ui.render import render_message, render_sources

    source = Source(n=1, paper_id="p", title="T", score=1.0, dense=0.14, abstract="A.")
    answer = Answer(
        question="q", answer="A [1].", covered=True, writer="extractive", done=True, relevance=0.58,
        sources=[source], citations=[Citation(n=1, paper_id="p", title="T")],
    )
    assert "answer relevance 0.58" in render_message(answer)
    assert "retrieval: its best chunk's cosine to the query 0.14" in render_sources(answer)


def test_markup_in_a_question_or_abstract_is_shown_as_text() -> None:
    # Regression (eighth round): "Summarize <img src=x onerror=alert(1)><script>…" came back as
    # "**Theme: <img src=x onerror=alert(1)><script>alert(1)</script> …**", raw HTML in the chat
    # message (left to Gradio's sanitizer, which drops an abstract's "<image>" token as a tag).
    from assistant.types import Answer
    from ui.render import render_message
    from ui.transcript import visible_text

    attack = "<img src=x onerror=alert(1)><script>alert(1)</script>"
    answer = Answer(
        question=attack,
        answer=f"**Theme: {attack} What is MMVP**\nWe feed an <image> token and R&D data [1].",
        covered=True,
        writer="extractive",
        gaps=[f"No retrieved abstract mentions {attack}."],
        notices=[f"About {attack}"],
        error=f"the model at <b>x</b> failed {attack}",
    )
    text = render_message(answer)
    assert "<img" not in text and "<script" not in text and "<image>" not in text and "<b>" not in text
    assert "&lt;image&gt;" in text.replace(">", "&gt;") and "R&amp;D" in text
    assert '<a class="pa-cite" href="#pa-src-1">[1]</a>' in text  # the app's own markup stays
    assert "an <image> token and R&D data" in visible_text(text)  # copied or exported, it reads as typed


def test_a_gap_the_answer_already_states_is_not_listed_again(bot: Assistant) -> None:
    # Regression (new-user trial): both "does not state ..." sentences appeared in the answer and
    # again, word for word, under "Not stated in the cited abstracts".
    from ui.render import render_message

    answer = bot.ask("What learning rate and batch size were used to train the MMTrail models?")
    assert len(answer.gaps) == 1 and answer.gaps[0].endswith("does not state the learning rate or the batch size.")
    message = render_message(answer)
    assert "Not stated in the cited abstracts" not in message
    assert message.count("does not state the learning rate") == 1
    unsaid = answer.model_copy(update={"gaps": [*answer.gaps, "No abstract names the optimizer."]})
    listed = render_message(unsaid).split("**Not stated in the cited abstracts:**")[1]
    assert "- No abstract names the optimizer." in listed and "learning rate" not in listed


def test_model_picker(bot: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dropdown lists the endpoint's models when an LLM is configured; it is hidden
    otherwise (ui.settings_panel.model_choices)."""
    import ui.settings_panel
    from ui.settings_panel import model_choices

    assert model_choices(bot) == []  # no LLM configured
    llm_bot = Assistant(bot.settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1"}), bot.embedder)
    monkeypatch.setattr(ui.settings_panel, "list_models", lambda settings: ["other-model"])
    assert model_choices(llm_bot) == [bot.settings.llm_model, "other-model"]
    monkeypatch.setattr(ui.settings_panel, "list_models", lambda settings: (_ for _ in ()).throw(OSError("down")))
    assert model_choices(llm_bot) == [bot.settings.llm_model]  # an unreachable endpoint keeps the default
    from tests.openai_server import scripted_server

    monkeypatch.setattr(ui.settings_panel, "list_models", lambda settings: ["test-model", "other-model"])
    with scripted_server("Eyes Wide Shut builds MMVP [1].") as (base_url, received):
        settings = bot.settings.model_copy(update={"llm_base_url": base_url, "llm_model": "test-model"})
        with serve(Assistant(settings, bot.embedder)) as url:
            Client(url, verbose=False).predict(message=MMVP_Q, model="other-model", api_name="/chat")
    assert received and received[-1]["model"] == "other-model"


def test_related_work_mode_uses_about(app_url: str) -> None:
    from assistant.overview_writers import CLOSEST_LEAD

    client = Client(app_url, verbose=False)
    about = "We propose a benchmark of multi-image reasoning for multimodal LLMs."
    message, _, downloads = client.predict(
        message="Related work on benchmarks for multimodal LLMs", mode="Related work", about=about, api_name="/chat"
    )
    assert CLOSEST_LEAD in message and downloads
    plain, _, _ = client.predict(
        message="Related work on benchmarks for multimodal LLMs", mode="Related work", api_name="/chat"
    )
    assert CLOSEST_LEAD not in plain


def test_compare_mode_gives_a_table_with_csv_and_tex(app_url: str) -> None:
    client = Client(app_url, verbose=False)
    message, _, downloads = client.predict(
        message="Compare the fusion strategies (early, late, intermediate) discussed across these papers.",
        mode="Compare",
        api_name="/chat",
    )
    assert "| Paper |" in message and "[1]" in message
    names = {Path(d if isinstance(d, str) else d["path"]).name for d in downloads}
    assert {"table.csv", "table.tex", "draft.md", "references.bib"} <= names


def test_each_example_chip_in_ask_mode_cites_what_it_asks_for(app_url: str) -> None:
    # New-user trial (sixth round): the third chip, a bare topic ("Mixture-of-experts approaches in
    # multimodal models"), was answered in Ask mode from IMP's sentences alone.
    from ui.chat import EXAMPLES

    client = Client(app_url, verbose=False)
    message, _sources, _downloads = client.predict(EXAMPLES[2], 5, False, "Ask", "", api_name="/chat")
    cited = {name for name in ("Uni-MoE", "MoMa", "Mixture-of-Mamba", "Alternating Gradient") if name in message}
    assert len(cited) >= 2, message[:1500]


def _saved(question: str, answer: object) -> list[dict]:
    """A conversation as Gradio saves it: the question, then the bot message the app yields."""
    from ui.render import render_message
    from ui.transcript import meta_comment

    return [{"role": "user", "content": question}, {"role": "assistant", "content": render_message(answer) + meta_comment(answer)}]


def test_a_reopened_saved_chat_shows_its_last_answers_sources_and_files(bot: Assistant) -> None:
    # Regression (new user): reopening a saved chat kept the other chat's sources and
    # references.bib. The last answer is rebuilt from the saved message and the store.
    from collections import deque

    from assistant.export import answer_files
    from ui.render import render_sources
    from ui.transcript import restored_answer

    (table,) = deque(bot.overview_stream("compare", "mixture-of-experts multimodal models in terms of modalities"), maxlen=1)
    for question, answer in [
        ("What does the Wings paper propose?", bot.ask("What does the Wings paper propose?")),
        ("Which paper introduces the MMVP benchmark?", bot.ask("Which paper introduces the MMVP benchmark?")),
        ("mixture-of-experts multimodal models in terms of modalities", table),
    ]:
        history = _saved("earlier question", bot.ask("What is CLIP-blind?"))[:2] + _saved(question, answer)
        restored = restored_answer(history, bot.store.paper_records)
        assert restored is not None and answer.citations, question
        again, marks = restored
        assert render_sources(again, marks) == render_sources(answer), question
        assert answer_files(again) == answer_files(answer), question
    assert table.table is not None and "table.csv" in answer_files(again)
    # An error as the last message: no sources, no files.
    failed = _saved("q", bot.ask("What is CLIP-blind?")) + [
        {"role": "user", "content": "again"}, {"role": "assistant", "content": f"{ERROR} RuntimeError: down"},
    ]  # fmt: skip
    assert restored_answer(failed, bot.store.paper_records) is None


def test_a_source_card_marks_the_sentences_the_answer_uses(bot: Assistant) -> None:
    # Regression (new user): a refusal quoting the one sentence "the closest it states" marked the
    # paper's whole best-matching chunk on its card (five sentences of Wings). A card marks the
    # sentences the answer quotes or is verified by.
    from ui.render import render_sources

    def marked(answer: object) -> list[str]:
        return re.findall(r'<mark class="pa-evidence">(.*?)</mark>', render_sources(answer), re.S)

    # (Since round 11 that question leads with its gap and quotes the closest sentences: still only those.)
    gap = bot.ask("How many parameters does the Wings model have?")
    assert "does not state" in gap.answer and gap.citations
    said = " ".join(gap.answer.split())
    assert marked(gap) and all(" ".join(m.split()) in said for m in marked(gap))
    answer = bot.ask("What does the Wings paper propose?")
    said = " ".join(answer.answer.split())
    assert marked(answer) and all(" ".join(m.split()) in said for m in marked(answer))
    # While nothing is cited yet (streaming), a card marks its best-matching chunk: why it was retrieved.
    streaming = answer.model_copy(update={"citations": [], "sentences": [], "answer": "", "done": False})
    assert len(marked(streaming)) >= 1
