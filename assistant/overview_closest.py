"""Which papers are closest to the user's described work, and what a closing may call a difference.

- :func:`closeness`: the closest work is close in meaning (MiniLM cosine of the paper to the
  description) and in the description's own words (their IDF-weighted share in the paper's title and
  abstract), each standardised over the candidate pool; :func:`closest_first` names a paper closest only
  when one of its sentences is nearly as close to the description as the closest paper's. Meaning alone
  put PILL and IMP before MoMa for "We route audio and video tokens ... to modality-specific experts,
  cutting compute ...", though only MoMa's abstract speaks of modality-specific experts and compute.
- :func:`names_something`: a noun phrase states a difference only with a word that is not a generic
  description ("a novel architecture", "a simple and scalable approach" say nothing about the paper).
- :func:`restates`: a stated difference whose content words are mostly the description's own (by
  the overlap coefficient, an acronym read as its words) only says again what the description says.
- :func:`modality_difference`: the modalities the paper's abstract names that the description does not
  and the other way round ("text and image, not video or audio"), from the abstract's own words.
- :func:`unmentioned_focus`: the description's own phrases whose words the paper's abstract lacks ("its
  abstract does not mention interleaved image-text documents"): what the closing says when the paper's
  focus only restates the description's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from assistant.compare_rows import KINDS, of_kind
from assistant.describing import DESCRIBING, content_free
from assistant.describing import names_something as names_something  # re-exported: the closing reads it here
from assistant.overview_focus import focus_clause, own_statements
from assistant.overview_meaning import best_sentence_cosine
from assistant.overview_select import doc_terms, pool_idf, selection_terms, singular_acronyms
from assistant.text import english_list, split_sentences, stemmed_terms, weighted_share
from assistant.themes import GENERIC, noun_phrases
from assistant.types import Source

if TYPE_CHECKING:
    from assistant.ask import Assistant
    from assistant.embed import Embedder

# The verb a closing clause opens with ("centres on", "proposes", "is a"): ours, not the paper's words.
_CLAUSE_VERB = re.compile(r"^(?:centres on|is an?|[a-z]+s)\s+")
# At least this share of the smaller side's content words shared: the clause restates the description.
RESTATES_OVERLAP = 0.5


def _content(text: str) -> set[str]:
    """Stemmed content words, hyphenated compounds counted by their parts only, generic ones left out."""
    generic = stemmed_terms(" ".join(DESCRIBING))
    return {t for t in stemmed_terms(text) if "-" not in t} - generic


def spelled_acronyms(text: str, other: str) -> str:
    """``text`` with each run of words whose initials spell an acronym of ``other`` replaced by it, the
    longer acronyms first: "evaluating multimodal large language models" → "evaluating multimodal LLM"
    beside "multimodal LLMs", → "evaluating MLLM" beside "MLLMs"."""
    for acronym in sorted(set(re.findall(r"\b([A-Z]{2,})s?\b", other)), key=len, reverse=True):
        words = r"\s+".join(rf"{c}[\w-]*" for c in acronym.lower())
        text = re.sub(rf"\b{words}\b", acronym, text, flags=re.IGNORECASE)
    return text


def _shared(theirs: set[str], mine: set[str]) -> set[str]:
    """The words of ``theirs`` that ``mine`` holds, a stem of 5+ letters matching the longer words it
    begins ("multi" of "multi-image" in "multipl" of "multiple images"), as the selection matches them."""
    return {t for t in theirs if t in mine or any(min(len(t), len(m)) >= 5 and (t.startswith(m) or m.startswith(t)) for m in mine)}


def restates(clause: str, about: str) -> bool:
    """True when the difference ``clause`` ("centres on efficient early-fusion pre-training with mixture
    of modality-aware experts") shares at least :data:`RESTATES_OVERLAP` of the content words of the
    smaller of it and the description (overlap coefficient): it says what the description says
    ("... experts routed per modality ... pre-train ...", or the one word "Mixup" for "... stream mixup").
    An acronym is its words (:func:`spelled_acronyms`) and a 5+ letter stem its longer forms
    (:func:`_shared`): "evaluating multimodal large language models over multiple images" restates "a
    benchmark of multi-image reasoning for multimodal LLMs" (new-user trial 13)."""
    text = spelled_acronyms(spelled_acronyms(_CLAUSE_VERB.sub("", clause), about), clause)
    theirs, mine = _content(singular_acronyms(text)), _content(singular_acronyms(spelled_acronyms(about, clause)))
    if not theirs or not mine:
        return False
    return len(_shared(theirs, mine)) / min(len(theirs), len(mine)) >= RESTATES_OVERLAP


def _z(values: list[float]) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    spread = float(array.std())
    return (array - array.mean()) / spread if spread > 1e-9 else np.zeros_like(array)


def closeness(pool: list[Source], about: str, similarity: dict[str, float]) -> dict[str, float]:
    """``{paper_id: closeness}`` over ``pool``: the z-scored cosine to the description (``similarity``)
    plus the z-scored IDF-weighted share of the description's words (pool IDF) in title and abstract."""
    if not pool:
        return {}
    terms, idf = pool_idf(pool, selection_terms(about))
    words = [weighted_share(terms, doc_terms(f"{s.title} {s.abstract}", terms), idf) for s in pool]
    meaning = [similarity.get(s.paper_id, 0.0) for s in pool]
    total = _z(meaning) + _z(words)
    return {s.paper_id: float(v) for s, v in zip(pool, total, strict=True)}


# A paper is named closest only when its abstract sentence closest to the description is at least this
# share as close as the closest paper's: the words the description shares with a paper ("encoder", "CLIP",
# "visual") did not make a brain-encoding study (0.41) close to an adapter for multimodal LLMs (Eyes Wide
# Shut 0.66; new-user trial 13).
CLOSEST_MEANING = 0.8


def closest_first(chosen: list[Source], pool: list[Source], about: str, bot: Assistant) -> tuple[list[Source], list[Source]]:
    """``(chosen ordered closest first, the at most two to name as closest)``: ordered by :func:`closeness`
    over ``pool`` (MiniLM paper vectors); of the first two, those whose best abstract sentence is at least
    :data:`CLOSEST_MEANING` as close to ``about`` as the best one's among ``chosen``, else the first."""
    vector = bot.embedder.embed([about])[0]
    papers = bot.retriever.paper_vectors([s.paper_id for s in pool])
    close = closeness(pool, about, {pid: float(v @ vector) for pid, v in papers.items()})
    ordered = sorted(chosen, key=lambda c: -close.get(c.paper_id, 0.0))
    # Work of the same kind as the user's is the closest ("We present X, a benchmark …": the drafted
    # benchmarks, not an image-generation model that shares its words; new-user trial 16).
    kind = about_kind(about)
    same = [c for c in ordered if kind and of_kind(c, kind)][:2]
    ordered = [*same, *(c for c in ordered if c not in same)]
    meaning = {c.paper_id: best_sentence_cosine(c, bot.sentence_vectors, vector) for c in ordered}
    top = max(meaning.values(), default=0.0)
    named = [c for c in ordered[:2] if meaning[c.paper_id] >= CLOSEST_MEANING * top]
    # Neither is near the best sentence: the closest is still named, so a draft for the user's work says which
    # paper is nearest (a token-pruning method under "efficient vision-language models" got no closing at all).
    return ordered, named or ordered[:1]


def about_kind(about: str) -> str | None:
    """The kind of work the user's paragraph introduces ("We present X, a benchmark of …" → "benchmark";
    :data:`assistant.compare_rows.KINDS`), else None (a method)."""
    own = Source(n=0, paper_id="", title="", score=0.0, abstract=about)
    return next((kind for kind in KINDS if of_kind(own, kind)), None)


# Modalities named as nouns ("text experts and image experts", "audio and video tokens"): the adjectives
# "visual", "vision", "language" name a field, and "audio-visual" speech is video as well as audio.
_MODALITY_NOUNS = {
    "text": r"texts?",
    "image": r"images?",
    "video": r"videos?",
    "audio": r"audio(?!-)",
    "speech": r"speech",
}


def named_modalities(text: str) -> list[str]:
    """The modalities ``text`` names as nouns (:data:`_MODALITY_NOUNS`), in that order."""
    return [m for m, pattern in _MODALITY_NOUNS.items() if re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE)]


def modality_difference(source: Source, about: str) -> str:
    """ "works with text and image, not video or audio": the modalities the paper's title and abstract
    name, when the description names others and none of them; else ``""`` (a partial overlap is no
    clear difference: lip reading is video to one and "visual speech" to the other)."""
    theirs, mine = named_modalities(f"{source.title}. {source.abstract}"), named_modalities(about)
    if not theirs or not mine or set(theirs) & set(mine):
        return ""
    return f"works with {english_list(theirs, 'and')}, not {english_list(mine, 'or')}"


# A phrase whose MiniLM embedding has cosine >= this with the user's description, or with
# one of its sentences, is something the description already says in other words, so it is
# no difference. Measured on pairs we wrote (python, MiniLMOnnxEmbedder): same meaning
# "visual speech"/"lip reading" 0.47, "mixture of experts"/"sparse expert routing" 0.51,
# "visual speech"/"We study lip reading and translate it into other languages." 0.43,
# "mixture of experts"/"We route tokens to experts." 0.47, "long videos"/"hours of footage"
# 0.62, "speech recognition"/"transcribing spoken audio" 0.55 (one miss: "hallucination"/
# "generating objects that are not in the image" 0.20); different meaning, 15 pairs such as
# "stream mixup"/"lip reading" 0.15, "curriculum learning strategy"/"We pretrain a
# lip-reading model with audio guidance." 0.25, "chinese multimodal math"/"reasoning across
# several images" 0.35, "speech phonemes"/"lip reading" 0.33: at most 0.35. 0.40 lies between.
SAME_MEANING_COSINE = 0.40


def shared_in_meaning(phrases: list[str], about: str, embedder: Embedder) -> set[str]:
    """The ``phrases`` whose embedding is within :data:`SAME_MEANING_COSINE` of ``about`` or of one
    of its sentences (vectors are L2-normalised, so the dot product is the cosine)."""
    if not phrases:
        return set()
    parts = [about, *[s for s in split_sentences(about) if s.strip() != about.strip()]]
    vectors = embedder.embed([*phrases, *parts])
    best = (vectors[: len(phrases)] @ vectors[len(phrases) :].T).max(axis=1)
    return {p for p, cosine in zip(phrases, best, strict=True) if cosine >= SAME_MEANING_COSINE}


# Words too common in this field to tell a phrase's subject ("models", "image", "text").
_GENERIC_STEMS = frozenset(stemmed_terms(" ".join(GENERIC)))
# A coined name of the user's work ("InterleaveBench-X", "MoE-LLaVA"): capitals after its first letter.
_COINED_NAME = re.compile(r"\b[A-Za-z][\w-]*[A-Z][\w-]*")


def unmentioned_focus(source: Source, about: str, most: int = 2) -> list[str]:
    """The description's noun phrases of two or more words (a hyphenated compound by its parts) that the
    paper's title and abstract hold none of the specific (not :data:`assistant.themes.GENERIC`) words of, in the description's order, none inside
    another, at most ``most``: "interleaved image-text documents" and "multi-image reasoning" for
    SEED-Bench-2 beside "a benchmark of 5,000 interleaved image-text documents for evaluating multi-image
    reasoning in MLLMs" (its abstract says "interleaved multimodal inputs", no documents). Not the user's
    coined name, nor a phrase of generic words only; only from the objects of the description's own
    statements ("We present ..."), none without them. Words, not meaning: a statement of what the abstract
    says, which MiniLM's phrase-to-sentence cosine is too loose to make (it put every one in SEED-Bench-2)."""
    theirs = stemmed_terms(f"{source.title} {source.abstract}")
    # What the description says its work is ("We present X, a benchmark of ..."), not every phrase of it:
    # "the number of layers each token passes through" gave "token passes".
    stated = " ; ".join(obj for _, _, obj in own_statements(Source(n=0, paper_id="", title="", score=0.0, abstract=about)))
    if not stated:  # the whole paragraph's phrases: "Our model routes image and text tokens" gave "model routes image"
        return []
    phrases = []
    for phrase in noun_phrases(stated):  # lowercased: the description's own spelling is read for a name
        start = about.lower().find(phrase.lower())
        written = about[start : start + len(phrase)] if start >= 0 else ""
        if len(re.split(r"[\s-]+", written.strip())) < 2 or _COINED_NAME.search(written) or content_free(written):
            continue
        words = {t for t in stemmed_terms(written) if "-" not in t} - _GENERIC_STEMS  # a compound by its parts
        # None of its specific words: "sparse mixture-of-experts layers" lacked only "layers" in Uni-MoE's
        # "sparse MoE architecture", and the draft said its abstract does not mention them (new user, round 16).
        if words and not _shared(words, theirs):
            phrases.append(written)
    at = {p: about.lower().find(p.lower()) for p in phrases}
    kept = [p for p in phrases if not any(p != q and p.lower() in q.lower() for q in phrases)]
    return sorted(kept, key=lambda p: at[p])[:most]


def same_focus(source: Source, about: str) -> tuple[str, list[str]]:
    """What a closing says of a closest paper none of whose phrases differs from the description:
    ``(its title's focus clause when that restates the description, the description's phrases its
    abstract does not mention)`` — "centres on benchmarking multimodal large language models",
    ["interleaved image-text documents", "multi-image reasoning"] for SEED-Bench-2 (new-user trial 17
    read "its abstract states no difference from it"); either may be empty."""
    clause = focus_clause(source)
    return (clause if clause and restates(clause, about) else ""), unmentioned_focus(source, about)


# Our own sentences on a closest paper (non-claims, see assistant/finalize.py): one that differs, one that
# shares the described focus.
DIFFERS_LEAD = "Unlike the work described here,"
LIKE_LEAD = "Like the work described here,"


def shared_focus(name: str, like: str, unsaid: list[str], alone: bool = False) -> str:
    """The closing's words on a closest paper from :func:`same_focus`'s ``(like, unsaid)``: its own
    sentence ("Like the work described here, MIBench centres on ...; its abstract does not mention
    interleaved image-text documents."), or with ``alone`` the end of the sentence that names it closest
    (", which, like it, centres on ...; its abstract does not mention ..."). The name goes uncited: the
    sentence naming it closest cites it (a paper was cited twice in one closing; new-user trial 10)."""
    lacks = f"its abstract does not mention {english_list(unsaid, 'or')}" if unsaid else ""
    if alone:
        return (f", which, like it, {like}" if like else "") + (f"; {lacks}" if lacks else "")
    if like:
        return f"{LIKE_LEAD} {name} {like}" + (f"; {lacks}." if lacks else ".")
    return f"{DIFFERS_LEAD} {name} does not mention {english_list(unsaid, 'or')} in its abstract."
