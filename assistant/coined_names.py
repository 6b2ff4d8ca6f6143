"""Coined names opening a sentence ("Symile derives ..."): capitalised first words no English
dictionary holds, told apart by the embedding model's WordPiece vocabulary."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.embed import TOKENIZER_DIR
from assistant.text import _stemmer

_OPENER = re.compile(r"(?:^|[.?!:]\s+)([A-Z][a-z]{2,})\b")
QUESTION_WORDS = frozenset("What Which How Who When Where Why The This That These Those".split())


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """The Snowball stems of the embedding model's whole WordPiece words (uncased BERT vocabulary,
    from English Wikipedia and books): "summarize" shares the stem of "summarized"."""
    words = [w for w in (TOKENIZER_DIR / "vocab.txt").read_text(encoding="utf-8").split() if w.isalpha()]
    return frozenset(_stemmer().stemWords(words))


def coined_openers(question: str) -> list[str]:
    """Capitalised words opening a sentence that no English dictionary would hold: not a whole
    word of the embedding model's WordPiece vocabulary by stem ("Symile derives ..." -> Symile;
    not "Switching", "Roughly", "Summarize"). A sentence's first word is otherwise no evidence of a
    name (:func:`assistant.answerability.capitalised_words`)."""
    openers = []
    for match in _OPENER.finditer(question):
        word = match.group(1)
        if word not in QUESTION_WORDS and _stemmer().stemWord(word.lower()) not in _vocabulary():
            openers.append(word)
    return openers
