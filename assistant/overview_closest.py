"""Which papers are closest to the user's described work, and what a closing may call a difference.

- :func:`closeness`: the closest work is close in meaning (MiniLM cosine of the paper to the
  description) and in the description's own words (their IDF-weighted share in the paper's title and
  abstract), each standardised over the candidate pool. Meaning alone put PILL and IMP before MoMa for
  "We route audio and video tokens ... to modality-specific experts, cutting compute ...", though only
  MoMa's abstract speaks of modality-specific experts and compute.
- :func:`names_something`: a noun phrase states a difference only with a word that is not a generic
  description ("a novel architecture", "a simple and scalable approach" say nothing about the paper).
- :func:`restates`: a stated difference whose content words are mostly the description's own (by
  the overlap coefficient) only says again what the description says.
- :func:`modality_difference`: the modalities the paper's abstract names that the description does not
  and the other way round ("text and image, not video or audio"), from the abstract's own words.
"""

from __future__ import annotations

import re

import numpy as np

from assistant.overview_select import doc_terms, pool_idf, selection_terms
from assistant.text import stemmed_terms, weighted_share
from assistant.types import Source

# Words that describe any contribution ("a novel, simple and scalable framework"): a phrase made only
# of these (and function words) names nothing that sets a paper apart.
DESCRIBING = frozenset(
    "a an the and or of for to with novel new simple scalable effective efficient general unified "
    "generic versatile powerful strong robust flexible lightweight light-weight first pioneering "
    "architecture architectures approach approaches framework frameworks method methods model models "
    "module modules paradigm technique techniques system systems design strategy strategies pipeline "
    "way solution solutions attempt work study".split()
)


def names_something(phrase: str, name: str = "") -> bool:
    """True when ``phrase`` holds a word that is neither generic (:data:`DESCRIBING`) nor the paper's
    ``name``: "novel architecture called PILL" → False, "multi-task training" → True."""
    words = {w.strip(",.;:()").lower() for w in phrase.split()} - {name.lower(), "called", "named"}
    return any(w and w not in DESCRIBING for w in words)


# The verb a closing clause opens with ("centres on", "proposes", "is a"): ours, not the paper's words.
_CLAUSE_VERB = re.compile(r"^(?:centres on|is an?|[a-z]+s)\s+")
# At least this share of the smaller side's content words shared: the clause restates the description.
RESTATES_OVERLAP = 0.5


def _content(text: str) -> set[str]:
    """Stemmed content words, hyphenated compounds counted by their parts only, generic ones left out."""
    generic = stemmed_terms(" ".join(DESCRIBING))
    return {t for t in stemmed_terms(text) if "-" not in t} - generic


def restates(clause: str, about: str) -> bool:
    """True when the difference ``clause`` ("centres on efficient early-fusion pre-training with mixture
    of modality-aware experts") shares at least :data:`RESTATES_OVERLAP` of the content words of the
    smaller of it and the description (overlap coefficient): it says what the description says
    ("... experts routed per modality ... pre-train ...", or the one word "Mixup" for "... stream mixup")."""
    theirs, mine = _content(_CLAUSE_VERB.sub("", clause)), _content(about)
    if not theirs or not mine:
        return False
    return len(theirs & mine) / min(len(theirs), len(mine)) >= RESTATES_OVERLAP


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


def _listed(items: list[str], joiner: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {joiner} " + items[-1]


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
    return f"works with {_listed(theirs, 'and')}, not {_listed(mine, 'or')}"
