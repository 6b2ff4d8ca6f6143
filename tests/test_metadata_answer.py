"""Who wrote a paper and when it was published: answered from the stored record, not the abstract
(assistant/metadata_answer.py). Bad-input trial 14: the bundled papers store no authors or years,
and these questions quoted unrelated sentences (one matched "authority") or were refused as off-topic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.ask import Assistant
from assistant.embed import MiniLMOnnxEmbedder
from assistant.metadata_answer import MetadataAsk, asked_metadata
from assistant.settings import Settings
from assistant.types import Turn
from ingest.pipeline import ingest_paths

MMTRAIL = "MMTrail: A Multimodal Trailer Video Dataset with Language and Music Descriptions"
WINGS = "Wings: Learning Multimodal LLMs without Text-only Forgetting"


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Who wrote the MMTrail paper?", MetadataAsk(("authors",))),
        ("Who are the authors of that paper?", MetadataAsk(("authors",))),
        ("When was Wings published?", MetadataAsk(("year",))),
        ("Which papers were published in 2024?", MetadataAsk(("year",), 2024)),
        ("What did the authors conclude about Wings?", None),  # the abstract's finding
        ("Who wrote the original LVLM-eHub benchmark, and how many LVLMs did it evaluate?", None),
        ("How many parameters does MoMa have?", None),
        ("Which papers do not release code?", MetadataAsk(("no code",))),
        ("Which papers don't share their code?", MetadataAsk(("no code",))),
        ("Which papers release code?", None),  # a release statement or code link answers it
        ("Does Wings release code?", None),
    ],
)
def test_record_questions(question: str, asked: MetadataAsk | None) -> None:
    assert asked_metadata(question) == asked


def test_no_stored_authors_or_year_is_a_gap(bot: Assistant) -> None:
    answer = bot.ask("Who wrote the MMTrail paper?")
    assert answer.answer == f"The collection stores no authors for “{MMTRAIL}” [1]."
    assert [c.title for c in answer.citations] == [MMTRAIL] and answer.gaps == [answer.answer]
    answer = bot.ask("When was Wings published?")
    assert answer.answer == f"The collection stores no year for “{WINGS}” [1]."
    follow_up = bot.ask("Who are the authors of that paper?", history=["What is MMTrail?"])
    assert follow_up.answer.startswith("The collection stores no authors for “MMTrail")


def test_a_year_list_without_stored_years_says_so(bot: Assistant) -> None:
    answer = bot.ask("Which papers were published in 2024?")
    assert answer.answer.startswith("The collection stores no year for any of its")
    assert "relevance threshold" not in answer.answer


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder) -> Assistant:
    folder = tmp_path_factory.mktemp("dated")
    papers = [
        {"title": WINGS, "abstract": "In this paper, we present Wings, a novel MLLM that excels in both text-only "
         "dialogues and multimodal comprehension.", "authors": ["Yi-Kai Zhang", "Shiyin Lu"], "year": 2024},
        {"title": MMTRAIL, "abstract": "We present MMTrail, a large-scale multi-modality video-language dataset "
         "incorporating more than 20M trailer clips with visual captions.", "year": 2023},
    ]  # fmt: skip
    path = folder / "papers.jsonl"
    path.write_text("\n".join(json.dumps(p) for p in papers), encoding="utf-8")
    settings = Settings(store=Path(folder) / "store")
    ingest_paths([path], settings, embedder, progress=False)
    return Assistant(settings, embedder)


def test_stored_authors_and_year_answer_with_the_citation(dated: Assistant) -> None:
    answer = dated.ask("Who wrote the Wings paper?")
    assert answer.answer == f"“{WINGS}” [1] is by Yi-Kai Zhang and Shiyin Lu."
    assert [c.title for c in answer.citations] == [WINGS] and not answer.gaps
    answer = dated.ask("When was MMTrail published?")
    assert f"“{MMTRAIL}” [1] was published in 2023." in answer.answer
    answer = dated.ask("Who wrote MMTrail?")
    assert answer.gaps == [f"The collection stores no authors for “{MMTRAIL}” [1]."]
    turns = [Turn(question="What is Wings?", paper_ids=[c.paper_id for c in dated.ask("What is Wings?").citations])]
    assert "is by Yi-Kai Zhang" in dated.ask("Who are the authors of that paper?", history=turns).answer


def test_a_year_list_answers_from_the_stored_years(dated: Assistant) -> None:
    answer = dated.ask("Which papers were published in 2024?")
    assert [c.title for c in answer.citations] == [WINGS]
    assert "published in 2024" in answer.answer and MMTRAIL not in answer.answer


def test_papers_that_do_not_release_code_are_the_has_code_filters_complement(bot: Assistant) -> None:
    # Regression (bad-input trial 14): "Which papers do not release code?" quoted mmE5, UnIVAL and
    # CAT, which do release code (the negation was read as "release code").
    answer = bot.ask("Which papers do not release code?")
    assert answer.answer.startswith("Whether a paper does not release code is read from its stored code link")
    cited = {c.paper_id for c in answer.citations}
    assert cited and cited == {s.paper_id for s in answer.sources}
    assert all(not s.code_url for s in answer.sources)
    assert not any(s.title.startswith("mmE5") for s in answer.sources)


def test_a_record_question_about_several_named_papers_answers_each(bot: Assistant) -> None:
    # Regression (new-user trial 15): "Who wrote WavCaps and MMTrail?" answered of WavCaps only.
    answer = bot.ask("Who wrote WavCaps and MMTrail?")
    cited = {c.title.split(":")[0] for c in answer.citations}
    assert cited == {"WavCaps", "MMTrail"}, answer.answer
    assert len(answer.gaps) == 2 and all(g.startswith("The collection stores no authors for") for g in answer.gaps)


def test_a_record_list_keeps_to_the_active_filters(bot: Assistant, dated: Assistant) -> None:
    # Regression (new-user trial 15): the record answer listed every stored paper under a filter.
    answer = dated.ask("Which papers were published in 2024?", filters={"title": "trailer"})
    assert WINGS not in answer.answer and not answer.citations
    answer = bot.ask("Which papers do not release code?", filters={"title": "mm"})
    assert "the active filter (title ~ 'mm') lets through" in answer.answer
    assert answer.sources and all("mm" in s.title.lower() and not s.code_url for s in answer.sources)
