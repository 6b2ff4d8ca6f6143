"""A paper's own name inside a sentence quoted under that name: dropped where it only names the paper."""

from __future__ import annotations

import re


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
