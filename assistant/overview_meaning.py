"""Whether a selected paper is about the topic, or only shares words of it.

The on-topic score (:mod:`assistant.overview_select`) counts the topic's words in a paper. A word can
be held in another sense ("clips" of trailer videos for "CLIP", "retrieval-augmented" for "data
augmentation") or be one most of the pool shares ("multimodal"), so a paper can pass the floors on
words alone. Its meaning tells: the abstract sentence closest to the topic (MiniLM cosine) is then far
less close than the clearest selected paper's. A paper whose best sentence is less than
:data:`FAR_MEANING` as close as the best one's is dropped (:func:`shares_only_words`).

"Visual shortcomings of CLIP vision encoders in multimodal LLMs" let in MMTrail, a trailer-video
dataset whose best sentence is 0.37 from the topic against Eyes Wide Shut's 0.76 (new-user trial 13);
"mixup augmentation" let in four retrieval-augmented and video papers at 0.25-0.30 against 0.74.
Chosen on dev (``python -m eval modes --split dev``): every gold paper selected there stands at 0.51
or more; 0.65 (with a check that the sentence is no closer to the topic than to its generic words)
dropped six gold papers for nine off-topic ones, so MiniLM's sentence cosine decides only the far cases.
"""

from __future__ import annotations

import numpy as np

from assistant.sentence_vectors import SentenceVectors
from assistant.text import split_sentences
from assistant.types import Source

# Share of the clearest selected paper's best-sentence cosine below which a paper is far from the topic.
FAR_MEANING = 0.5


def best_sentence_cosine(source: Source, vectors: SentenceVectors, topic_vector: np.ndarray) -> float:
    """The cosine between ``topic_vector`` [dim] and ``source``'s closest abstract sentence (its title
    without an abstract)."""
    sentences = split_sentences(source.abstract) or [source.abstract or source.title]
    return float((np.stack(vectors.get([(source.paper_id, s) for s in sentences])) @ topic_vector).max())


def shares_only_words(chosen: list[Source], topic_vector: np.ndarray | None, vectors: SentenceVectors) -> set[str]:
    """The ids of the ``chosen`` papers whose best sentence is less than :data:`FAR_MEANING` as close to
    the topic (``topic_vector`` [dim]) as the clearest one's; none with fewer than two papers or no vector."""
    if topic_vector is None or len(chosen) < 2:
        return set()
    best = {c.paper_id: best_sentence_cosine(c, vectors, topic_vector) for c in chosen}
    clearest = max(best.values())
    return {pid for pid, cosine in best.items() if clearest > 0 and cosine < FAR_MEANING * clearest}
