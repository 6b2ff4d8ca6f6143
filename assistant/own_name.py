"""A paper's own name inside a sentence quoted under that name: dropped where it only names the paper."""

from __future__ import annotations

import re


def is_phrase(head: str) -> bool:
    """True for a title head that is a phrase rather than a name: a comma, a lowercase (function) word
    or more than two words ("One Model, Multiple Modalities", "The Dawn of LMMs"), not "MoMa", "Tiny LVLM-eHub"."""
    words = head.split()
    return "," in head or len(words) > 2 or any(w[:1].islower() for w in words[1:])


def names(text: str, name: str) -> bool:
    """True when ``text`` holds ``name`` as a whole word ("MM-Lego", not "MM-Lego-2")."""
    return bool(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))


def without_own_naming(text: str, name: str, title: str) -> str | None:
    """``text`` without the words that give the paper its name, or None when the name stays in it.

    A sentence quoted under the paper's name must not name it again: "(MulModSeg)" after its
    expansion, ", named Uni-MoE", "called PILL: Plug Into LLM with adapter expert and attention gate"
    (the name with its title's tail) are dropped; "We show that MM-Lego 1) ..." keeps it (None).
    """
    quoted = re.escape(name)
    tail = re.escape(title[len(name) :].lstrip(" :-")) if title.startswith(name) and title != name else None
    text = re.sub(rf"\s*\(\s*{quoted}\s*\)", "", text)
    naming = rf",?\s+(?:named|called|termed|dubbed|coined)\s+{quoted}(?![\w-])"
    if tail:
        text = re.sub(rf"{naming}\s*:\s*{tail}", "", text, flags=re.IGNORECASE)
    text = re.sub(rf"{naming}(?!\s*:)", "", text)
    return None if names(text, name) else text


# "our “{SkillNet}” model", "we propose M3CoL", "we introduce AKI": a coined name (a capital after the first
# letter, or a digit) the paper gives its own work.
_OWN = re.compile(r"\b(?:[Oo]ur|[Ww]e (?:propose|present|introduce|call|name|term|dub))\W{0,3}([A-Z][\w-]*[A-Z0-9][\w-]*)")


# "We present Integrated Multimodal Perception (IMP), ...": the acronym of a capitalised name introduced.
_EXPANDED = re.compile(
    r"\b[Ww]e (?:propose|present|introduce)\s+((?:[A-Z][\w-]*\s+){1,6})\(([A-Z][A-Za-z0-9-]*[A-Z0-9])\)"
)


def given_name(abstract: str, title: str) -> str:
    """The name the abstract gives the paper's own work when its title has none ("One Model, Multiple
    Modalities: ..." calls its model SkillNet; "Alternating Gradient Descent and ... Perception" presents
    "Integrated Multimodal Perception (IMP)"): a coined word after "our" or "we propose", or the acronym of
    the capitalised name it introduces, used at least twice and not in the title; ``""`` when there is none."""
    acronyms = [m for m in _EXPANDED.finditer(abstract) if m.group(1)[0] == m.group(2)[0]]
    for match in [*_OWN.finditer(abstract), *acronyms]:
        name = match.group(match.lastindex or 1).rstrip("-")
        if abstract.count(name) >= 2 and name.lower() not in title.lower():
            return name
    return ""
