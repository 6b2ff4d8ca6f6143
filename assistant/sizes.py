"""Sizes: whether a question asks how large something is, and the amounts an abstract states.

"What is the size of the second one?" asks for an amount of something (clips, samples, hours,
parameters), not for any figure: CAT's "enhances MLLM in three ways" is no size, and a name's digit
("GPT-4o") none either. A size is a number written in digits, not a percentage, not a list marker,
optionally with its scale ("400k audio clips", "20M trailer clips", "14 million samples",
"27.1k hours", "1.4B"). :func:`stated_sizes` reads them as numbers so that sizes can be compared.
"""

from __future__ import annotations

import re

from assistant.answerability import _ENUMERATION
from assistant.asked import _MEASURE_NOUNS
from assistant.text import stemmed_terms

# A question asking how large its subject is, with no other measure named ("the batch size" is
# asked as "batch size", not here).
_ASKS_SIZE = re.compile(r"\b(?:size|how (?:large|big)|biggest|largest|smallest)\b", re.IGNORECASE)
# Figures that are not amounts of a thing: a change, a share, a ratio ("asked.py"'s measure nouns).
_OTHER_MEASURES = _MEASURE_NOUNS - stemmed_terms("size number amount count")
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9, "t": 1e12, "trillion": 1e12}
# A number in digits standing alone (not "GPT-4", "LLaVA-1.5", "x2"), with its scale if any, and the
# noun after it ("clips", "samples"), not a percentage or a multiple.
_AMOUNT = re.compile(
    r"(?<![\w.+-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(k|K|M|B|T|thousand|million|billion|trillion)\b)?"
    r"(?![\w.]*\s?%)(?![\w]*[x×])(?:[\s-]+(?:[a-z][\w-]*\s+){0,3}?([a-z][\w-]*s)\b)?",
)


def asks_size(part: str) -> bool:
    """Whether a question part asks how large something is ("What is the size of ...?"), not how large
    a change or share is ("How big were the relative drops?": a percentage answers it)."""
    return bool(_ASKS_SIZE.search(part)) and not stemmed_terms(part) & _OTHER_MEASURES


def stated_sizes(sentence: str) -> list[tuple[float, str]]:
    """The amounts ``sentence`` states, as (value, the words stating it): "more than 20M trailer
    clips" -> [(2e7, "20M trailer clips")]. Years (1900-2099 without a scale) are left out."""
    out: list[tuple[float, str]] = []
    for match in _AMOUNT.finditer(_ENUMERATION.sub(" ", sentence)):
        number, scale, noun = match.groups()
        value = float(number.replace(",", "")) * _SCALES.get((scale or "").lower(), 1.0)
        if not scale and re.fullmatch(r"(?:19|20)\d\d", number):
            continue  # a year
        out.append((value, match.group(0).strip() if noun else f"{number}{' ' + scale if scale and len(scale) > 1 else scale or ''}"))
    return out


def states_size(sentence: str) -> bool:
    """Whether ``sentence`` states an amount (see :func:`stated_sizes`)."""
    return bool(stated_sizes(sentence))
