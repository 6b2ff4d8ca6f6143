"""Off-topic papers and the wrong "closest work" in related-work drafts (new-user trial 13), on the real corpus."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.embed import MiniLMOnnxEmbedder
from assistant.overview_meaning import shares_only_words
from assistant.sentence_vectors import SentenceVectors
from assistant.types import Answer, Source

CLIP_TOPIC = "visual shortcomings of CLIP vision encoders in multimodal LLMs"
CLIP_ABOUT = (
    "We propose a lightweight adapter that mixes features from a self-supervised vision encoder (DINOv2) with "
    "CLIP features to fix visual grounding failures of multimodal LLMs, evaluated on MMVP-style visual pattern questions."
)


def final(stream) -> Answer:  # noqa: ANN001
    *_, last = stream
    return last



def test_a_paper_sharing_only_words_of_the_topic_is_left_out(bot: Assistant) -> None:
    # Trial 13: MMTrail (trailer video "clips"; best sentence 0.37 from the topic, Eyes Wide Shut's 0.76) was cited.
    answer = final(bot.overview_stream("related_work", CLIP_TOPIC, CLIP_ABOUT))
    cited = {c.title for c in answer.citations}
    assert any(t.startswith("Eyes Wide Shut") for t in cited), cited
    assert not any(t.startswith("MMTrail") for t in cited), cited


def test_best_sentence_far_from_the_topic_shares_only_its_words(embedder: MiniLMOnnxEmbedder) -> None:
    def paper(pid: str, abstract: str) -> Source:
        return Source(n=1, paper_id=pid, title=pid, abstract=abstract, score=0.0)

    mixup = paper("mixup", "We propose a mixup data augmentation that interpolates pairs of training images and "
                           "their labels. Mixup augmentation improves robustness.")
    rag = paper("rag", "We study retrieval-augmented generation for industrial documents. Retrieval-augmented "
                       "answers cite manuals.")
    vectors = SentenceVectors(embedder)
    topic = embedder.embed(["mixup data augmentation"])[0]
    assert shares_only_words([mixup, rag], topic, vectors) == {"rag"}
    assert shares_only_words([rag], topic, vectors) == set()  # one paper: nothing to compare with
    assert shares_only_words([mixup, rag], None, vectors) == set()
