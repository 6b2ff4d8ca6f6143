"""What a paper contributes to an overview's topic: its contribution sentence and its topic sentence.

:func:`paper_sentences` is what an overview quotes for each paper (:mod:`assistant.overview`); the
contribution sentence is :func:`assistant.prose.contribution_sentence`.
"""

from __future__ import annotations

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
    and more of them than the contribution sentence does."""
    first = contribution_sentence(source)
    topical, share = topic_sentence(source, terms, idf)
    if not topical or share < min_share:
        return [first]
    first_share = weighted_share(terms, stemmed_terms(first), idf)
    if share <= first_share or stemmed_terms(topical) <= stemmed_terms(first):
        return [first]
    name = short_name(source.title)
    subject = name if name != source.title else "it"
    if subject == name and _names(topical, name):
        unnamed = without_own_naming(topical, name, source.title)
        topical, subject = (unnamed, name) if unnamed is not None else (topical, "the paper")
    topical = third_person(drop_lead_in(topical), subject)
    return [first, topical[:1].upper() + topical[1:]]
