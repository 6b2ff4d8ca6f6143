"""Which language a question or answer is in: English, or another one.

Uses py3langid (a fork of langid.py, Lui & Baldwin, ACL 2012: a naive Bayes
classifier over byte n-grams, its model shipped in the package; offline), limited
to :data:`LANGUAGES` so short texts are not read as rare languages. A text counts
as non-English only when its best language is not English with probability at least
:data:`MIN_CONFIDENCE`: short English keyword queries ("token pruning", "MMVP")
score below it for every other language.

Measured with ``python -m eval.crosslingual`` (2026-11-30): on the 94 English
questions of eval/questions/dev.jsonl the highest non-English probability is 0.04; on
16 short English keyword queries 0.25; FR/DE/ES questions of four words or more
score 0.68-1.00 for their language.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

# Languages a reader of research papers plausibly writes in (ISO 639-1).
LANGUAGES = "en fr de es it pt nl ru zh ja ko ar pl tr sv da no fi cs uk he hi vi id el hu ro fa".split()
MIN_CONFIDENCE = 0.5
NAMES = {
    "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "ru": "Russian", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ar": "Arabic", "pl": "Polish",
    "tr": "Turkish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "cs": "Czech",
    "uk": "Ukrainian", "he": "Hebrew", "hi": "Hindi", "vi": "Vietnamese", "id": "Indonesian", "el": "Greek",
    "hu": "Hungarian", "ro": "Romanian", "fa": "Persian", "en": "English",
}  # fmt: skip
# What a question retrieval cannot serve gets, when it is not in English.
NOT_ENGLISH = "The collection is English; the question may work in English."
_CITATION = re.compile(r"\[\d+(?:[-,–\s]+\d+)*\]")
_LOCK = threading.Lock()
_ENGLISH_ONLY = frozenset("the what which does how why these those their".split())


@lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202 - py3langid LanguageIdentifier; loading takes ~2 s, once
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language; ``"en"`` unless another is confidently detected."""
    text = _CITATION.sub(" ", text).strip()
    if not text or _plainly_english(text):
        return "en"
    with _LOCK:  # build the model once, even with several sessions asking at once
        identifier = _identifier()
    language, probability = identifier.classify(text)
    return language if language != "en" and probability >= MIN_CONFIDENCE else "en"


def _plainly_english(text: str) -> bool:
    """ASCII text using words only English has ("the", "what", "which", ...): no model needed,
    which saves its two-second load for most questions."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    return text.isascii() and len(words) >= 4 and bool(words & _ENGLISH_ONLY)


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code (the code itself when unknown)."""
    return NAMES.get(code, code)
