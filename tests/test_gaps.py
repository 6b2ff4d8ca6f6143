"""Issue 9's examples as regressions on the bundled corpus: gaps instead of confident
off-point quotes, quotes that answer, the named paper first (assistant/gaps.py,
assistant/evidence.py)."""

from __future__ import annotations

import pytest

from assistant.ask import Assistant
from assistant.asked import asked_heads, asks_which_thing, question_names
from assistant.gaps import mentions, spelled_out
from assistant.writers import NOT_STATED

EYES = "Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs"


def titles(answer) -> list[str]:  # noqa: ANN001
    return [c.title for c in answer.citations]


def test_unstated_license_leads_with_the_gap_then_quotes_the_closest(bot: Assistant) -> None:
    # Round 11: the paper asked about, stating nothing asked in the question's words, is no longer a
    # refusal: on fresh paraphrase sets one answerable question in ten was refused for a fact stated in
    # other words. The gap comes first, then what the abstract states closest (the issue's "does not
    # state a license; it describes ...").
    answer = bot.ask("What license is the PIN-14M dataset released under?")
    assert answer.covered and not answer.answer.startswith(NOT_STATED)
    assert any("does not state the license" in g for g in answer.gaps)
    body = answer.answer.split("\n\n", 1)[1]
    assert body.startswith("The abstract of “PIN") and "What it states closest to the question:" in body
    assert not any(s.flags for s in answer.sentences)
    assert "open-source dataset comprising 14 million samples" in answer.answer  # the closest it states
    assert titles(answer) == [
        "PIN: A Knowledge-Intensive Dataset for Paired and Interleaved Multimodal Documents"
    ]


def test_paper_not_in_collection_with_an_overlapping_name(bot: Assistant) -> None:
    # TS-LLaVA only shares the name; it was quoted with its code link.
    answer = bot.ask("What learning rate did the LLaVA-1.5 paper use?")
    assert not answer.covered
    # the nearest name the abstracts use is named beside it (sixth round)
    assert "No retrieved abstract mentions LLaVA-1.5; the nearest name they use is TS-LLaVA." in answer.gaps
    assert "github.com" not in answer.answer


def test_paraphrase_naming_a_company_is_not_refused(bot: Assistant) -> None:
    # Regression: refused as "No paper in the collection is about Google" (the capitalised-name rule).
    answer = bot.ask(
        "How did Google's chatbot fare against other image-text assistants in that lightweight "
        "evaluation suite?"
    )
    assert answer.covered and not answer.gaps
    assert titles(answer)[0] == "Tiny LVLM-eHub: Early Multimodal Experiments with Bard"


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("Which language model is VITA built on?", ["Mixtral 8x7B"]),
        (
            "SEED-Bench-2: how many questions, dimensions, and open-source MLLMs evaluated?",
            ["24K", "27 dimensions", "23 prominent open-source MLLMs"],
        ),
        (
            "What fix does the Eyes Wide Shut paper propose for the visual shortcomings of multimodal LLMs?",
            ["Mixture of Features"],
        ),
    ],
)
def test_quotes_hold_the_answering_sentence(bot: Assistant, question: str, facts: list[str]) -> None:
    answer = bot.ask(question)
    assert answer.covered
    for fact in facts:
        assert fact in answer.answer
    assert len({c.paper_id for c in answer.citations}) == 1  # only the paper asked about


def test_the_paper_a_question_is_about_comes_first(bot: Assistant) -> None:
    # Regression: "Eyes Wide Shut?" (ranked fifth) was quoted before the paper the question is about.
    answer = bot.ask(
        "Is it better to describe facial action units and voice pitch in words for an LLM, or to fuse "
        "raw features, when recognizing compound emotions like happily surprised in the wild?"
    )
    assert titles(answer)[0] == (
        "Textualized and Feature-based Models for Compound Multimodal Emotion Recognition in the Wild"
    )
    assert EYES not in titles(answer)


def test_relevance_is_reported_and_low_relevance_gets_a_notice(bot: Assistant) -> None:
    on_point = bot.ask("How many samples does the CMM-Math dataset contain?")
    off_point = bot.ask("How do graph neural networks handle molecules?")  # answered, off the point
    assert on_point.relevance is not None and off_point.relevance is not None
    assert on_point.relevance > off_point.relevance
    assert not any("Low answer relevance" in n for n in on_point.notices)
    assert any("Low answer relevance" in n for n in off_point.notices)


def test_names_and_asked_attributes() -> None:
    assert question_names("What learning rate did the LLaVA-1.5 paper use?") == ["LLaVA-1.5"]
    assert question_names("How did GPT-4o's score compare on English-to-Spanish BLEU?") == [
        "GPT-4o",
        "English-to-Spanish",
        "BLEU",
    ]
    heads = {
        h.phrase: h.quantity for h in asked_heads("How many questions, dimensions, and models are there?")
    }
    assert heads == {"questions": True, "dimensions": True, "models": True}  # a count of each
    assert [h.phrase for h in asked_heads("What license is PIN-14M released under?")] == ["license"]
    assert asked_heads("Which paper creates hard negatives?") == []  # which paper: the paper answers it
    # A question word deep in the sentence is a relative clause, not what is asked.
    assert asked_heads("How can one flag fights when training only tells you which film contains them?") == []
    assert [h.phrase for h in asked_heads("What share of the compute does it use?")] == ["figure"]


def test_asked_phrase_keeps_what_a_figure_measures_and_ends_at_a_verb() -> None:
    # Regression (dev unans2-10/11): "what batch size" asked only for "a figure", so any
    # number in the abstract stated it; "how many annotators took part" ended at the role
    # noun "part" and asked nothing.
    heads = asked_heads("How many tasks does MultiModN cover, and what batch size was used?")
    assert [(h.phrase, h.terms, h.quantity) for h in heads][-1] == ("batch size", {"batch"}, True)
    heads = asked_heads("How many annotators took part in the human evaluation?")
    assert [(h.phrase, h.quantity) for h in heads] == [("annotators", True)]
    # "total" says how the figure is taken, not what it measures (was required, and refused).
    assert [h.phrase for h in asked_heads("What total number of questions does SEED-Bench-2 have?")] == ["figure"]
    assert asks_which_thing("Which scene-parsing network fuses two encoder streams?")
    assert not asks_which_thing("How many real-world tasks does it cover?")  # a count, not which thing


def test_unstated_batch_size_is_named_beside_the_stated_count(bot: Assistant) -> None:
    answer = bot.ask("How many real-world tasks does MultiModN's evaluation cover, and what batch size was used?")
    assert any("batch size" in g for g in answer.gaps)


def test_which_thing_part_answered_by_its_paper_is_not_refused(bot: Assistant) -> None:
    # Regression (dev para2-05): refused because "what lighter single-input variant" is worded
    # unlike the abstract, although the paper answers "which network" and names AdapNet++.
    answer = bot.ask(
        "Which scene-parsing network for robots fuses two encoder streams, and what lighter "
        "single-input variant does it come with?"
    )
    assert answer.covered
    assert titles(answer)[0] == "Self-Supervised Model Adaptation for Multimodal Semantic Segmentation"
    assert "AdapNet++" in answer.answer


def test_weak_evidence_quotes_more_of_its_paper(bot: Assistant) -> None:
    # Regression (dev para-01): a paraphrase whose best sentence scores low quoted three
    # sentences and missed the one naming the model; one paper is still the only one cited.
    # (Round 6: the weak hedge is the 5 best and the first contribution sentence, not every
    # contribution, so the LoRRA sentence, a component's name, is no longer quoted.)
    answer = bot.ask(
        "Which model adds parallel visual and textual side modules inside every attention block so "
        "that a vision-language chatbot keeps its pure-dialogue skills after image tuning?"
    )
    assert titles(answer) == ["Wings: Learning Multimodal LLMs without Text-only Forgetting"]
    assert "we present Wings, a novel MLLM" in answer.answer
    assert "connected in parallel within each layer's attention block" in answer.answer


def test_asked_phrase_drops_counts_kind_nouns_verbs_and_finds_each_part() -> None:
    # Dev d3-follow-02/06, d3-look-02/05/06: each asked something the abstract states, but the
    # asked phrase was read as "three stages", "happens", "across how many", "two interaction
    # features", "average improvement" (no figure noun), and the answer was refused or gapped.
    assert asked_heads("What are the three stages of their progressive training strategy?") == []
    assert asked_heads("According to that paper, what happens in the lower layers of the model?") == []
    assert asked_heads("Which two interaction features do the authors claim to be the first?") == []
    (head,) = asked_heads("what was the average improvement?")
    assert head.quantity
    phrases = [h.phrase for h in asked_heads("how many questions, across how many evaluation dimensions?")]
    assert phrases == ["questions", "evaluation dimensions"]


@pytest.mark.parametrize(
    ("history", "question", "fact"),
    [
        (
            ["What is Uni-MoE and what architecture does it use to handle many modalities?"],
            "What are the three stages of their progressive training strategy?",
            "Cross-modality alignment",
        ),
        (
            ["Which models were studied in 'Cross-modal Information Flow in Multimodal Large Language Models'?"],
            "According to that paper, what happens in the lower layers of the model?",
            "general visual features",
        ),
        (
            [],
            "For AKI (the modality-mutual attention MLLM), on how many multimodal understanding benchmarks was it "
            "evaluated and what was the average improvement?",
            "7.2%",
        ),
        (
            [],
            "SEED-Bench-2: how many multiple-choice questions, across how many evaluation dimensions, and how "
            "many open-source MLLMs were evaluated?",
            "27 dimensions",
        ),
        (
            [],
            "Which language model does VITA start from, and which two interaction features do the authors claim "
            "to be the first to bring to an MLLM?",
            "audio interrupt",
        ),
    ],
)
def test_stated_answers_are_neither_refused_nor_gapped(
    bot: Assistant, history: list[str], question: str, fact: str
) -> None:
    answer = bot.ask(question, history)
    assert answer.covered and answer.gaps == [], answer.gaps
    assert fact in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Which papers optimize multimodal freight transport, e.g. routing containers across rail, road and "
        "inland shipping?",
        "Which methods forecast city traffic flow with spatio-temporal graph networks?",
        "What methods do these papers recommend for testing whether a probability distribution is multimodal, "
        "e.g. estimating the number of modes with a dip test?",
    ],
)
def test_a_question_for_papers_on_an_absent_topic_is_refused(bot: Assistant, question: str) -> None:
    # Regression (dev d3-unans-07/08, unans2-05): only "papers on X" was checked for its topic;
    # "Which papers <do> X" quoted a paper sharing the word "multimodal".
    answer = bot.ask(question)
    assert not answer.covered
    assert any(g.startswith("No retrieved abstract is about") for g in answer.gaps), answer.gaps


@pytest.mark.parametrize(
    "question",
    [
        "Which papers are primarily about medical or biomedical applications?",
        "Which papers apply multimodal models to recommendation?",
        "Summarize mixture-of-experts approaches in multimodal models.",
    ],
)
def test_a_question_for_papers_on_a_present_topic_is_answered(bot: Assistant, question: str) -> None:
    answer = bot.ask(question)
    assert answer.covered and answer.gaps == [], answer.gaps


@pytest.mark.parametrize(
    "question",
    [
        "Related work on mixture-of-experts.",  # regression: refused, Uni-MoE says "Mixture of Experts"
        "Summarize work on audio-visual learning.",
    ],
)
def test_a_hyphenated_topic_word_is_held_when_written_with_spaces(bot: Assistant, question: str) -> None:
    answer = bot.ask(question)
    assert answer.covered and answer.gaps == [], answer.gaps


def test_a_hyphenated_topic_word_must_be_held_whole(bot: Assistant) -> None:
    # "vision-language-action" is not held by an abstract that says "vision" and "language":
    # issue 9's off-topic example stays refused.
    answer = bot.ask("Any papers here on vision-language-action policies for robot manipulation?")
    assert not answer.covered or answer.gaps


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("4M-2", "the 4M-21 model", False),  # a version number is part of the name
        ("VITA-1", "VITA-1.5 reduces latency", False),
        ("LLaVA-2", "TS-LLaVA builds on LLaVA-1.5", False),
        ("4M-21", "4M-21: An Any-to-Any Vision Model", True),
        ("VITA", "VITA-1.5 reduces latency", True),  # a shorter name inside a longer one
        ("LLaVA", "TS-LLaVA", True),
        ("LLaVA-1.5", "LLaVA-1.5-7B and llava 1.5", True),
        ("Uni-MoE", "UniMoE", True),
        ("4M", "14M samples", False),
        ("ADE", "segmentation on ADE20K", False),  # more glued on: another name (new-user trial 9)
        ("ADE", "we made it", False),  # not inside a lower-case word
        ("QA", "video question answering (VidQA)", True),  # a compound acronym holds it
        ("MLLM", "MLLMs fail", True),  # a plural
    ],
)
def test_a_name_is_mentioned_only_with_its_version(name: str, text: str, expected: bool) -> None:
    assert mentions(name, text) is expected


def test_a_name_opening_with_a_digit_is_a_name() -> None:
    assert question_names("What is the architecture of the 4M-7 model?") == ["4M-7"]
    assert question_names("Does it beat 1.5B models on 3D scenes?") == []


def test_a_version_not_in_the_collection_is_not_answered_from_a_sibling(bot: Assistant) -> None:
    # Regression: "4M-7" was no name (it opens with a digit) and 4M-21 was quoted as its answer.
    answer = bot.ask("What is the architecture of the 4M-7 model?")
    assert not answer.covered
    assert "No retrieved abstract mentions 4M-7; the nearest name they use is 4M-21." in answer.gaps


@pytest.mark.parametrize(
    "question",
    [
        "graph neural networks for molecules",  # regression: quoted Multimodal Graph Learning
        "protein folding with transformers",
        "What does it say about diabetic retinopathy screening?",
    ],
)
def test_a_topic_asked_about_must_be_the_papers_topic(bot: Assistant, question: str) -> None:
    answer = bot.ask(question)
    assert not answer.covered
    assert any(g.startswith("No retrieved abstract is about") for g in answer.gaps)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("mixture of experts for multimodal LLMs", "Uni-MoE"),
        ("Tell me about Tiny LVLM-eHub.", "Tiny LVLM-eHub"),
        ("What does the Wings paper say about text-only forgetting?", "Wings"),
    ],
)
def test_a_topic_the_paper_holds_is_answered(bot: Assistant, question: str, title: str) -> None:
    answer = bot.ask(question)
    assert answer.covered and not answer.gaps
    assert titles(answer)[0].startswith(title)


def test_an_acronym_spelled_out_is_stated() -> None:
    assert spelled_out("VQA", "focusing on visual question answering.")
    assert spelled_out("SOTA", "a state-of-the-art model")
    assert spelled_out("LLMs", "large language models")
    assert not spelled_out("VQA", "visual questions")
    assert not spelled_out("LLaVA", "large language and vision assistant")  # not all capitals


@pytest.mark.parametrize(
    "question",
    [
        # Regressions: "No retrieved abstract mentions VQA / SOTA" on answered questions.
        "In LLaVA-style assistants, at which layers do picture features get moved into the question tokens during VQA?",
        "What zero-shot classification accuracy does IMP-MoE-L reach on Kinetics-400, and what share of the "
        "previous SOTA's training compute does it use?",
    ],
)
def test_an_acronym_the_abstract_spells_out_is_no_gap(bot: Assistant, question: str) -> None:
    answer = bot.ask(question)
    assert answer.covered and not answer.gaps


def test_asked_phrase_ends_at_a_verb_after_its_first_word() -> None:
    # The gap read "does not state the recording sites showed" / "the contrastive objective goes".
    assert [h.phrase for h in asked_heads("How many recording sites showed signs of integration?")] == [
        "recording sites"
    ]
    assert [h.phrase for h in asked_heads("Which contrastive objective goes beyond pairwise CLIP?")] == [
        "contrastive objective"
    ]
    assert [h.phrase for h in asked_heads("How many annotated samples does it include?")] == ["annotated samples"]


def test_what_quantity_asks_which_one() -> None:
    # "What quantity is its objective a lower bound on" asks for a named quantity (total
    # correlation), not for the word "quantity" in a sentence (refused once its part was read).
    assert asked_heads("What quantity is its objective a lower bound on") == []


def test_a_word_built_on_the_asked_one_states_it(bot: Assistant) -> None:
    # Regression (new-user trial 9): CAT's answer quoted "CAT is trained on a mixed multimodal
    # dataset" and then said its abstract "does not state the training data".
    from assistant.gaps import TermMatcher
    from assistant.sentence_vectors import SentenceVectors

    matcher = TermMatcher(SentenceVectors(bot.embedder))
    assert matcher.held(["data", "text"], "It is trained on a mixed dataset with rich texture.") == [True, False]
    answer = bot.ask(
        "What training data does that paper use, and how does it handle ambiguous answers?",
        history=["Which model can both hear audio and see video to answer questions about a scene?"],
    )
    assert answer.citations and answer.citations[0].title.startswith("CAT")
    assert not any("training data" in g for g in answer.gaps), answer.gaps


def test_a_whole_question_topic_is_quoted_not_pasted_as_a_noun_phrase() -> None:
    """dev8 d8-unans-21 read "No retrieved abstract is about Which papers optimize ..."."""
    from assistant.gaps import _not_about

    q = "Which papers optimize multimodal freight transport routing between rail, road and sea?"
    assert _not_about(q) == f"No retrieved abstract is about what this asks: “{q}”"
    assert _not_about("protein structure prediction?") == "No retrieved abstract is about protein structure prediction."


def test_two_gaps_of_one_abstract_name_its_title_once(bot: Assistant) -> None:
    # Regression (new-user trial 13): the whole title was written twice, once per unstated part.
    answer = bot.ask("What license is the MMVP benchmark released under, and what learning rate was used?")
    title = "“Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs” [1]"
    assert answer.gaps[0] == f"The abstract of {title} does not state the license or the learning rate."
    assert answer.answer.count(title) == 1


def test_joined_gaps_keep_other_papers_verbs_and_shapes_apart() -> None:
    from assistant.gap_checks import joined_gaps

    a, b = "The abstract of “A” [1]", "The abstract of “B” [2]"
    gaps = [f"{a} does not state the license.", "No paper in the collection is about X; the abstracts only mention it.",
            f"{b} does not state the license.", f"{a} does not name the models.", f"{a} does not state the GPU count.",
            f"{a} does not state the learning rate."]  # fmt: skip
    assert joined_gaps(gaps) == [
        f"{a} does not state the license, the GPU count or the learning rate.",
        gaps[1],
        gaps[2],
        gaps[3],
    ]
