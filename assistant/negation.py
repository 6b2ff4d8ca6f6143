"""Negated list questions: "Which papers do not use an LLM?", "Which benchmarks do not include video?".

Quoting the sentences closest to such a question quotes the papers that *do* use an LLM (retrieval
reads the words, not the "not"). The one reading an abstract collection allows is the complement
of a mention: the stored papers (those the active filters let through; of the asked kind, for
"which benchmarks") whose title and abstract do not mention the thing. The answer says that this
is how the list was read, and that a paper may do the thing without its abstract saying so.
Only a plain "Which <papers> do/does not <verb> <thing>?" is read so; "do not release code" is the
has-code filter's complement (:mod:`assistant.metadata_answer`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.compare_rows import of_kind
from assistant.names import spelled_out
from assistant.text import STOPWORDS, stemmed_terms
from assistant.types import Source

_NEGATED = re.compile(
    r"^\s*(?:which|what)\s+(papers?|works?|studies|benchmarks?|datasets?)\s+(?:do|does|did)(?:n't| not)\s+"
    r"([a-z]+)\s+([^?,;]{1,60}?)\s*\??\s*$",
    re.IGNORECASE,
)
_KIND = {"benchmark": "benchmark", "benchmarks": "benchmark", "dataset": "dataset", "datasets": "dataset"}


def asked_negation(question: str) -> tuple[str, str, str] | None:
    """(subject, verb, thing) of a negated list question ("Which benchmarks do not include video?" ->
    ("benchmarks", "include", "video")), else None."""
    match = _NEGATED.match(question)
    if not match:
        return None
    subject, verb, thing = match.groups()
    thing = re.sub(r"^(?:an?|the|any)\s+", "", thing.strip(), flags=re.IGNORECASE)
    return (subject.lower(), verb.lower(), thing) if stemmed_terms(thing) else None


def mentions_thing(thing: str, source: Source) -> bool:
    """Whether the paper's title or abstract mentions ``thing``: all its content words (stemmed, a
    plural "LLMs" for "LLM"), or an acronym's words spelled out ("large language model")."""
    text = f"{source.title} {source.abstract}"
    held = stemmed_terms(text)
    held |= {t[:-1] for t in held if t.endswith("s")}
    words = [w for w in re.findall(r"[\w-]+", thing) if w.lower() not in STOPWORDS]
    return all(stemmed_terms(w) <= held or spelled_out(w, text) for w in words)


def negation_text(question: str, stored: Callable[[], list[Source]], scope: str = "") -> tuple[str, list[Source], list[str]] | None:
    """The answer to a negated list question: (text, numbered sources, gaps), or None when the
    question is not one. ``stored()``: the papers the active filters let through (``scope``,
    described, when any)."""
    asked = asked_negation(question)
    if asked is None:
        return None
    subject, verb, thing = asked
    kind = _KIND.get(subject)
    papers = [p for p in stored() if kind is None or of_kind(p, kind)]
    lacking = [p.model_copy(update={"n": i}) for i, p in enumerate((p for p in papers if not mentions_thing(thing, p)), start=1)]
    of = f"{subject} the active filter ({scope}) lets through" if scope else f"stored {subject}"
    gap = (
        f"Read as the {subject} whose title and abstract do not mention “{thing}”: {len(lacking)} of the "
        f"{len(papers)} {of}; a paper may {verb} it without its abstract saying so."
    )
    items = "\n".join(f"- “{p.title}” [{p.n}]" for p in lacking)
    return (f"{gap}\n{items}" if lacking else gap), lacking, [gap]
