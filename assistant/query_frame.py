"""The topic of a question, without its frame: what BM25 should match.

A question opens with a frame that says what kind of answer is wanted, not what it is
about: question words ("which", "what are"), role nouns naming the answer ("papers",
"work", "methods") and request words ("study", "address", "summarize", "can you").
BM25 scores each query term by its rarity, so a frame word held by a few abstracts
("papers", "study", "address") outweighed the topic: "Which papers study robustness of
multimodal models?" ranked CMM-Math, Understanding Alignment and Tiny LVLM-eHub first by
BM25 alone, while "robustness of multimodal models" ranks the Fusion-based Multimodal
Classifiers robustness paper first. The dense half embeds the whole question and is not
affected.

The frame is the question's *leading* run of such words (the existing sets
:data:`assistant.question_terms.NOT_TOPIC` -- request/chat words, TASK_WORDS and NLTK's
stopwords --, :data:`~assistant.question_terms.GENERIC`: question words and the role nouns of
:data:`assistant.asked.ROLE_NOUNS` that name a piece of research); the first other word starts the topic, and from there on
every word is kept, so a frame word used as topic ("a user study", "ablation
study of ...") stays. A name (a capitalised word after the first, or one with two
capitals or a digit) is never frame. A question that is all frame is kept whole.

Measured (``python -m eval retrieval --split dev``, hybrid, before -> after): recall@5
0.937 -> 0.940, recall@10 0.962 -> 0.965, MRR 0.946 -> 0.949, nDCG@10 0.936 -> 0.941; by kind
nDCG@10 multi 0.916 -> 0.949, summary 0.708 -> 0.787, related_work 0.838 -> 0.817 (two of
five questions lose "related work for a paper proposing"). ``python -m eval answers --split
dev``: key facts 0.950 and false refusals 0.019 unchanged, citation precision 0.919 -> 0.921.
"""

from __future__ import annotations

import re

from assistant.question_terms import GENERIC, NOT_TOPIC
from assistant.text import stemmed_terms

_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\w'-]+")
# Question words and the role nouns that name a piece of research (GENERIC: paper, work,
# study, method, model, approach). The rest of asked.ROLE_NOUNS, kinds of contribution
# (benchmark, dataset, framework), is often the topic: "Give an overview of benchmarks for ..."
# asks for benchmark papers; with ROLE_NOUNS as frame, dev hybrid related_work nDCG@10 fell
# 0.838 -> 0.805 and summary MRR 1.000 -> 0.889.
_FRAME_STEMS = GENERIC


def _is_frame(word: str, first: bool) -> bool:
    """Whether ``word`` (one whitespace-separated token) belongs to the question's frame."""
    bare = _LETTERS.sub("", word)
    if not bare:
        return True  # punctuation
    if not first and bare[0].isupper():
        return False  # a name ("Which Transformer papers ...")
    if sum(c.isupper() for c in bare) > 1 or any(c.isdigit() for c in bare):
        return False  # "LVLMs", "GPT-4o"
    low = bare.lower()
    if low in NOT_TOPIC:
        return True
    stems = stemmed_terms(low)
    return bool(stems) and stems <= _FRAME_STEMS


def topic_query(question: str) -> str:
    """``question`` without its leading frame (see the module docstring); unchanged when all frame.

    >>> topic_query("Which papers study robustness of multimodal models?")
    'robustness of multimodal models?'
    """
    words = _WORD.findall(question)
    start = 0
    while start < len(words) and _is_frame(words[start], start == 0):
        start += 1
    return " ".join(words[start:]) if start < len(words) else question
