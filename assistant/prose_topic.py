"""What a paper contributes to an overview's topic: its contribution sentence and its topic sentence.

:func:`paper_sentences` is what an overview quotes for each paper (:mod:`assistant.overview`); the
contribution sentence is :func:`assistant.prose.contribution_sentence`.
"""

from __future__ import annotations

import re

from assistant.antecedents import drop_lead_in, standalone_part
from assistant.own_name import names as _names
from assistant.own_name import without_own_naming
from assistant.prose import (
    _BACKGROUND,
    _URL,
    clean_latex,
    contribution_sentence,
    is_scene_setting,
    short_name,
    third_person,
    third_person_verb,
)
from assistant.text import split_sentences, stemmed_terms, weighted_share
from assistant.types import Source


def topic_sentence(source: Source, terms: set[str], idf: dict[str, float]) -> tuple[str, float]:
    """The abstract sentence that says most about the topic's terms, cleaned, and its share (0..1)."""
    best, share = "", 0.0
    for whole in split_sentences(source.abstract):  # a list item or a tail pointing back cut (antecedents)
        if is_scene_setting(whole) or _BACKGROUND.match(whole) or not (sentence := standalone_part(whole)):
            continue
        # A link's path is no statement: "Code: https://github.com/x/multimodal-mixup" held "multimodal mixup".
        value = weighted_share(terms, stemmed_terms(_URL.sub(" ", sentence)), idf)
        if value > share:
            best, share = sentence, value
    return clean_latex(best, short_name(source.title)), share


def paper_sentences(
    source: Source, terms: set[str], idf: dict[str, float], min_share: float = 0.5
) -> list[str]:
    """What a paper contributes to the topic: its contribution sentence, plus its topic sentence
    when that is another sentence holding at least ``min_share`` of the topic's terms
    and more of them than the contribution sentence does. Both read as an overview's prose
    (:func:`plain_prose`)."""
    first = plain_prose(contribution_sentence(source))
    topical, share = topic_sentence(source, terms, idf)
    if not topical or share < min_share:
        return [first]
    first_share = weighted_share(terms, stemmed_terms(first), idf)
    if share <= first_share or stemmed_terms(topical) <= stemmed_terms(first):
        return [first]
    name = short_name(source.title)
    subject = name if name != source.title else "it"
    if subject == name and _names(topical, name):
        # The name stays in the sentence: "it" (the paper of the sentence before), not "the paper", which in a
        # related-work section names none (new-user trial 17); "It presents MIO, which is ..." → "MIO is ...".
        unnamed = without_own_naming(topical, name, source.title)
        topical, subject = (unnamed, name) if unnamed is not None else (topical, "it")
    topical = third_person(drop_lead_in(topical), subject)
    topical = re.sub(rf"^[Ii]t [a-z]+s (?:the )?({re.escape(name)}),\s*(?:which|that)\s+(?=[a-z]+s?\b)", r"\1 ", topical)
    return [first, plain_prose(topical[:1].upper() + topical[1:])]


# The authors' praise of their own work, which an overview does not repeat as its own words: "presents the
# pioneering attempt to develop X" → "develops X"; "a groundbreaking model" → "a model" (new-user trial 17).
_ATTEMPT = re.compile(
    r"\b(?:presents|makes|represents|marks|takes|is) (?:the|an?) (?:[\w-]+ )?(?:attempt|effort|step|endeavou?r) to ([a-z]+)\b"
)
_PRAISE = re.compile(r"\b(?:(an?|An?) )?(?:pioneering|groundbreaking|ground-breaking|revolutionary|first-of-its-kind) (\w)")
# A list opened by a colon whose first item is a phrase, not a clause: "two modules: Firstly, utilizing X to ..."
# → "two modules, the first utilizing X to ..." (the items after it are other sentences).
_FIRST_ITEM = re.compile(r":\s*First(?:ly)?,\s+(?=[a-z]+ing\b)")


def plain_prose(sentence: str) -> str:
    """``sentence`` (a paper's, in the third person) without its authors' self-praise and with a colon list's
    first item joined as a phrase (see :data:`_ATTEMPT`, :data:`_PRAISE`, :data:`_FIRST_ITEM`)."""
    sentence = _ATTEMPT.sub(lambda m: third_person_verb(m.group(1)), sentence)

    def article(m: re.Match[str]) -> str:
        if not m.group(1):
            return m.group(2)
        return f"{m.group(1)[0]}{'n' if m.group(2).lower() in 'aeiou' else ''} {m.group(2)}"

    return _FIRST_ITEM.sub(", the first ", _PRAISE.sub(article, sentence))
