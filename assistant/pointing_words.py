"""The words of a follow-up that point back at earlier turns, as patterns.

Read by :mod:`assistant.conversation`: a pointing word ("it", "that paper", "the second one"), a
continuation ("And ...?"), a change of subject ("Different question: ..."), a plural ("these
papers", "they") and the clauses a question introduces its own subject in.
"""

from __future__ import annotations

import re

from assistant.question_terms import kind_pattern

# Words that single out one of several earlier papers, or ask about two or more at once: "Which one
# has more samples?", "the second one", "the latter", "both of them" (bad-input trial 10: refused).
ORDINAL = re.compile(
    r"\bthe\s+(first|second|third|fourth|fifth|former|latter|last)\b"
    r"(?:\s+(?:one|paper|work|study|model|method|benchmark|dataset))?(?!\s+(?:of|in|to|on)\b)",
    re.IGNORECASE,
)
SEVERAL = re.compile(
    r"\b(?:which|what)\s+one\b|\b(?:which|each|both|either|neither)\s+of\s+(?:them|these|those|the\s+two)\b|"
    r"\bthe\s+two\b|\bboth\s+(?:papers|works|studies|models|methods|benchmarks|datasets)\b|\beach\s+one\b",
    re.IGNORECASE,
)
ORDINALS = {"first": 0, "former": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "latter": -1, "last": -1}
# Words that point back to something said earlier. "its"/"their" inside a question that
# names its own subject first ("How does ImageBind align its modalities?") point at that
# subject, not back: see :func:`assistant.conversation.refers_back`.
BACK = re.compile(
    rf"{ORDINAL.pattern}|{SEVERAL.pattern}|"
    r"\b(?:it|its|it's|they|their|them|theirs|he|she|his|her|"
    r"(?:that|this|these|those|the same|the above|said)\s+(?:\w+[- ]){0,2}?"
    r"(?:paper|papers|work|works|study|studies|model|models|method|methods|approach|benchmark|"
    r"benchmarks|dataset|datasets|framework|system|one|ones|authors|technique|task|architecture))\b|"
    # "the authors" (not "the authors of X"), and "there" as a place ("How did models do there?"),
    # not the existential "are there", "there is".
    r"\bthe authors\b(?!\s+of\b)|(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b(?!\s+(?:is|are|was|were|be|exist|exists|any)\b)",
    re.IGNORECASE,
)
# A question that only continues the last one: "And for LRS3?", "What about ...?", "How about ...?"
# (after an interjection: "ok, and what about ...?").
CONTINUES = re.compile(
    r"^\s*(?:(?:ok|okay|so|now|well|great|thanks|right)\b[,.!]?\s*)?(?:and|also|what about|how about|same for|then)\b",
    re.IGNORECASE,
)
# A question that says it changes the subject starts fresh, whatever pronouns follow
# ("Switching topics. Symile ... the dataset they built?", "Separately, I'm looking for ...").
SWITCHES = re.compile(
    r"^\s*(?:(?:ok|okay|so|now|well|thanks)\b[,.!]?\s*)?(?:(?:a|on an?|on|for an?)\s+)?"
    r"(?:(?:different|another|new|separate|unrelated|other)\s+(?:question|topic|subject|thing|note|matter)|"
    r"switching\s+(?:topics?|subjects?|gears)|chang(?:e|ing)\s+(?:the\s+)?(?:topic|subject)|"
    r"(?:now\s+)?something\s+(?:else|different)|unrelated|separately|moving on)\b",
    re.IGNORECASE,
)
PLURAL = re.compile(
    r"\b(?:these|those)\s+(?:\w+\s+)?(?:papers|works|studies|models|methods)\b|\bthem\b|\beach\b"
)
# A name of the question's own, before the pointing word: then "its" points at that name.
# Not a sentence's first word ("... . How did Bard do in it?": "How" names nothing).
OWN_NAME = re.compile(r"(?<![.?!:]\s)(?<=\s)[A-Z][A-Za-z0-9]+")
# Kinds of thing a question can ask to be found.
KIND = rf"(?:{kind_pattern()}|ones?)"
# A question that introduces its own subject: "Which paper studies OCR ...", "Is there work
# that ...", "Any datasets of ...". A pointing word in a later clause then points at it.
def _asking_for(kind: str) -> str:
    return rf"\b(?:which|what|any|is there|are there|do you have|find|name)\s+(?:\w+[- ]){{0,3}}?{kind}\b"


def _introducing(kind: str) -> str:
    return rf"\b(?:a|an|another)\s+(?:[\w-]+\s+){{0,3}}?{kind}\b"


ASKS_FOR_ONE = re.compile(_asking_for(KIND), re.IGNORECASE)
# An indefinite article introduces a new referent ("I remember a study that ...", "There is also a
# paper on ..."): a later "it" points at it, not at the earlier answer (new-user trial 12).
INTRODUCES_ONE = re.compile(_introducing(KIND), re.IGNORECASE)
ASKS_FOR_PAPER = re.compile(
    r"(?:which|what|any|is there|are there)\s+(?:\w+[- ]){0,2}?(?:paper|work|study|article)s?\b", re.IGNORECASE
)
# Where one clause of a question ends and the next begins.
CLAUSE_END = re.compile(
    r"[?.!;:]\s+|,\s+|\s+[-\u2013\u2014]\s+|\s+and\s+(?=(?:how|what|which|who|where|when|why|is|are|was|were|"
    r"does|do|did|can)\b)",
    re.IGNORECASE,
)
# "they"/"their" point at several papers unless one is pointed at beside them ("How many LVLMs did
# they evaluate on it?": the authors of it).
THEY = re.compile(r"\b(?:they|their|theirs)\b", re.IGNORECASE)
ONE = re.compile(
    r"\b(?:it|its|it's)\b|\b(?:this|that)\s+(?:paper|work|study|model|method|benchmark|dataset|one)\b", re.IGNORECASE
)
# An earlier question that asked for one paper ("Which paper studies GPT-4V for recommendation?",
# "Is there a benchmark for ...?"): a "they" after its answer is that paper's authors, not every
# paper the answer also cited (dev follow-09 quoted a second paper for "What limitation did they find?").
ASKED_FOR_ONE = re.compile(
    f"{_asking_for(kind_pattern(plural=False))}|{_introducing(kind_pattern(plural=False))}", re.IGNORECASE
)
