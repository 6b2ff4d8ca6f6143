"""Summaries' "Open problems" and quoted sentences (issue 12, second new-user trial).

Regression inputs: CAT's "To overcome this limitation, we introduce the CAT ..." was listed as an
open problem (a contribution), and a sentence whose subject "They" means earlier work read as the
paper it was quoted under.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.antecedents import refers_back
from assistant.ask import Assistant
from assistant.open_problems import open_problems, states_open_problem
from assistant.prose_topic import topic_sentence
from assistant.text import stemmed_terms

sys.path.insert(0, str(Path(__file__).parent))
from test_compare import paper  # noqa: E402  (the bundled papers as sources)


def test_an_open_problem_states_a_limitation_not_the_papers_answer_to_it() -> None:
    assert not states_open_problem(
        "To overcome this limitation, we introduce the CAT, which enhances MLLM in three ways."
    )
    assert not states_open_problem("In this work, we propose RagLLaVA to address these limitations.")
    assert not states_open_problem(
        "Overall, our findings provide a new and comprehensive perspective, thereby facilitating future research."
    )
    assert states_open_problem(
        "However, a comprehensive evaluation of their long-context capabilities remains underexplored."
    )
    assert states_open_problem(
        "Together, our research suggests visual representation learning remains an open challenge."
    )
    cat = paper("CAT:")
    assert open_problems([cat]) == []  # its only limitation sentence introduces CAT
    ((_, sentence),) = open_problems([paper("Multimodal Needle")])
    assert "remains underexplored" in sentence


def test_a_sentence_whose_subject_means_earlier_work_is_not_quoted_alone() -> None:
    assert refers_back("They usually overlook exploring the potential of inherent audio-visual correlation.")
    assert (
        refers_back("However, these models fail to ground their answers.") is False
    )  # "However" lead-in kept
    assert refers_back("These models fail to ground their answers.")
    assert not refers_back(
        "These results suggest that the ability to construct a consistent context is overlooked."
    )
    assert not refers_back("It supports both interleaved inputs and outputs.")
    # OCR paper: "They also display indifference towards text length ..." is about the evaluated models.
    ocr = paper("On the Hidden Mystery of OCR")
    terms = stemmed_terms("indifference towards text length and fine-grained features")
    sentence, _ = topic_sentence(ocr, terms, {})
    assert not sentence.startswith("They")
    mmtrail = paper("MMTrail")
    sentence, _ = topic_sentence(mmtrail, stemmed_terms("overlook audio-visual correlation annotations"), {})
    assert not sentence.startswith("They")


def test_summary_open_problems_hold_no_contribution(bot: Assistant) -> None:
    *_, answer = bot.overview_stream(
        "summary", "Summarize work on audio-visual question answering and scenarios."
    )
    text = answer.answer
    if "Open problems" in text:
        problems = text.split("Open problems stated in the abstracts", 1)[1].split("\n\n", 1)[0]
        assert "introduce" not in problems and "To overcome" not in problems
    assert "To overcome this limitation" not in text.split("Open problems")[-1]


def test_an_open_problem_is_not_the_papers_finding() -> None:
    # New-user finding: the summaries' "Open problems" listed OmniBench's and HEMM's results.
    assert not states_open_problem(
        "Our main findings reveal that: i) open-source OLMs exhibit critical limitations in "
        "instruction-following and reasoning capabilities within tri-modal contexts."
    )
    assert not states_open_problem(
        "Our conclusions regarding challenging multimodal interactions yield actionable insights for future "
        "work in multimodal foundation models."
    )
    assert not states_open_problem("Experiments show that current models still struggle with charts.")
    assert states_open_problem("The evaluation of multimodal models on long videos remains underexplored.")
    found = dict((s.title.split(":")[0], x) for s, x in open_problems([paper("OmniBench"), paper("HEMM")]))
    assert not any(x.startswith(("Our main findings", "Our conclusions")) for x in found.values()), found
