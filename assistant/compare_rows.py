"""Which papers are rows of a table that compares one kind of paper ("Compare the benchmarks ...").

A request whose subject is a kind of artifact — benchmarks, datasets, surveys — asks for the
papers that *contribute* one, not every paper on the topic: an MLLM evaluated "on 12
benchmarks" is no benchmark paper. A paper is of the kind when its title names it
("SEED-Bench-2: Benchmarking ...") or one of its sentences introduces it ("we construct the
MMVP benchmark", "we release a ... dataset, including benchmark and training parts", "this
work presents an early and holistic evaluation"). Requests about models, methods or papers
in general name no kind (:func:`paper_kind` is None) and keep every on-topic row.
"""

from __future__ import annotations

import re

from assistant.compare_aspects import in_terms_of
from assistant.prose import short_name
from assistant.query_frame import topic_query
from assistant.text import split_sentences
from assistant.types import Source

# The kind a request's subject names → the word stems that name one in a title or an
# introducing sentence. A benchmark paper may call itself an evaluation or a dataset.
KINDS = {
    "benchmark": r"bench\w*|evaluations?",
    "dataset": r"datasets?|corpus|corpora|bench\w*",
    "survey": r"surveys?|reviews?|overviews?",
}
_SUBJECT_KIND = {
    "benchmark": "benchmark",
    "benchmarks": "benchmark",
    "evaluation benchmarks": "benchmark",
    "dataset": "dataset",
    "datasets": "dataset",
    "corpora": "dataset",
    "surveys": "survey",
    "reviews": "survey",
}
# The words that name each kind, plural included ("audio datasets" is "audio" besides the kind).
KIND_WORDS: dict[str, list[str]] = {}
for _word, _kind in _SUBJECT_KIND.items():
    KIND_WORDS.setdefault(_kind, []).append(_word)
# The compared subject: "Compare the benchmarks for multimodal LLMs in terms of ..." → "benchmarks".
_SUBJECT = re.compile(
    r"\b(?:compare|contrast|comparison of|table of)\s+(?:the\s+|these\s+|all\s+)?"
    r"(?:[\w-]+\s+){0,3}?(benchmarks?|datasets?|corpora|surveys|reviews)\b",
    re.IGNORECASE,
)
# Verbs by which a paper introduces its own artifact (not "we evaluate X on 12 benchmarks").
_INTRODUCES = re.compile(
    r"\b(?:propos|present|introduc|develop|releas|construct|build|built|design|curat|collect|creat|"
    r"establish|offer|provid|compris|contain)\w*\b",
    re.IGNORECASE,
)

# Nouns of measurement a kind word may modify ("benchmark results", "evaluation metrics").
_MEASUREMENT = r"(?:results?|metrics?|scores?|numbers|performance|accuracy|protocols?|criteria|settings?)\b"
OBJECT_WORDS = 10  # words after the introducing verb that name what it introduces
# A title's parts ("MMIE: Massive ... Benchmark for ...") and the prepositions after which a kind's word
# names what the paper studies, not what it contributes.
_TITLE_PARTS = re.compile(r"[:?!]|\s[-\u2013\u2014]\s")
_PREPOSITION = re.compile(r"\b(?:in|of|on|across|from|about|with|over|under|between|among|into|to|via|using)\b", re.IGNORECASE)
# A participle used as an adjective ("the proposed architecture") introduces nothing after it.
_ATTRIBUTIVE = re.compile(r"\b(?:the|our|this|these|its|their|a|an)\s+$", re.IGNORECASE)
_PURPOSE = re.compile(r"\bto\s+(?:\w+ly\s+)?(?:encourage|enable|facilitate|support|foster|promote|allow|help|guide|advance)\b", re.IGNORECASE)
_OWN = re.compile(r"\b(?:we|this (?:paper|work|study)|our (?:paper|work))\b", re.IGNORECASE)


def paper_kind(request: str) -> str | None:
    """The kind of paper a comparison request is about ("benchmark", "dataset", "survey"), else None.

    Only the compared subject counts: "Compare the audio-visual models in terms of data" is about
    models (None), "Compare the benchmarks for multimodal LLMs in terms of size" about benchmarks."""
    head = re.split(r"\bin terms of\b", in_terms_of(request), maxsplit=1, flags=re.IGNORECASE)[0]
    match = _SUBJECT.search(head)
    return _SUBJECT_KIND.get(match.group(1).lower()) if match else None


# Where a topic's first noun phrase ends: "benchmarks | for multimodal LLMs", "vision-language
# benchmarks | that expose failures".
_PHRASE_END = re.compile(
    r"[:;,?.!]|\s(?:for|of|on|in|that|which|with|to|across|about|from|by|using|where|when|whose)\s",
    re.IGNORECASE,
)
_USERS_WORK = re.compile(r"\bfor (?:a|my|our) (?:paper|work|thesis|project)\b", re.IGNORECASE)


def topic_kind(request: str) -> str | None:
    """The kind of paper a summary or related-work request is about, from the head noun of its
    topic's first noun phrase: "Draft related work on multimodal LLM benchmarks" → "benchmark",
    "hallucination benchmarks" → "benchmark"; None when any conjunct is no kind ("benchmarks and
    evaluation suites"), when the head is no kind ("hallucination in LLMs"), or when the request
    is for the user's own paper ("related work for a paper proposing a benchmark for X": its
    related work includes the methods, not only benchmarks)."""
    if _USERS_WORK.search(request):
        return None
    first = _PHRASE_END.split(f"{topic_query(request)} ", maxsplit=1)[0]
    heads = {(c.split() or [""])[-1].lower() for c in re.split(r"\s(?:and|or)\s|/", first)}
    kinds = {_SUBJECT_KIND.get(h) for h in heads}
    return kinds.pop() if len(kinds) == 1 and None not in kinds else None


def of_kind(source: Source, kind: str) -> bool:
    """True when the paper's title names the kind, or one of its sentences introduces one (the
    kind's word within :data:`OBJECT_WORDS` words after an introducing verb of the paper's own)."""
    names = re.compile(rf"(?:\b|(?<=[a-z])|(?<=-))(?:{KINDS[kind]})", re.IGNORECASE)
    # The title names its own artifact, not one it studies after a preposition: "Assessing Modality Bias
    # in Video Question Answering Benchmarks" introduces a score (new-user trial 16); "MMIE: ... Benchmark for X" one.
    for part in _TITLE_PARTS.split(source.title):
        if any(not _PREPOSITION.search(part[: m.start()]) for m in names.finditer(part)):
            return True
    # In a sentence the word must name the artifact, not modify a word of measurement: "we provide
    # evaluation metrics and benchmark results on our dataset" introduces no benchmark (MMTrail; trial 15).
    introduced = re.compile(rf"{names.pattern}(?!\w)(?![\s-]+{_MEASUREMENT})", re.IGNORECASE)
    name = short_name(source.title)
    for sentence in split_sentences(source.abstract):
        for verb in _INTRODUCES.finditer(sentence):
            before = sentence[: verb.start()]
            if _ATTRIBUTIVE.search(before):  # "We evaluate the proposed architecture ... on a video dataset"
                continue
            # Introduced by the paper itself ("we", "this work", its name), not "the design allows".
            own = _OWN.search(before) or (name != source.title and name in before)
            # The introduced artifact is the verb's object, within a few words ("we construct the
            # MMVP benchmark"), not a venue at the end ("we introduce X ... across a range of benchmarks").
            object_ = " ".join(sentence[verb.end() :].split()[:OBJECT_WORDS])
            # ... and not the object of a purpose clause ("We release the code to encourage robustness evaluations").
            object_ = _PURPOSE.split(object_, maxsplit=1)[0]
            if own and introduced.search(object_):
                return True
    return False
