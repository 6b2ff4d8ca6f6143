"""Which columns a comparison request asks for: the aspects it names, else the default ones.

A request names its aspects in one of these shapes (each rewritten by :func:`in_terms_of`
to the one the retrieval and the table read, "TOPIC in terms of A, B"):

- "Compare X in terms of A, B and C";
- "Compare X by A and B" ("compare multimodal benchmarks by ability tested and number of samples");
- "X: A and B" or "X: what A is tested and how many B" (a list after a colon; "what A is
  tested" → "A tested", "how many B" → "number of B"), unless X is itself an aspect ("Compare
  the fusion strategies: early, late and intermediate" → "fusion strategies (early, late,
  intermediate)") or the list names papers ("Compare these papers: MoMa and Uni-MoE");
- "Compare the A (a, b, c) discussed across these papers" (the subject is the aspect).
"""

from __future__ import annotations

import re

from assistant.compare_fits import ABILITY_ASPECT, MODELS_ASPECT, SOURCE_ASPECT
from assistant.types import has_words

DEFAULT_ASPECTS = ("task", "modalities", "method", "data or benchmark", "reported result", "code")
MAX_ASPECT_WORDS = 6  # a list item longer than this is a clause, not a column name

# The list ends at a sentence end (". ", "?" at the end); "acc.@1" or a line break inside it does not end it.
ASPECT_LIST = re.compile(r"\bin terms of (.+?)(?:[.?!](?=\s|$)|$)", re.IGNORECASE | re.DOTALL)
_DOES_EVALUATE = re.compile(r"^(?:they|it|each|each one)\s+(?:tests?|evaluates?|measures?|assess(?:es)?|probes?)$", re.I)
_ASKS_COMPARE = re.compile(r"\b(?:compar\w*|contrast\w*|table)\b", re.IGNORECASE)
# "by A and B" at the end of a comparison request; not "proposed by", "trained by" (a participle).
_BY = re.compile(r"(?<!ed)\s+by\s+(?!the way\b)([^.?!:;]+?)[.?!]?$", re.IGNORECASE)
_AFTER_COLON = re.compile(r"^(.+?):\s*([^:]+?)[.?!]?$")
_LEADS_ASPECTS = re.compile(r"\s+(?:on|by|regarding|along|with respect to|in terms of|across)$", re.IGNORECASE)
_HOW_MANY = re.compile(r"^how (?:many|much)\s+(.+)$", re.IGNORECASE)
# "what ability is tested" → "ability tested"; "which data is used" → "data used"; "what task" → "task".
_WHAT = re.compile(
    r"^(?:what|which)(?: kinds? of| type of)?\s+(.+?)(?:\s+(?:is|are|was|were|do|does)\s+(.+))?$", re.I
)
_COMPARE = re.compile(
    r"\b(?:compare|contrast|comparison of|table of)\s+(?:the\s+)?(.+?)"
    r"(?:\s+(?:discussed|used|proposed|described|reported|adopted|found|across|among|between|in|of|for)\b.*)?[.?!]?$",
    re.IGNORECASE,
)
# A subject that names a set of papers ("mixture-of-experts models"), not an aspect of them.
_GENERIC = re.compile(
    r"(?:^|\s)(?:papers?|approaches|methods|works?|models?|studies|systems|architectures|benchmarks|"
    r"datasets|LLMs|MLLMs|LVLMs|LMMs|techniques|frameworks)$",
    re.IGNORECASE,
)
# "training data", "pre-training datasets", "data used for training": what a model is trained on.
_TRAINING_DATA = re.compile(
    r"^(?:(?:pre-?)?training|train) (?:data|datasets?|corpus|corpora|sets?)$|^(?:data|datasets?) (?:used )?(?:for|in) "
    r"(?:pre-?)?training$",
    re.IGNORECASE,
)
_COUNT = re.compile(r"^(?:the\s+)?(?:number|count|amount|size|quantity) of\s+(.+)$", re.IGNORECASE)


def _items(listed: str) -> list[str]:
    listed = " ".join(listed.split())  # a line break inside a name is a space
    if ";" in listed:  # an explicit list (the CLI's --aspects): "input and output; speed" is two
        return [p.strip(" ,") for p in listed.split(";") if p.strip(" ,")]
    return [p.strip(" ,") for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", listed) if p.strip(" ,")]


def _distinct(aspects: list[str]) -> list[str]:
    """Each column once ("data, Data" was four identical columns), none without a word ("?!", "##")."""
    seen: set[str] = set()
    out = []
    for aspect in aspects:
        key = " ".join(aspect.casefold().split())
        if has_words(aspect) and key not in seen:
            seen.add(key)
            out.append(aspect)
    return out


def _aspect(item: str) -> str:
    """One list item as a column name: "how many samples" → "number of samples"."""
    item = re.sub(r"^(?:the|their|its)\s+", "", item.strip(), flags=re.IGNORECASE)
    many = _HOW_MANY.match(item)
    if many:
        return f"number of {many.group(1)}"
    what = _WHAT.match(item)
    if what:
        aspect = " ".join(x for x in what.groups() if x)
        # "what they test", "what it measures": the papers do it, so the column is what is
        # evaluated ("They test" matched no sentence; new-user trial 9)
        return "abilities evaluated" if _DOES_EVALUATE.match(aspect) else aspect
    return item


def _aspect_list(listed: str, need_two: bool) -> list[str] | None:
    """The aspects of a listed clause, or None when it is not a short list of them
    (an item longer than ``MAX_ASPECT_WORDS``, or papers' names: "MoMa and Uni-MoE")."""
    items = [_aspect(i) for i in _items(listed)]
    if not items or any(len(i.split()) > MAX_ASPECT_WORDS for i in items):
        return None
    if all(re.search(r"[A-Z]", i) for i in items):
        return None
    return items if len(items) >= 2 or not need_two else None


_ON = re.compile(r"\s+on\s+([^.?!:;]+?)[.?!]?$", re.IGNORECASE)
_ASKS_COMPARE_HEAD = re.compile(r"^\s*(?:compare|contrast)\s+(?:the\s+)?", re.IGNORECASE)


def _names_papers(subject: str) -> bool:
    """True for two or more names of papers ("WavCaps and FooNet", "MoMa, Uni-MoE"): each item one or
    two words with a capital after its first letter or a digit, not "the multimodal models"."""
    items = _items(subject)
    return len(items) >= 2 and all(len(i.split()) <= 2 and re.search(r"(?<=\w)[A-Z0-9]", i) for i in items)


def in_terms_of(question: str) -> str:
    """The request with its named aspects as an "in terms of A, B" clause (else unchanged).

    "compare multimodal benchmarks by ability tested and number of samples" → "compare
    multimodal benchmarks in terms of ability tested, number of samples"; "benchmarks for
    MLLMs: what ability is tested and how many samples" → "benchmarks for MLLMs in terms of
    ability tested, number of samples".
    """
    q = question.strip()
    if ASPECT_LIST.search(q):
        return q
    colon = _AFTER_COLON.match(q)
    if colon:
        head = colon.group(1).strip()
        # "Compare X on: a, b, c" introduces aspects in so many words (new-user trial 13: it fell back
        # to the default columns, "on" read as part of the subject).
        lead = _LEADS_ASPECTS.search(head)
        if lead and (items := _aspect_list(colon.group(2), need_two=False)):
            return f"{head[: lead.start()].strip()} in terms of {', '.join(items)}"
        # A wh-question after the colon names aspects even alone ("X: how many samples").
        wh = bool(re.match(r"(?:what|which|how)\b", colon.group(2), re.IGNORECASE))
        items = _aspect_list(colon.group(2), need_two=not wh)
        subject = _COMPARE.search(head)
        if items and not wh and subject and not _GENERIC.search(subject.group(1).strip(" ,")):
            # "Compare the fusion strategies: early, late and intermediate": values of one aspect.
            return f"{head} ({', '.join(items)})"
        if items:
            return f"{head} in terms of {', '.join(items)}"
    # "Compare WavCaps and FooNet on size": papers compared by name have no topic for "on" to give, so what
    # follows it are aspects (new-user trial 15: one column, and no notice that FooNet is not found).
    on = _ON.search(q)
    if on and _names_papers(_ASKS_COMPARE_HEAD.sub("", q[: on.start()])):
        items = _aspect_list(on.group(1), need_two=False)
        if items:
            return f"{q[: on.start()].strip()} in terms of {', '.join(items)}"
    by = _BY.search(q)
    if by and _ASKS_COMPARE.search(q[: by.start()]):
        items = _aspect_list(by.group(1), need_two=False)
        if items:
            return f"{q[: by.start()].strip()} in terms of {', '.join(items)}"
    return q


def aspects_from_question(question: str) -> list[str]:
    """The aspects a comparison request names (see the module docstring), or the default ones.

    "Compare the fusion strategies (early, late, intermediate) discussed across these
    papers." → ["fusion strategies (early, late, intermediate)"]; "Compare X in terms of
    data, results and code" → ["data", "results", "code"].
    """
    question = in_terms_of(question)
    listed = ASPECT_LIST.search(question)
    named = _distinct([_aspect(p) for p in _items(listed.group(1))]) if listed else []
    if named:  # "in terms of ,," names none: the default ones
        return named
    match = _COMPARE.search(question.strip())
    if match:
        subject = match.group(1).split(":")[0].strip(" ,")  # "these papers: MoMa and Uni-MoE"
        # A subject longer than a column name is the whole request, not an aspect of it.
        if subject and len(subject.split()) <= MAX_ASPECT_WORDS and not _GENERIC.search(subject):
            return [subject]
    return list(DEFAULT_ASPECTS)


def names_aspects(question: str) -> bool:
    """True when the request names its own columns (not the default ones)."""
    return aspects_from_question(question) != list(DEFAULT_ASPECTS)


def counted_noun(aspect: str) -> str | None:
    """For a count column ("number of samples", "how many images"), the counted noun; else None."""
    match = _COUNT.match(aspect.strip()) or _HOW_MANY.match(aspect.strip())
    return match.group(1).strip() if match else None


def column_name(aspect: str) -> str:
    """ "fusion strategies (early, late, intermediate)" → "Fusion strategies (early, late, intermediate)"."""
    return aspect[:1].upper() + aspect[1:]


# Column names that ask what a default column asks.
_ALIASES = {
    **dict.fromkeys(
        ("data", "dataset", "datasets", "benchmark", "benchmarks", "data or benchmarks"), "data or benchmark"
    ),
    **dict.fromkeys(
        ("result", "results", "reported results", "performance", "outcome", "finding", "findings"), "reported result"
    ),
    **dict.fromkeys(("code availability", "code release", "availability", "release"), "code"),
    **dict.fromkeys(
        ("language", "natural languages", "languages covered", "languages supported", "supported languages"),
        "languages",
    ),
}
# "main finding" asks what "finding" asks (it read as a column of its own words; new-user trial 9)
_RANK_WORD = re.compile(r"^(?:main|key|principal|headline|major)\s+")
_DATA_UNITS = {"samples", "examples", "instances", "items", "data points", "entries", "data samples"}
_SIZE = re.compile(r"^(?:[\w-]+ )?(?:size|scale)$")  # "benchmark size", "dataset size", "scale"
# "efficiency gain", "speedup", "computational cost", "training efficiency"
_EFFICIENCY = re.compile(r"\befficien|\bspeed|\bcomput\w* (?:cost|savings?)|\bflops\b", re.IGNORECASE)


def column_key(aspect: str) -> str:
    """The column an aspect asks for (the check that fills it, :mod:`assistant.compare`): "results" / "main findings" → "reported result", "how many
    images" → "count", "benchmark size" / "number of samples" → "size"."""
    key = _RANK_WORD.sub("", aspect.lower().strip())
    noun = counted_noun(key)
    if noun:
        # "samples" are whatever a dataset holds (questions, queries, pairs): its size
        return "size" if noun in _DATA_UNITS else "count"
    if _SIZE.match(key):
        return "size"
    if ABILITY_ASPECT.search(key):  # "abilities tested", "which abilities they test"
        return "abilities"
    if MODELS_ASPECT.match(key):  # "models evaluated", "evaluated models"
        return "models evaluated"
    if SOURCE_ASPECT.search(key):  # "data source", "source"
        return "source"
    if _TRAINING_DATA.match(key):  # quoted by its words it was "We propose a pre-training strategy ..."
        return "training data"
    return "efficiency" if _EFFICIENCY.search(key) else _ALIASES.get(key, key)
