"""Which abstract sentence speaks for a paper: its own method, never a link line (issue 12, fifth round)."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.prose import contribution_sentence, paper_sentences, topic_sentence
from assistant.text import stemmed_terms
from assistant.types import Source

TWO_CONTRIBUTIONS = Source(
    n=1,
    paper_id="two",
    title="FooNet: Sparse Routing for Lip Reading",
    score=1.0,
    abstract=(
        "Lip reading lacks data. In this paper, we present LRX, the first dataset of silent talks. "
        "To address this issue, we propose FooNet, a sparse routing model for lip reading. "
        "FooNet improves accuracy by 3 points."
    ),
)


def test_the_contribution_naming_the_paper_beats_an_earlier_dataset_one() -> None:
    assert contribution_sentence(TWO_CONTRIBUTIONS).endswith("proposes FooNet, a sparse routing model for lip reading.")
    unnamed = TWO_CONTRIBUTIONS.model_copy(update={"title": "Sparse Routing for Lip Reading"})
    assert "presents LRX, the first dataset" in contribution_sentence(unnamed)  # no name: the first one


def test_mixspeech_is_introduced_by_its_method_not_its_dataset(bot: Assistant) -> None:
    mixspeech = next(
        s for s in bot.retriever.retrieve("audio-visual speech translation", top_k=10).sources
        if s.title.startswith("MixSpeech")
    )
    sentence = contribution_sentence(mixspeech)
    assert "proposes MixSpeech, a cross-modality self-learning framework" in sentence, sentence
    assert "AVMuST-TED, the first dataset" not in sentence


def test_a_code_link_line_is_never_the_topic_sentence(bot: Assistant) -> None:
    # "Code: https://github.com/changdaeoh/multimodal-mixup" held "multimodal mixup" in its path and was
    # quoted as Geodesic Multi-Modal Mixup's topic sentence in "Summarize work on multimodal mixup".
    geodesic = next(
        s for s in bot.retriever.retrieve("geodesic multimodal mixup robust fine-tuning", top_k=10).sources
        if s.title.startswith("Geodesic")
    )
    terms = stemmed_terms("multimodal mixup")
    assert "http" not in topic_sentence(geodesic, terms, {})[0]
    assert not any("http" in x for x in paper_sentences(geodesic, terms, {}))
    *_, answer = bot.overview_stream("summary", "Summarize work on multimodal mixup")
    assert "Code: https://" not in answer.answer


def test_latex_quotes_read_as_quotation_marks() -> None:
    # Regression: the summary on hallucination showed "identifies ''CLIP-blind pairs''" (Eyes Wide
    # Shut's abstract writes LaTeX's ASCII quotes); apostrophes of possessives stay.
    from assistant.prose import clean_latex

    assert clean_latex("identifies ''CLIP-blind pairs'' - images") == "identifies “CLIP-blind pairs” - images"
    assert clean_latex("a ``quoted'' word") == "a “quoted” word"
    assert clean_latex("the model's and the authors' work") == "the model's and the authors' work"

