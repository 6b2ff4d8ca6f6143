"""Whether a sentence holds a term: the same stem, or a word embedded nearby (all-MiniLM-L6-v2).
Used by the gap check (:mod:`assistant.gaps`, which re-exports it) and the topic check."""

from __future__ import annotations

import re

import numpy as np

from assistant.sentence_vectors import SentenceVectors
from assistant.text import STOPWORDS, stem_line, stemmed_terms

# Two single words count as the same term at this cosine (all-MiniLM-L6-v2), e.g.
# "examples"/"samples". Calibrated on dev: no answerable dev question gets a gap from a
# paraphrased attribute, and "license" does not match "open-source".
WORD_SIMILARITY = 0.72
BUILT_ON_SIMILARITY = 0.6  # a word that begins with the asked word (data -> dataset 0.717, database 0.601; text -> texture 0.381)
# A capitalised word of a sentence names an instance of an asked kind at this cosine: "English"
# is 0.71 from "languages", "Chinese" 0.51, "GPU" 0.53 from "hardware"; "MIT" is not near
# "license". Calibrated on dev (no unanswerable dev question answered by it; see docs).
INSTANCE_SIMILARITY = 0.5
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")


def _spaced(term: str, text: str) -> bool:
    """Whether ``text`` writes hyphenated ``term`` with spaces: its parts in a row, same stems
    ("Mixture of Experts" for "mixture-of-experts"; "vision" and "language" apart are not
    "vision-language-action")."""
    want = stem_line(term) if "-" in term else ""
    return len(want.split()) > 1 and want in stem_line(text)


class TermMatcher:
    """Whether a sentence holds a term: same stem, or a word embedded within ``WORD_SIMILARITY``."""

    def __init__(self, vectors: SentenceVectors) -> None:
        self.vectors = vectors

    def held(self, term_words: list[str], text: str) -> list[bool]:
        """For each of ``term_words``, whether ``text`` holds it."""
        words = list(dict.fromkeys(w.lower() for w in _WORD.findall(text) if w.lower() not in STOPWORDS))
        stems = stemmed_terms(text)
        out = [stemmed_terms(w) <= stems or _spaced(w, text) for w in term_words]
        missing = [w for w, ok in zip(term_words, out, strict=True) if not ok]
        if not missing or not words:
            return out
        got = self.vectors.get([("", w) for w in missing + words])
        asked, have = np.stack(got[: len(missing)]), np.stack(got[len(missing) :])
        sims = asked @ have.T
        # A word built on the asked one ("dataset" for "data", 0.717) needs less: CAT's "trained on
        # a mixed multimodal dataset" was answered with "does not state the training data" (new-user trial 9)
        built = np.array([[v != m.lower() and v.startswith(m.lower()) for v in words] for m in missing])
        similar = iter(((sims >= WORD_SIMILARITY) | (built & (sims >= BUILT_ON_SIMILARITY))).any(axis=1))
        return [ok or bool(next(similar)) for ok in out]

    def instances(self, term_words: list[str], sentence: str) -> bool:
        """Whether ``sentence`` names an instance of each of ``term_words`` that it does not
        hold: a capitalised word after the first, embedded within ``INSTANCE_SIMILARITY``
        ("English" for "languages", "GPU" for "hardware"; "which languages" is answered by
        "English and Chinese")."""
        held = self.held(term_words, sentence)
        missing = [w for w, ok in zip(term_words, held, strict=True) if not ok]
        names = list(dict.fromkeys(w for w in _WORD.findall(sentence)[1:] if w[0].isupper()))
        if not missing or not names:
            return not missing
        got = self.vectors.get([("", w) for w in missing + names])
        asked, have = np.stack(got[: len(missing)]), np.stack(got[len(missing) :])
        return bool(((asked @ have.T).max(axis=1) >= INSTANCE_SIMILARITY).all())

    def holds(self, term_words: list[str], sentence: str) -> bool:
        """Whether ``sentence`` holds every one of ``term_words``."""
        return all(self.held(term_words, sentence))



__all__ = ["BUILT_ON_SIMILARITY", "INSTANCE_SIMILARITY", "WORD_SIMILARITY", "TermMatcher"]
