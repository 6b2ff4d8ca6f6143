"""Words that describe any contribution, and whether a phrase or a quoted sentence says more than them.

"a novel, simple and scalable framework" names nothing that sets a paper apart: a closing's difference
made only of such words states none (:func:`names_something`), and a quote cut down to them
("PILL introduces a novel architecture.", once "called PILL: Plug Into LLM with ..." was dropped as the
paper's own naming) says nothing about the paper (:func:`content_free`).
"""

from __future__ import annotations

import re

from assistant.text import STOPWORDS

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


_WORD = re.compile(r"[^\W\d_][\w-]*")


def content_free(sentence: str, skip: set[str] = frozenset()) -> bool:
    """True when ``sentence`` holds no word beyond function words, :data:`DESCRIBING` words and ``skip``
    (lowercase: the paper's name and title words, the verb it is quoted with): "PILL introduces a novel
    architecture." with ``skip={"pill", "introduces"}`` → True; "… introduces two modules" → False."""
    words = {w.lower() for w in _WORD.findall(sentence)}
    return not (words - STOPWORDS - DESCRIBING - {"paper", "is", "it"} - skip)
