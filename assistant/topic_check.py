"""The topic a question asks about, and whether a paper is about it: part of the gap check
(:mod:`assistant.gaps`). "Any papers on X?", "What does the paper say about X?",
"Summarize work on X", a bare search phrase, and a question asking for several papers
name a topic; the paper the answer would quote must hold most of the topic's words.
Thresholds calibrated on ``eval/questions/dev.jsonl`` only."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answerability import owns
from assistant.asked import ROLE_NOUNS
from assistant.evidence import asks_for_several
from assistant.question_terms import GENERIC, NOT_TOPIC, relating_verb
from assistant.text import stemmed_terms
from assistant.types import Source
from assistant.word_rarity import english_rarity

# "Any papers (here) on X?", "Summarize (recent) work on X": the topic X asked for.
_TOPIC = re.compile(
    r"^\s*(?:(?:are|is) there\s+(?:any\s+)?|any\s+|do (?:you|we) have\s+(?:any\s+)?|find\s+|list\s+|"
    r"show me\s+|(?:summari[sz]e|review|survey|give (?:me )?an overview of|overview of|related)\s+)?"
    r"(?:(?:the|recent|existing|some|prior|previous)\s+)*(?:papers?|works?|research|stud(?:y|ies)|anything|something)\s+(?:(?:here|in (?:the|this|my) "
    r"(?:collection|library))\s+)?(?:on|about|regarding|covering)\s+([^?.;]+)",
    re.IGNORECASE,
)
# "What does the paper say about X?", "Tell me about X": a topic X asked about, like "papers on X".
_ABOUT = re.compile(
    r"\b(?:say|says|said|tell (?:me|us)|know|known|written|anything|something|information)\s+"
    r"(?:(?:anything|something|much|more)\s+)?(?:about|on|regarding)\s+([^?.;]+)",
    re.IGNORECASE,
)
# "I need papers on X", "looking for work on X": papers wanted on a topic, wherever in the request.
_WANTED = re.compile(
    r"\b(?:need|want|looking for|searching for|search for|interested in|recommend)\s+(?:some\s+|any\s+)?"
    r"(?:papers?|works?|research|stud(?:y|ies)|literature)\s+(?:on|about|regarding|covering)\s+([^?.;]+)",
    re.IGNORECASE,
)
# A phrase typed as into a search box ("graph neural networks for molecules"): no question or
# request word, no question mark. The whole phrase is the topic asked for.
_ASKING = re.compile(
    r"\?|\b(?:what|which|how|who|whom|whose|when|where|why|does|do|did|is|are|was|were|can|could|should|"
    r"would|will|has|have|tell|give|list|explain|compare|describe|summari[sz]e|show|find)\b",
    re.IGNORECASE,
)
_BARE_WORDS = 10  # longer text without a question word is a statement, not a search phrase
# Share of the topic's words the paper must hold (same stem or a similar word).
TOPIC_SHARE = 0.5
# A whole question asking for several papers ("Which papers apply X to Y?") is held like
# "papers on X" once the verb relating the papers to the topic ("apply", "tackle", "detect"),
# which a paper need not use, is left out (:func:`~assistant.question_terms.relating_verb`).
# It was kept in under a lower share (0.4), which let "Which papers detect hateful memes with
# multimodal vision-language classifiers?" through on "detect" and "classifiers" (0.50). On dev
# without the verb the answerable ones hold 0.54-1.00.
QUESTION_TOPIC_SHARE = TOPIC_SHARE
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
# Words that ask for a kind of text, not what it is of ("Summarize ...", "Related work on ...",
# "Can you draft ..."): the overview selection's request and chat words, plus search verbs.
_REQUEST_WORDS = stemmed_terms(" ".join(NOT_TOPIC) + " find show")


def asked_topic(question: str, target: Source, names: list[str], focused: bool = False) -> tuple[str, float] | None:
    """The topic a question asks about and the share of its words the target must hold:
    X of "Any papers on X?" or "What does the paper say about X?", a bare search phrase
    ("graph neural networks for molecules"), or the whole question when it asks for several
    papers ("Which papers optimize freight transport ...?", "Summarize MoE approaches"), names
    no paper the target is about and is not ``focused`` on given papers (a follow-up's "Which
    datasets did they evaluate it on?" asks of the paper it refers to)."""
    topic = _TOPIC.match(question) or _ABOUT.search(question) or _WANTED.search(question)
    if topic:
        return topic.group(1), TOPIC_SHARE
    if not _ASKING.search(question) and len(question.split()) <= _BARE_WORDS:
        return question, TOPIC_SHARE
    if asks_for_several(question) and not focused and not any(owns(target, n, family=True) for n in names):
        return question, QUESTION_TOPIC_SHARE
    return None


def _topic_word(word: str) -> bool:
    """A word that says what the topic is (not a question, request or kind-of-answer word)."""
    stems = stemmed_terms(word)
    return bool(stems) and not stems & (ROLE_NOUNS | GENERIC | _REQUEST_WORDS)


def topic_held(
    text: str, share: float, target: Source, held: Callable[[list[str], str], list[bool]], idf: dict[str, float]
) -> bool:
    """Whether ``target``'s title and abstract hold ``share`` of the topic ``text``'s words
    (``held``: :meth:`assistant.gaps.TermMatcher.held`, same stem or a similar word), each
    word weighed by its IDF; a word no stored chunk uses weighs as the rarest word of the
    question ("operators", "differential" of "neural operators for partial differential
    equations": a field the collection never names), a word of no known IDF as 1. A word the
    paper lacks counts against it only as far as it is rare in English (:func:`english_rarity`):
    technical prose says "audio-visual", not "things you hear and see happening". The verb
    relating the asked-for papers to the topic (:func:`~assistant.question_terms.relating_verb`)
    is not a topic word."""
    words = [w for w in _WORD.findall(text) if _topic_word(w)]
    verb = relating_verb(text)  # "Which papers apply ...": the papers need not "apply"
    if verb in words:
        words.remove(verb)
    if not words:
        return True
    got = held(words, f"{target.title} {target.abstract}")
    rarest = max(idf.values(), default=0.0) or 1.0
    weights = [_weight(w, idf, rarest) * (1.0 if ok else english_rarity(w)) for w, ok in zip(words, got, strict=True)]
    return sum(w for w, ok in zip(weights, got, strict=True) if ok) >= share * sum(weights)


def _weight(word: str, idf: dict[str, float], rarest: float) -> float:
    """A topic word's weight: its mean IDF, ``rarest`` when no chunk uses it, 1 when unknown."""
    values = [idf[t] for t in stemmed_terms(word) if t in idf]
    if not values:
        return 1.0
    return (sum(values) / len(values)) or rarest
