"""What an overview request asks about, for choosing papers: the text to retrieve with and the
readings of a topic that joins subjects with "and"/"or".

- :func:`topic_of_request`, :func:`about_from_request`: the topic a related-work request names and
  the user's own work inside it ("..., for a paper that proposes X").
- :func:`retrieval_query`: the request without its frame ("Draft related work on X" → "X"), so
  the dense and BM25 queries carry the topic, not the words asking for a kind of text.
- :func:`topic_readings`: "audio-visual speech recognition and audio-visual learning" asks for
  papers on either subject, not only for papers on both. Each conjunct gives a reading (the topic
  without the other conjuncts' words); a one-word conjunct shares the words its neighbour adds
  ("image and video generation" → "image generation", "video generation"). A paper is on topic
  when it is on topic under one reading and holds its conjunct (:func:`score_readings`).
"""

from __future__ import annotations

import re

from assistant.overview_select import (
    ASPECT_CLAUSE,
    IDF_POWER,
    Scored,
    doc_terms,
    pool_idf,
    score_papers,
    selection_terms,
    singular_acronyms,
)
from assistant.text import weighted_share
from assistant.types import Source

# "Draft related work on X", "Summarize the papers here about X": the frame before the topic.
_FRAME = re.compile(r"^(.*?)\b(?:on|about|regarding|concerning|covering)\s+(\S.*)$", re.IGNORECASE | re.DOTALL)
# Words, hyphenated compounds whole ("vision-and-language" is one), and the punctuation that ends a phrase.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-+.]*[A-Za-z0-9]|[A-Za-z0-9]|[,;:()?!\"“”]")
_COORDINATORS = frozenset({"and", "or"})


def retrieval_query(topic: str) -> str:
    """``topic`` without a frame that names no topic of its own: "Write a related-work paragraph on
    X" → "X", "Summarize work on X" → "X"; "Benchmarks on video" (the head is topic) unchanged."""
    match = _FRAME.match(topic)
    if match and not selection_terms(match.group(1)):
        return match.group(2).strip()
    return topic


def conjuncts(topic: str) -> list[list[str]]:
    """The conjuncts of the topic's first phrase (the words up to the first function word or
    punctuation) when "and"/"or" joins it, each as its terms, else ``[]``: "on audio-visual speech
    recognition and audio-visual learning" → ``[["audio visual", "speech", "recognit"], ["audio visual",
    "learn"]]``. Only the first phrase: "images from interleaved image and text inputs" joins the
    modifiers of "inputs", not two topics."""
    groups: list[list[str]] = [[]]
    joined = False
    for token in _TOKEN.findall(singular_acronyms(ASPECT_CLAUSE.sub(" ", topic))):
        word = token.lower()
        if word in _COORDINATORS or word == ",":
            joined = joined or word in _COORDINATORS
            groups.append([])
        elif term := next(iter(selection_terms(token)), "") if word[:1].isalnum() else "":
            groups[-1].append(term)
        elif any(groups):  # a function word or punctuation ends the first phrase
            break
        else:
            groups, joined = [[]], False  # the frame ("Summarize and compare work on"): no topic yet
    kept = [g for g in groups if g]
    return kept if joined and len(kept) > 1 else []


def topic_readings(topic: str) -> list[tuple[set[str], set[str]]]:
    """``(terms, conjunct)`` per reading of the topic: its whole :func:`selection_terms` with no
    conjunct first, then one per :func:`conjuncts` (the topic without the others' words).

    A one-word conjunct before a longer last one takes that one's words after its first ("image and
    video generation" → image generation); a one-word last conjunct after a longer first one takes
    that one's words before its last ("mixup-style interpolation and augmentation" → mixup augmentation)."""
    whole = selection_terms(topic)
    groups = conjuncts(topic)
    readings: list[tuple[set[str], set[str]]] = [(whole, set())]
    for i, group in enumerate(groups):
        words = set(group)
        if len(group) == 1 and i < len(groups) - 1 and len(groups[-1]) > 1:
            words |= set(groups[-1][1:])
        elif len(group) == 1 and i == len(groups) - 1 and len(groups[0]) > 1:
            words |= set(groups[0][:-1])
        others = {t for j, g in enumerate(groups) if j != i for t in g} - words
        if (terms := whole - others) and terms != whole:
            readings.append((terms, words))
    return readings


def score_readings(pool: list[Source], topic: str, about_similarity: dict[str, float] | None = None) -> list[Scored]:
    """:func:`assistant.overview_select.score_papers` of the whole topic, each paper's floor share
    (``Scored.share``) the best of the whole topic's and of each conjunct's reading it holds
    (:data:`CONJUNCT_SHARE` of the conjunct's IDF²-weighted terms).

    The score against the pool stays the whole topic's: a paper on one subject of "A and B" misses
    the other's words, which the share floor counts, but still stands out of the pool. The conjunct
    must be held: without it, a reading's shared words alone ("... in multimodal LLMs") carried
    papers on neither subject over the floor."""
    readings = topic_readings(topic)
    scored = score_papers(pool, readings[0][0], about_similarity)
    for terms, conjunct in readings[1:]:
        held = _holding(pool, conjunct)
        share = {r.source.paper_id: r.share for r in score_papers(pool, terms)}
        for row in scored:
            if row.source.paper_id in held:
                row.share = max(row.share, share[row.source.paper_id])
    return scored


# Share of a conjunct's IDF²-weighted terms a paper must hold to be read under it.
CONJUNCT_SHARE = 0.5


def _holding(pool: list[Source], conjunct: set[str]) -> set[str]:
    """The ids of the papers holding :data:`CONJUNCT_SHARE` of ``conjunct`` (weighed as the floor is)."""
    terms, idf = pool_idf(pool, conjunct)
    sharp = {t: w**IDF_POWER for t, w in idf.items()}
    return {
        s.paper_id
        for s in pool
        if weighted_share(terms, doc_terms(f"{s.title} {s.abstract}", terms), sharp) >= CONJUNCT_SHARE
    }


_FOR_PAPER = re.compile(r"\bfor (?:a|my|our) (?:paper|work|study|method)\b", re.IGNORECASE)


def about_from_request(request: str) -> str:
    """The user's work named inside a request ("..., for a paper that proposes X" → "proposes X")."""
    match = _FOR_PAPER.search(request)
    return request[match.end() :].strip(" ,.:") if match else ""


# A topic named in the request frame: "Related work on X", "... about X", "... regarding X".
_TOPIC_CLAUSE = re.compile(r"\b(?:on|about|regarding|concerning|covering)\s+(.+)", re.IGNORECASE | re.DOTALL)


def topic_of_request(request: str, about: str = "") -> str:
    """What decides which papers belong: a request without the user's own work in it.

    "Related work on benchmarks for multimodal LLMs, for a paper that proposes a multi-image
    reasoning benchmark" → "Related work on benchmarks for multimodal LLMs": the user's work
    orders the papers (closest first) but does not narrow the field to its own details. A request
    whose part before "for a paper" names no topic ("on/about X") is only the user's work, and that
    work is the topic: "Quick question for my thesis: related work for a paper proposing X" →
    "proposing X" (the frame's "quick question thesis" is not topic); "Related work for a paper
    proposing X", whose frame holds no topic word, stays whole (the same terms).

    A request that names no topic at all ("Write the related-work section for my paper.", "Can you
    draft related work for this?") has the user's own work as its topic: ``about``, the description
    given beside it (dev6: three of seven related-work requests; with the bare request as topic,
    nothing but the "about" signal chose the papers and the drafts cited 0 to 1 of 4-5 gold papers)."""
    topic = _topic_in_request(request)
    return about.strip() if about.strip() and not selection_terms(topic) else topic


def _topic_in_request(request: str) -> str:
    match = _FOR_PAPER.search(request)
    if not match:
        return request
    head = request[: match.start()].strip(" ,.:")
    named = _TOPIC_CLAUSE.search(head)
    if named and selection_terms(named.group(1)):
        return head
    if not selection_terms(head):  # "Related work for a paper ...": same terms; the wide retrieval keeps the request
        return request
    return request[match.end() :].strip(" ,.:") or request
