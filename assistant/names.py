"""Whether the abstracts use the names a question uses: part of the gap check
(:mod:`assistant.gaps`). A name is used as written (versions are part of it), as an
acronym spelled out, or misspelt by the question; a name they do not use is reported with
the nearest name they do use."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from assistant.answerability import mentions_exactly
from assistant.asked import HEAD_STOP
from assistant.text import STOPWORDS
from assistant.types import Source

__all__ = [
    "alternatives",
    "mentions",
    "mentions_exactly",
    "misspelt",
    "nearest_name",
    "only_spelled_out",
    "respelt",
    "spelled_out",
    "states_name",
    "missing_name",
]


def mentions(name: str, text: str) -> bool:
    """Whether ``text`` uses ``name`` (case, spaces, hyphens and underscores ignored).

    A version number is part of a name: a name ending in a digit does not match the same
    digits followed by more ("4M-2" is not "4M-21", "VITA-1" is not "VITA-1.5"), and one
    starting with a digit does not match after another digit. A shorter name still matches
    inside a longer one ("LLaVA" in "TS-LLaVA", "QA" in "VidQA"), but not with more letters or
    digits glued on ("ADE", average displacement error, is not "ADE20K"; a plural "s" may
    follow: "MLLMs") nor inside a lower-case word ("ADE" is not in "made").
    """
    runs = re.findall(r"[^\W_]+", name.lower())
    if not runs:
        return False
    pattern = r"[\s\-_.]*".join(re.escape(r) for r in runs)
    before = r"(?<![0-9])" if runs[0][0].isdigit() else ""
    after = r"(?![0-9])(?!\.[0-9])" if runs[-1][-1].isdigit() else r"s?(?![^\W_])"
    for match in re.finditer(before + pattern + after, text.lower()):  # lower(): same length as text
        start = match.start()
        if not (start and text[start - 1].isalpha() and text[start - 1].islower() and text[start].islower()):
            return True
    return False


_TOKEN = re.compile(r"[\w][\w.+-]*[\w+]|\w")


def nearest_name(name: str, sources: list[Source]) -> str | None:
    """The name in ``sources``' titles and abstracts nearest to ``name``, which they do not use:
    one sharing its longest run of letters (3 or more), from a title first ("TS-LLaVA" for
    "LLaVA-1.5", "NoteLLM-2" for "NoteLLM", "4M-21" for "4M-7"). None when no name shares it.
    Not a token that merely extends an acronym, glued on ("ADE20K" for ADE, average displacement
    error): a different thing, as :func:`mentions` holds."""
    runs = sorted(re.findall(r"[a-z]{3,}", name.casefold()), key=len, reverse=True)
    head = name.casefold().split("-")[0]
    acronym = re.fullmatch(r"[A-Z]{2,6}", name) is not None
    for text in [s.title for s in sources] + [s.abstract for s in sources]:
        for token in _TOKEN.findall(text):
            folded = token.casefold().rstrip(".")
            if folded == name.casefold() or not re.search(r"[A-Z0-9]", token[1:]):
                continue
            if acronym and re.match(rf"{re.escape(name.casefold())}[^\W_]", folded):
                continue
            if (runs and runs[0] in folded) or (not runs and len(head) >= 2 and folded.split("-")[0] == head):
                return token.rstrip(".")
    return None


def misspelt(name: str, text: str) -> str | None:
    """Whether ``text`` uses a name ``name`` misspells: of 5 or more characters, the same
    digits, at most one character longer or shorter, and ``difflib`` similarity 0.85 or more
    ("WavCpas" for WavCaps, "Mixture-of-Mamaba" for Mixture-of-Mamba; not "4M-7" for 4M-21,
    "SPHINX-X" for SPHINX nor "MIBench-2" for MIBench, other versions). Returns the name
    ``text`` uses, else None."""
    folded = name.casefold()
    if len(folded) < 5:
        return None
    digits = re.findall(r"\d", folded)
    for token in set(_TOKEN.findall(text)):
        other = token.casefold().rstrip(".")
        if (
            other != folded
            and abs(len(other) - len(folded)) <= 1
            and re.findall(r"\d", other) == digits
            and SequenceMatcher(None, folded, other).ratio() >= 0.85
        ):
            return token.rstrip(".")
    return None


def spelled_out(acronym: str, text: str) -> bool:
    """Whether ``text`` spells out an all-capitals ``acronym`` of 3-6 letters (a trailing "s"
    allowed) as consecutive words with those initials: "VQA" in "visual question answering",
    "SOTA" in "state-of-the-art". Other names: False."""
    letters = re.fullmatch(r"([A-Z]{3,6})s?", acronym)
    if not letters:
        return False
    pattern = r"[\s-]+".join(rf"{c}[a-z]*" for c in letters.group(1).lower())
    return re.search(rf"\b{pattern}\b", text.lower()) is not None


def only_spelled_out(name: str, text: str) -> bool:
    """Whether ``text`` spells the acronym ``name`` out but never uses it."""
    return spelled_out(name, text) and not mentions(name, text)


def states_name(name: str, source: Source) -> bool:
    """Whether the name occurs in the title or abstract (see :func:`mentions`), or, for an
    acronym, is spelled out there (see :func:`spelled_out`)."""
    text = f"{source.title} {source.abstract}"
    return mentions(name, text) or spelled_out(name, text)


def respelt(question: str, names: list[str], papers: list[Source]) -> str:
    """``question`` with each name the papers do not use but misspell (:func:`misspelt`)
    written as they write it: "WavCpas" is WavCaps."""
    for name in names:
        if any(states_name(name, p) for p in papers):
            continue
        for paper in papers:
            spelt = misspelt(name, f"{paper.title} {paper.abstract}")
            if spelt:
                question = question.replace(name, spelt)
                break
    return question


def missing_name(
    name: str, original: bool, quoted: list[Source], sources: list[Source], shown: str | None = None
) -> str:
    """The gap for a name no quoted abstract uses, with the nearest name the retrieved ones use:
    a question on "LLaVA-1.5" is not answered by TS-LLaVA, and says so. ``shown``: what to
    say is missing when it is more than the name ("EEG or brain signals", every alternative)."""
    if original and any(states_name(name, s) for s in quoted):
        return f"No retrieved abstract mentions the original {name}, only a later version or variant of it."
    # Another retrieved paper uses it: then say which, not that no abstract does.
    other = next((s for s in sources if s not in quoted and states_name(name, s)), None)
    if other is not None and quoted:
        return (
            f"The abstract of “{quoted[0].title}” [{quoted[0].n}] does not mention {shown or name}; "
            f"that of “{other.title}” [{other.n}] does."
        )
    near = nearest_name(name, [*quoted, *sources])
    if near:
        return f"No retrieved abstract mentions {shown or name}; the nearest name they use is {near}."
    return f"No retrieved abstract mentions {shown or name}."


# Words that end one alternative of an "X or Y" ("uses | EEG or brain signals | ?").
_ALT_STOP = HEAD_STOP | STOPWORDS | frozenset("either neither nor not no all what which how who why".split())
_ALT_TOKEN = re.compile(r"[\w][\w.+-]*[\w+]|\w|,")
_ALT_WORDS = 3  # an alternative is a short noun phrase


def _phrase(tokens: list[str], backward: bool = False) -> list[str]:
    """The words at the start of ``tokens`` up to a stop word or comma (at most ``_ALT_WORDS``);
    read ``backward`` (the alternative before "or"), a name begins the phrase ("beat | GPT-4V")."""
    words: list[str] = []
    for token in tokens:
        if token == "," or token.lower() in _ALT_STOP or len(words) == _ALT_WORDS:
            break
        words.append(token)
        if backward and token[0].isupper():
            break
    return words


def alternatives(question: str) -> list[list[str]]:
    """The groups of alternatives the question offers, joined by "or" (and commas before it):
    "Which paper uses EEG or brain signals?" -> [["EEG", "brain signals"]]; "GPT-4V, Gemini or
    Claude" -> [["GPT-4V", "Gemini", "Claude"]]. An answer needs one of a group stated, not each."""
    groups = []
    for clause in re.split(r"[?;:!]|\.(?=\s|$)", question):
        tokens = _ALT_TOKEN.findall(clause)
        for i, token in enumerate(tokens):
            if token.lower() != "or":
                continue
            right = _phrase(tokens[i + 1 :])
            items, end = [], i
            while end > 0:
                item = _phrase(tokens[:end][::-1], backward=True)[::-1]
                if not item:
                    break
                items.insert(0, " ".join(item))
                end -= len(item)
                if end > 0 and tokens[end - 1] == "," and end - 1 > 0:
                    end -= 1
                    continue
                break
            if items and right:
                groups.append([*items, " ".join(right)])
    return groups
