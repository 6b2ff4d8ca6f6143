"""Small checks and wording for :mod:`assistant.gaps`: a figure named in a few words, whether a
part asks a yes/no question, whether a sentence names something other than its paper."""

from __future__ import annotations

import re

from assistant.answerability import owns
from assistant.asked import question_names
from assistant.compare_checks import is_background
from assistant.text import english_list
from assistant.types import Source

# A change asked as a verb, named as its noun in a gap ("improve" -> "the improvement over ...").
_NOUN_OF = {"improv": "improvement", "reduc": "reduction", "increas": "increase", "decreas": "decrease",
            "gain": "gain", "boost": "boost", "speed": "speedup", "acceler": "speedup", "drop": "drop",
            "save": "saving", "outperform": "margin", "beat": "margin", "surpass": "margin"}  # fmt: skip


def figure_asked(measured: list[str], part: str) -> str:
    """A few words naming the figure a part asks for, for a gap: the noun of what it measures and
    the part's words after it, up to six ("By how much does it improve over plain CLIP fine-tuning?"
    -> "the improvement over plain CLIP fine-tuning"), not the whole question pasted in."""
    nouns = [(w, n) for w in measured for stem, n in _NOUN_OF.items() if w.lower().startswith(stem)]
    last, noun = nouns[0] if nouns else (measured[-1], None)  # the change named, else the last word
    match = re.search(rf"(?<![\w-]){re.escape(last)}(?![\w-])\s*([^?,;]*)", part)
    rest = " ".join(match.group(1).split()[:6]) if match else ""
    linked = rest.split()[0].lower() in _LINKS if rest else False  # "over plain CLIP", not "take"
    if noun is None:  # "how long did training take" -> "the time for training"
        asked = re.search(r"\bhow (long|many|much|large|big)\b", part, re.IGNORECASE)
        figure = _FIGURE_OF[asked.group(1).lower()] if asked else "the figure for"
        return f"{figure} {' '.join(measured)}" + (f" {rest}" if linked else "")
    return f"the {noun}" + (f" {rest}" if linked else f" in {rest}" if rest else "")


# A model's size written as its parameter count: "the MoMa 1.4B model", "a 7B-parameter LLM",
# "three billion parameter model", "125M params". The sentence states the parameters without the word.
_MODEL_SIZE = re.compile(
    r"\b(?:\d+(?:\.\d+)?\s?[BMK]|(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"hundred)[\s-](?:billion|million|trillion))(?:[\s-]parameters?|[\s-]params?)?[\s-]"
    r"(?:[\w.-]+\s)?(?:models?|LLMs?|LMs?|MLLMs?|LMMs?|networks?|transformers?|versions?|variants?|scale|parameters?|params?)\b",
    re.IGNORECASE,
)


def states_model_size(words: list[str], sentence: str) -> bool:
    """Whether ``sentence`` states a model size that answers a question asking for ``words`` =
    parameters ("How many parameters does MoMa have?" is answered by "the MoMa 1.4B model"; the
    abstract does not say "parameters"). False for other asked words."""
    stems = {w.lower().rstrip("s") for w in words}
    return bool(stems & {"parameter", "param"}) and bool(_MODEL_SIZE.search(sentence))


# Comparatives asked "how much ...?" ("How much better is TS-LLaVA?"): no noun, so not "the better".
_COMPARATIVES = frozenset(
    "better worse faster slower larger smaller bigger higher lower cheaper longer shorter greater fewer "
    "stronger weaker quicker easier harder deeper wider".split()
)


def asked_difference(phrase: str, part: str) -> str | None:
    """ "by how much it is better" for a comparative head ("better", "more accurate", "-er ... than"):
    what a gap says is missing, in English; None for a noun head ("data", "layers")."""
    words = phrase.lower().split()
    comparative = (
        (len(words) == 1 and (words[0] in _COMPARATIVES or (words[0].endswith("er") and re.search(r"\bthan\b", part, re.IGNORECASE))))
        or (len(words) == 2 and words[0] in ("more", "less"))
    )
    return f"by how much it is {phrase}" if comparative else None


_FIGURE_OF = {"long": "the time for", "many": "the number of", "much": "the amount of", "large": "the size of",
              "big": "the size of"}  # fmt: skip
_LINKS = frozenset("over than compared versus vs on in across for at between against from to of with relative".split())


# "Does it release code?": a yes/no or where question (an opening "and"/"so" allowed).
ASKS_YES_NO = re.compile(
    r"\s*(?:(?:and|so|also|ok|okay),?\s+)?(?:do|does|did|is|are|was|were|will|has|have|can|could|where|any)\b",
    re.IGNORECASE,
)


def names_others(sentence: str, target: Source, idf: dict[str, float]) -> bool:
    """Whether ``sentence`` names something other than ``target`` itself (not a word of the field:
    "state-of-the-art LMMs" names no model), outside a sentence about others' work."""
    if is_background(sentence):
        return False
    return any(not owns(target, n) and not _CLASS_NAME.fullmatch(n) for n in question_names(sentence, idf))


# A plural acronym ("LLMs", "SOTA LMMs") names a class of models, and SOTA describes: neither is one thing.
_CLASS_NAME = re.compile(r"[A-Z]{2,}s|SOTA")


_GAP = re.compile(r"^(?P<where>The abstract of “.+?” \[\d+\]) does not (?P<verb>state|name) (?P<what>.+)\.$")


def joined_gaps(gaps: list[str]) -> list[str]:
    """Gaps of one abstract said once: "The abstract of “Eyes Wide Shut? …” [1] does not state the
    license." and "… does not state the learning rate." become "… does not state the license or the
    learning rate." (new-user trial 13 read the whole title twice). Order is kept; a gap of another
    shape, paper or verb stays as it was. ``gaps``: sentences from :func:`assistant.gaps.check_gaps`."""
    joined: list[str] = []
    parts: dict[tuple[str, str], list[str]] = {}
    for gap in gaps:
        match = _GAP.match(gap)
        key = (match["where"], match["verb"]) if match else None
        if key is None or key not in parts:
            joined.append(gap)
            if key is not None:
                parts[key] = [match["what"]]  # type: ignore[index]
            continue
        parts[key].append(match["what"])  # type: ignore[index]
        what = parts[key]
        listed = english_list(what, "or")
        first = next(i for i, g in enumerate(joined) if g.startswith(f"{key[0]} does not {key[1]} "))
        joined[first] = f"{key[0]} does not {key[1]} {listed}."
    return joined
