"""Follow-ups as state (assistant/conversation.py): a reference back resolves to the previous
answer's papers; a new topic starts fresh. On the bundled corpus."""

from __future__ import annotations

import json
import subprocess
import sys

from assistant import answer_type
from assistant.ask import Assistant
from assistant.asked import asked_heads
from assistant.conversation import continues, points_back, refers_back, resolve
from assistant.settings import PROJECT_DIR, Settings
from assistant.types import Turn

EYES = "Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs"
MMVP = "Which benchmark shows that multimodal LLMs fail on CLIP-blind image pairs?"
FIX = "What fix does that paper propose?"


def test_what_refers_back() -> None:
    assert refers_back("What fix does that paper propose?")
    assert refers_back("How many LVLMs did they evaluate on it?")
    assert refers_back("And how much did it improve over GPT-4o?")
    assert not refers_back("graph neural networks for molecules")
    assert not refers_back("How does ImageBind align its modalities?")  # "its" is ImageBind's


def test_resolve_uses_the_previous_answers_papers() -> None:
    turns = [Turn(question="q1", paper_ids=["a", "b"]), Turn(question="q2", paper_ids=["c", "d"])]
    assert resolve("What does that paper propose?", turns).paper_ids == ["c"]
    assert resolve("Compare these papers.", turns).paper_ids == ["c", "d"]
    fresh = resolve("graph neural networks for molecules", turns)
    assert not fresh.follow_up and fresh.paper_ids == []


def test_followup_answers_from_the_paper_of_the_previous_answer(bot: Assistant) -> None:
    first = bot.ask(MMVP)
    assert first.citations[0].title == EYES
    turn = Turn(question=MMVP, answer=first.answer, paper_ids=[c.paper_id for c in first.citations])
    answer = bot.ask(FIX, [turn])
    assert "Mixture of Features" in answer.answer
    assert {c.title for c in answer.citations} == {EYES}


def test_plain_string_history_still_works(bot: Assistant) -> None:
    answer = bot.ask(FIX, [MMVP])
    assert "Mixture of Features" in answer.answer and answer.citations[0].title == EYES


def test_a_new_topic_starts_fresh(bot: Assistant) -> None:
    # Regression: the previous question was appended to every query, so this retrieved MMVP.
    retrieval = bot.retrieve("graph neural networks for molecules", [MMVP])
    assert retrieval.query == "graph neural networks for molecules"
    answer = bot.ask("graph neural networks for molecules", [MMVP])
    assert EYES not in [c.title for c in answer.citations]


def test_a_continuation_naming_another_paper_moves_to_it(bot: Assistant) -> None:
    # Regression: "What about MedMax?" after a question on Wings was tied to Wings and refused.
    for earlier, question, title in [
        ("What does the Wings paper propose?", "What about MedMax?", "MedMax"),
        ("Tell me about the MMIE benchmark.", "And what about SEED-Bench-2?", "SEED-Bench-2"),
        ("What is MedMax?", "How about Uni-MoE?", "Uni-MoE"),
    ]:
        answer = bot.ask(question, [earlier])
        assert answer.covered, question
        assert answer.citations and answer.citations[0].title.startswith(title), question


def test_a_continuation_naming_something_of_the_same_paper_stays_with_it(bot: Assistant) -> None:
    answer = bot.ask("And on LRS3?", ["What lip reading error rate does MixSpeech reach on LRS2?"])
    assert "28.0" in answer.answer
    assert answer.citations[0].title.startswith("MixSpeech")


def test_a_pointing_word_after_the_questions_own_subject_does_not_refer_back() -> None:
    # Regression: "it"/"they" in a later clause pointed at the previous answer's paper, although
    # the question had introduced its own subject ("which paper ...", "is there work ...", a name).
    for question in [
        "Which dataset pairs movie trailers with music descriptions, and how many clips does it contain?",
        "Switching topics: is there a paper on audio captioning that used ChatGPT to clean descriptions? "
        "How large is it?",
        "Which paper studies OCR in large multimodal models and what did it find?",
        "Tell me about Tiny LVLM-eHub. How did Bard do in it?",
        "Also, which paper brings mixture-of-experts to a unified multimodal LLM?",
    ]:
        assert not refers_back(question), question
    # In the same clause, or with no subject of its own, a pointing word still refers back.
    for question in [
        "Which training-based model does it match on MLVU, and how large is that model?",
        "How big is the instruction dataset they built alongside it?",
        "What about when it's combined with mixture-of-depths?",
        "And what about its biomedical tasks?",
        "And on LRS3?",
        # Dev d3-follow-01/05: "and" inside a noun phrase, or a clause's capitalised first word,
        # is no subject of the question's own.
        "How many tasks and annotated samples does it include?",
        "How large was the biggest model the authors trained, and how many more tasks/modalities can it "
        "handle compared to existing models?",
    ]:
        assert refers_back(question), question


def test_an_interjection_before_a_continuation_and_a_dash_clause() -> None:
    # Dev d3-switch-04: "ok, and what about X - which two LLMs did they use?" is a new topic
    # (X is named in the clause before the dash), not the earlier paper's.
    question = "ok, and what about multimodal RAG for industrial documents - which two LLMs did they use?"
    assert continues(question) and not points_back(question)
    turns = [Turn(question="What does the Combiner do in Mirasol3B?", paper_ids=["m"])]
    assert resolve(question, turns).follow_up  # a continuation: Assistant.resolve checks its words


def test_a_new_topic_with_a_pointing_word_of_its_own_is_answered_from_its_paper(bot: Assistant) -> None:
    # Regression: each was pinned to the earlier paper and refused or answered from it.
    for earlier, question, title in [
        (
            "What does the Wings paper propose?",
            "Which dataset pairs movie trailers with music descriptions, and how many clips does it contain?",
            "MMTrail",
        ),
        ("What is MedMax?", "Which paper studies OCR in large multimodal models and what did it find?", "On the Hidden"),
        ("What does the 4M paper do?", "Tell me about Tiny LVLM-eHub. How did Bard do in it?", "Tiny LVLM-eHub"),
        (
            "Summarize the MoMa paper.",
            "Is there work that maps brain recordings to vision-language model features? "
            "What brain regions does it highlight?",
            "Revealing Vision-Language Integration",
        ),
        ("What is WavCaps?", "Also, which paper brings mixture-of-experts to a unified multimodal LLM?", "Uni-MoE"),
    ]:
        answer = bot.ask(question, [earlier])
        assert answer.covered, question
        assert answer.citations[0].title.startswith(title), question


def test_a_continuation_asking_for_another_paper_is_none() -> None:
    assert not continues("Also, which paper brings mixture-of-experts to a unified multimodal LLM?")
    assert continues("Also, which datasets were used?")  # may ask about the earlier paper
    # A name in an earlier clause is the question's own only when read with names.
    question = "On MSRVTT, what score does it reach?"
    assert not points_back(question) and points_back(question, names=False)


def test_a_pointing_word_after_a_name_the_earlier_paper_says_stays_with_it(bot: Assistant) -> None:
    # "On MSRVTT, ... it" after mPLUG-2: mPLUG-2 reports MSRVTT, so "it" is mPLUG-2.
    earlier = "What problem is the modular design of mPLUG-2 meant to address?"
    resolved = bot.resolve("On MSRVTT, what score does it reach?", [earlier])
    assert resolved.follow_up and resolved.paper_ids
    answer = bot.ask("On MSRVTT, what score does it reach?", [earlier])
    assert answer.citations[0].title.startswith("mPLUG-2")


def test_a_continuation_after_an_interjection_naming_another_topic_moves_on(bot: Assistant) -> None:
    answer = bot.ask(
        "ok, and what about multimodal RAG for industrial documents - which two LLMs did they use for answer "
        "synthesis?",
        ["What does the Combiner do in Mirasol3B?"],
    )
    assert answer.covered and answer.citations[0].title.startswith("Beyond Text: Optimizing RAG")
    assert "LLaVA" in answer.answer


def test_a_continuation_about_words_the_earlier_paper_lacks_moves_on(bot: Assistant) -> None:
    # Regression: "What about X, do they work?" after WavCaps quoted WavCaps, which never
    # mentions recommendation.
    answer = bot.ask("What about vision-language models for recommendation, do they work?", ["What is WavCaps?"])
    assert answer.covered and "WavCaps" not in " ".join(c.title for c in answer.citations)
    assert any("Recommend" in c.title for c in answer.citations)


def test_cli_followup_answers_with_mixture_of_features(corpus_settings: Settings, bot: Assistant) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", FIX, "--history", MMVP, "--json"]
        + ["--store", str(corpus_settings.store)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "Mixture of Features" in data["answer"]
    assert data["citations"][0]["title"] == EYES
    assert isinstance(data["relevance"], float) and data["gaps"] == []


def test_a_referred_paper_not_retrieved_is_fetched_itself(bot) -> None:  # noqa: ANN001
    # Regression (merge of typed filters): pin_papers asked for {"paper_id": pid}, which the typed
    # Filters ignored, so the top paper of the whole collection was pinned in its place.
    from assistant.conversation import pin_papers

    retrieval = bot.retriever.retrieve("audio captioning dataset", top_k=3)
    far = next(r for r in bot.retriever.retrieve("Chinese math dataset grade levels", top_k=1).sources)
    assert far.paper_id not in {s.paper_id for s in retrieval.sources}
    pinned = pin_papers(retrieval, [far.paper_id], bot.retriever, 3)
    assert pinned.sources[0].paper_id == far.paper_id and pinned.sources[0].n == 1


def test_an_unknown_filter_key_is_an_error_not_no_filter() -> None:
    import pydantic
    import pytest

    from assistant.filters import Filters

    with pytest.raises(pydantic.ValidationError):
        Filters.of({"paper_id": "x"})


def test_a_followup_under_a_title_filter_cites_only_papers_that_pass_it(bot: Assistant) -> None:
    # Regression (new-user trial 4): in the browser, "What do these papers propose?" asked with
    # "Title contains: mixup" after a question about robustness was answered from the earlier
    # answer's papers (no "mixup" in their titles): pin_papers fetched them with no filter.
    from assistant.filters import Filters

    first = bot.ask(MMVP, top_k=3)
    assert first.citations[0].title == EYES
    turn = Turn(question=MMVP, answer=first.answer, paper_ids=[c.paper_id for c in first.citations])
    answer = bot.ask("What do these papers propose?", [turn], top_k=3, filters=Filters(title="mixup"))
    assert answer.citations and all("mixup" in c.title.lower() for c in answer.citations)
    retrieval = bot.retrieve("What do these papers propose?", [turn], top_k=3, filters=Filters(title="mixup"))
    assert retrieval.sources and all("mixup" in s.title.lower() for s in retrieval.sources)
    # The same follow-up with no filter still stays with the earlier paper.
    assert bot.ask(FIX, [turn]).citations[0].title == EYES


def test_pin_papers_keeps_a_scoped_chat_inside_its_papers(bot: Assistant) -> None:
    from assistant.conversation import pin_papers
    from assistant.filters import Filters

    wings = bot.retriever.retrieve("What does the Wings paper propose?", top_k=1).sources[0]
    eyes = bot.retriever.retrieve(MMVP, top_k=1).sources[0]
    scoped = bot.retriever.retrieve("What is proposed?", top_k=3, filters=Filters(paper_ids=[wings.paper_id]))
    pinned = pin_papers(scoped, [eyes.paper_id], bot.retriever, 3)
    assert [s.paper_id for s in pinned.sources] == [wings.paper_id]


def test_the_authors_and_a_place_there_refer_back() -> None:
    # Regression (dev5 follow-ups): "the authors" and "do there" started fresh chats.
    assert refers_back("What did the authors conclude about the existing datasets?")
    assert refers_back("How did the baseline models do there, even when the image was given as text?")
    for fresh in ["Is there a benchmark for audio?", "Are there papers on OCR?", "There are many MoE models; which is best?"]:
        assert not refers_back(fresh), fresh


def test_a_followup_asking_for_the_papers_things_is_not_a_topic_search(bot: Assistant) -> None:
    # Regression: "Which datasets did they evaluate it on?" after Symile was refused with
    # "No retrieved abstract is about Which datasets did they evaluate it on": its plural was
    # read as a search for papers on a topic.
    answer = bot.ask("Which datasets did they evaluate it on?", ["What does the Symile paper propose?"])
    assert answer.covered and "33M" in answer.answer
    assert not any("is about" in g for g in answer.gaps)
    assert answer.citations[0].title.startswith("Contrasting with Symile")


def test_followups_by_the_authors_and_there_keep_their_paper(bot: Assistant) -> None:
    omni = bot.ask(
        "How did the baseline models do there?",
        ["What is OmniBench?"],
    )
    assert omni.citations[0].title.startswith("OmniBench") and "50%" in omni.answer
    bias = bot.ask(
        "What did the authors conclude about the existing datasets?",
        ["Which paper introduced a score measuring which modality is actually needed to answer video QA questions?"],
    )
    assert bias.citations[0].title.startswith("Assessing Modality Bias")


MODALITY = "Is there a study checking whether video question answering benchmarks can be solved by looking at only one modality?"
MIS_PAPER = "Assessing Modality Bias in Video Question Answering Benchmarks with Multimodal Large Language Models"


def test_which_score_a_paper_introduces_asks_for_its_name(bot: Assistant) -> None:
    # Regression (new-user trial 10): "What score does that paper introduce?" wanted a number and refused,
    # quoting the answer ("we introduce the modality importance score (MIS)") as merely the closest.
    answer = bot.ask("What score does that paper introduce to measure this?", [MODALITY])
    assert answer.covered and not answer.gaps
    assert "modality importance score (MIS)" in answer.answer
    assert [c.title for c in answer.citations] == [MIS_PAPER]
    # a figure asked of it is still a figure
    assert answer_type.expected_type("What score does it reach on MSRVTT?") == "quantity"
    assert asked_heads("How many samples does it introduce?")[0].quantity


def test_release_unstated_is_a_gap_quoting_nothing_unrelated(bot: Assistant) -> None:
    # Regression (new-user trial 10): "Does that paper release code?" quoted six unrelated sentences
    # (relevance 0.10); the abstract says nothing of code.
    answer = bot.ask("Does that paper release code?", [MODALITY])
    assert not answer.covered
    assert answer.gaps == [f"The abstract of “{MIS_PAPER}” [1] does not state whether its code or data is released."]
    assert "“" not in answer.answer.split("released.")[-1]  # no closest sentence quoted
    assert [c.title for c in answer.citations] == [MIS_PAPER]


def test_which_models_a_dataset_paper_evaluates_must_be_named(bot: Assistant) -> None:
    # Regression (new-user trial 10): the size was answered, "which models" (only "SOTA LMMs") had no gap.
    answer = bot.ask("How large is it and which models does it evaluate?", ["Which paper builds a Chinese math dataset for multimodal models?"])
    assert answer.covered and "28,000" in answer.answer
    assert len(answer.gaps) == 1 and answer.gaps[0].endswith("does not name the models.")
    # "which network fuses ..." still asks which paper it is (the paper answers it)
    assert asked_heads("Which network fuses audio and video?") == []


def test_two_papers_named_together_are_both_answered_and_followed_up(bot: Assistant) -> None:
    # Regression (bad-input trial 9): "What are SPHINX and VIMI?" quoted VIMI with "does not
    # mention SPHINX; that of SPHINX does", and "Do these papers release code?" then refused,
    # though SPHINX's abstract says "Code is released at ...".
    first = bot.ask("What are SPHINX and VIMI?")
    cited = [c.title.split(":")[0] for c in first.citations]
    assert {"SPHINX", "VIMI"} <= set(cited) and not first.gaps
    answer = bot.ask("Do these papers release code?", ["What are SPHINX and VIMI?"])
    assert answer.covered and answer.citations[0].title.startswith("SPHINX")
    assert "Code is released at" in answer.answer
    assert any("VIMI" in g and "released" in g for g in answer.gaps)


def test_ordinals_and_plural_pointers_resolve_over_the_papers_in_focus() -> None:
    # Regression (bad-input trial 10): "Which one has more samples?", "the second one" and "And the
    # first paper?" did not refer back and were refused; "they" after two one-paper turns ("What is
    # WavCaps?", "What is MMTrail?" → "How do they compare?") answered from the last paper only.
    two = [Turn(question="What are MIBench and MMIE?", paper_ids=["mib", "mmie"])]
    assert refers_back("Which one has more samples?") and refers_back("What does the second one propose?")
    assert resolve("Which one has more samples?", two).paper_ids == ["mib", "mmie"]
    assert resolve("What does the second one propose?", two).paper_ids == ["mmie"]
    assert resolve("And the latter?", two).paper_ids == ["mmie"]
    apart = [Turn(question="What is WavCaps?", paper_ids=["wav", "x"]), Turn(question="What is MMTrail?", paper_ids=["trail"])]
    assert resolve("How do they compare?", apart).paper_ids == ["wav", "trail"]
    assert resolve("And the first paper?", apart).paper_ids == ["wav"]
    assert resolve("How big are both of them?", apart).paper_ids == ["wav", "trail"]
    # A follow-up on an earlier paper ends the focus once two newer papers were asked about (trial 16:
    # Math-PUMA, "What dataset does it use?", CMM-Math, PIN, "Which one is bigger?" quoted Math-PUMA).
    puma = [Turn(question="What is Math-PUMA?", paper_ids=["puma"])]
    then = [Turn(question="What dataset does it use?", paper_ids=["puma"]), Turn(question="What is CMM-Math?", paper_ids=["cmm"])]
    pin = [Turn(question="What is PIN?", paper_ids=["pin"])]
    assert resolve("Which one is bigger?", puma + then + pin).paper_ids == ["cmm", "pin"]
    assert resolve("Which one is bigger?", puma + then).paper_ids == ["puma", "cmm"]  # one newer: both
    assert resolve("Which one is bigger?", [*puma, *pin, Turn(question="Does it release code?", paper_ids=["pin"])]).paper_ids == ["puma", "pin"]
    # One paper pointed at beside "they" is that paper's authors; a single pointer keeps the last.
    assert resolve("How many LVLMs did they evaluate on it?", apart).paper_ids == ["trail"]
    assert resolve("What does that paper propose?", apart).paper_ids == ["trail"]
    # After a question for one paper, "they" are its authors (dev follow-09 quoted a second paper).
    one = [Turn(question="Which paper studies GPT-4V for recommendation?", paper_ids=["rec", "other"])]
    assert resolve("What limitation did they find?", one).paper_ids == ["rec"]
    # Not pointers: "the first" of something else, "both" as a word of the topic.
    assert not refers_back("Which paper is the first to study audio in the brain?")
    assert not refers_back("Which papers use both audio and video?")


def test_followups_over_two_papers_answer_from_each(bot: Assistant) -> None:
    first = "Tell me about WavCaps and MMTrail"
    sizes = bot.ask("How big are their datasets?", [first])
    assert "approximately 400k audio clips" in sizes.answer and "more than 20M trailer clips" in sizes.answer
    second = bot.ask("What does the second one propose?", [first])
    assert [c.title.split(":")[0] for c in second.citations] == ["MMTrail"]
    which = bot.ask("Which one has more samples?", ["What are MIBench and MMIE?"])
    assert "13K annotated samples" in which.answer and {"MIBench", "MMIE"} <= {c.title.split(":")[0] for c in which.citations}
    both = bot.ask("How are they evaluated?", ["What is SEED-Bench-2?", "What is MIBench?"])
    assert [c.title.split(":")[0] for c in both.citations] == ["SEED-Bench-2", "MIBench"]


def test_a_paper_named_before_the_pointing_word_is_the_questions_own_subject(bot: Assistant) -> None:
    # Regression (new-user trial 15): "Who are the authors of MIBench and in what year was it
    # published?" after the mixture-of-experts papers was answered about Uni-MoE; "How many dimensions
    # does SEED-Bench-2 span, and what accuracy does GPT-4V reach on it?" after the GPT-4V
    # recommendation paper was refused. A name the earlier paper says ("Bard" in Tiny LVLM-eHub), or
    # that no stored paper is titled by ("LLaVA-1.5"), leaves the pointing word on the earlier paper.
    from assistant.presentation import turn_of

    def last(*questions: str):  # noqa: ANN202
        turns: list[Turn] = []
        for q in questions:
            answer = bot.ask(q, turns)
            turns.append(turn_of(answer))
        return answer

    authors = last("Which papers use a mixture of experts?", "Who are the authors of MIBench and in what year was it published?")
    assert [c.title.split(":")[0] for c in authors.citations] == ["MIBench"]
    seed = last("Which paper studies GPT-4V for recommendation?", "How many dimensions does SEED-Bench-2 span, and what accuracy does GPT-4V reach on it?")
    assert seed.citations[0].title.startswith("SEED-Bench-2") and "27 dimensions" in seed.answer
    assert last("What is Tiny LVLM-eHub?", "How did Bard do in it?").citations[0].title.startswith("Tiny LVLM-eHub")
    llava = last("What does MMVP reveal about CLIP?", "How does LLaVA-1.5 do on it?")
    assert any("LLaVA-1.5" in g for g in llava.gaps)
