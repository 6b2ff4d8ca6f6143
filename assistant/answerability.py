"""Which paper a question is about, and what a paper states: helpers of the answer layer.

- :func:`focus`: the paper a question names (by title or contribution sentence).
- :func:`owns`: whether a paper is about a name; :func:`states_quantity`: whether a
  sentence gives a figure.

The two near-miss refusal rules that lived here ("No paper in the collection is about
<capitalised word after does/did/is>" and "figure not stated") were replaced by one
check in :mod:`assistant.gaps`: the first refused "How did Google's chatbot fare ...?"
because "Google" is no paper's subject, although Tiny LVLM-eHub answers it.
"""

from __future__ import annotations

import re

from assistant.text import CONTRIBUTION, split_sentences
from assistant.types import Source

# Capitalised question words that are not names.
_NOT_NAMES = frozenset(
    """What Which How Who Whom Whose When Where Why Does Do Did Is Are Was Were Can Could Should Would
    The A An In On For Of And Or To By With From Give List Summarize Compare Explain Tell I""".split()
)
_DOCUMENT_PARTS = frozenset("figure fig table section appendix equation eq chapter algorithm theorem lemma".split())
_NUMBERED = re.compile(r"\.?\s*(?:\d+(?:\.\d+)*[a-z]?|[A-Z])\b")
_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b")
_ENUMERATION = re.compile(r"(?:^|\s)\(?\d{1,2}\)")  # "1) ...", "(2) ..." list markers, not figures
_NUMBER_WORDS = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|"
    r"millions?|billions?)\b",
    re.IGNORECASE,
)


def with_number(word: str, question: str, end: int) -> str:
    """A numbered part of a paper with its number: "Figure" at ``end`` of "Figure 2 in SPHINX" →
    "Figure 2" (not "Figure", which the abstract of another paper saying "Figure 1" would mention;
    bad-input round 12). Other words are returned as they are."""
    numbered = _NUMBERED.match(question, end) if word.lower() in _DOCUMENT_PARTS else None
    return word + numbered.group(0) if numbered else word


def capitalised_words(question: str) -> list[str]:
    """Capitalised names in the question (not the first word of a sentence, not question words).

    A sentence's first word is capitalised whatever it is ("… about CLIP? Ignore the sources"),
    so it is no evidence of a name."""
    names = []
    for match in _NAME.finditer(question):
        word = match.group(0)
        opens_sentence = question[: match.start()].rstrip().endswith((".", "?", "!", ":")) or match.start() == 0
        if opens_sentence or word in _NOT_NAMES or len(word) < 3:
            continue
        names.append(with_number(word, question, match.end()))
    return names


def mentions_exactly(name: str, text: str) -> bool:
    """Whether ``text`` uses ``name`` itself (case, spaces, hyphens, dots and underscores
    ignored), not a later version or a variant of it: not followed by a version
    ("NoteLLM-2", "LLaVA 1.5", "VITA v2", "X++") nor joined to a prefix ("TS-LLaVA",
    "RagLLaVA") nor in a link path (".../SEED-Bench")."""
    runs = re.findall(r"[^\W_]+", name.casefold())
    if not runs:
        return False
    pattern = r"[\s\-_.]*".join(re.escape(r) for r in runs)
    return re.search(rf"(?<![\w/-]){pattern}(?![\w+])(?!\s*-?\s*v?\d)(?!-\w)", text.casefold()) is not None


def owns(source: Source, name: str, family: bool = False) -> bool:
    """Whether the paper is about ``name``: its title or a sentence stating its own
    contribution names it itself (:func:`mentions_exactly`: TS-LLaVA is not about LLaVA,
    4M-21 not about 4M, SEED-Bench-2 not about SEED-Bench). With ``family``, also about the
    model family ``name`` is a variant of (IMP for IMP-MoE-L)."""
    prefix = name.split("-")[0]
    candidates = {name, prefix} if family and len(prefix) >= 3 else {name}
    for candidate in candidates:
        if mentions_exactly(candidate, source.title):
            return True
        if any(_contributes(candidate, s) for s in split_sentences(source.abstract)):
            return True
    return False


# Verbs by which a paper makes what it names ("we construct the MMVP benchmark"); a name after a
# verb of use or study ("We evaluate Mixture-of-Mamba across three settings: Transfusion ...")
# is something the paper works with, not its own (the Transfusion paper is not in the collection).
_MAKING = re.compile(
    r"propose|present|introduce|develop|release|construct|build|design|curate|collect|create|establish|offer",
    re.IGNORECASE,
)


# A term in quotes: ''CLIP-blind pairs'', "visual patterns", “X”. The opening quote starts a word and the
# closing one ends it, so possessives ("MoMa's ... model's") quote nothing.
_QUOTED = re.compile(r"(?<!\w)(?:''|``|[\"“‘'])([^\"“”‘’']{1,80}?)(?:''|[\"”’'])(?!\w)")


def _contributes(name: str, sentence: str) -> bool:
    """Whether ``sentence`` states the paper's own contribution and names ``name`` in it, after
    a making verb ("we construct the MMVP benchmark"; not "with models of the LLaVA series, we
    find", nor "we evaluate X across settings: Transfusion ..."), or coins it: a term the paper
    puts in quotes after any verb of its own ("We identify ''CLIP-blind pairs'' - images that ...")
    is what the paper defines, so the paper is about it."""
    for verb in CONTRIBUTION.finditer(sentence):
        rest = sentence[verb.start() :]
        if _MAKING.match(verb.group(1)) and mentions_exactly(name, rest):
            return True
        # coined right after the verb ("We identify ''X''", "we introduce the notion of 'X'"), not
        # quoted later in what the paper finds of others' ("we evaluate ... and find that "LLaVA" ...")
        quoted = _QUOTED.search(rest)
        if quoted and len(rest[: quoted.start()].split()) <= 5 and mentions_exactly(name, quoted.group(1)):
            return True
    return False


def states_quantity(sentence: str) -> bool:
    """Whether a sentence gives a figure: a digit (not a "1)" list marker) or a number word."""
    return bool(re.search(r"\d", _ENUMERATION.sub(" ", sentence)) or _NUMBER_WORDS.search(sentence))


def focus(question: str, sources: list[Source], names: list[str] | None = None) -> Source | None:
    """The source the question names, else None.

    A name names a paper when exactly one of ``sources`` owns it (title or contribution
    sentence, see :func:`owns`): "LLMs" in many titles names none of them. ``names``: the
    question's names when known (:func:`assistant.asked.question_names`, which leaves out
    words of the field such as "Transformer"), else its capitalised words.
    """
    for name in capitalised_words(question) if names is None else names:
        owners = [s for s in sources if owns(s, name)]
        if len(owners) == 1:
            return owners[0]
    return None
