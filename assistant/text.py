"""Text helpers shared by retrieval, writers and verification: sentences and terms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import Stemmer

# Sentence ends: . ! ? followed by space and an upper-case letter, digit or quote.
# Not after common abbreviations of abstracts. We do not use nltk's punkt (bundled with
# llama-index): it splits "e.g. MMVP" into two sentences (tests/test_text.py).
_ABBREVIATIONS = (
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bet al\.)(?<!\bvs\.)(?<!\betc\.)(?<!\bFig\.)(?<!\bEq\.)(?<!\bcf\.)"
)
_SENTENCE_END = re.compile(rf"(?<=[.!?]){_ABBREVIATIONS}\s+(?=[A-Z0-9\"'“(\[])")
# An initial ("W. Liang") ends a piece only when the next word opens a sentence: a function
# word or one of the discourse words abstracts start sentences with ("Method A. Results show",
# "Vitamin C. We test") — a surname is neither.
_INITIAL = re.compile(r"(?:^|[\s(])[A-Z]\.$")
_FIRST_WORD = re.compile(r"[\"'“(\[]*([A-Za-z]+)")
SENTENCE_OPENERS = frozenset(
    """i a an the this that these those we our it its in on at to for from with by as of
    however moreover furthermore additionally finally further thus hence therefore overall
    notably specifically experiments experimental results extensive unlike compared code
    despite although while when here such both each all most many several existing recent
    also besides yet but and or so there they their then using based given since""".split()
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-+.]*[A-Za-z0-9]|[A-Za-z0-9]")

# A sentence in which a paper states its own contribution: "we propose ...", "this paper presents ...".
CONTRIBUTION = re.compile(
    r"\b(?:we|this (?:paper|work|study)|our (?:paper|work))\s+(?:first\s+|also\s+|further\s+)?"
    r"(propose|present|introduce|develop|release|construct|build|design|curate|collect|"
    r"describe|study|investigate|explore|find|show|demonstrate|identify|establish|offer|provide|"
    r"create|conduct|perform|evaluate|analyze|analyse|reveal)s?\b",
    re.IGNORECASE,
)

STOPWORDS = frozenset(
    """a an and are as at be by can do does for from has have how in into is it its of on or
    our paper papers that the their them these this those to was we what which who with
    about any both each other some such than then there they via when where while also
    using use used based new show shows propose proposes present presents""".split()
)


def split_sentences(text: str) -> list[str]:
    """Split an abstract into sentences; returns non-empty, stripped strings in order.

    A piece ending in an initial is joined to the next unless that one opens a sentence
    (see :data:`SENTENCE_OPENERS`): "by W. Liang and J. Smith." stays one sentence,
    "We evaluate Method A. Results show gains." is two."""
    out: list[str] = []
    for piece in (p.strip() for p in _SENTENCE_END.split(text)):
        if not piece:
            continue
        first = _FIRST_WORD.match(piece)
        if out and _INITIAL.search(out[-1]) and not (first and first.group(1).lower() in SENTENCE_OPENERS):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def content_terms(text: str) -> set[str]:
    """Lower-cased words of ``text`` minus stopwords, for lexical overlap."""
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 1}


_TOKEN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def stemmed_terms(text: str) -> set[str]:
    """Content terms, hyphenated words also split into parts, Snowball-stemmed."""
    terms = content_terms(text)
    terms |= {p for t in terms for p in t.split("-") if len(p) > 1 and p not in STOPWORDS}
    return set(_stemmer().stemWords(sorted(terms)))


def weighted_share(terms: set[str], found: set[str], idf: dict[str, float]) -> float:
    """IDF-weighted share (0..1) of ``terms`` that are in ``found``; 1 when ``terms`` is empty."""
    total = sum(idf.get(t, 1.0) for t in terms)
    return sum(idf.get(t, 1.0) for t in terms & found) / total if total else 1.0


# Markdown's backslash escapes: a quoted ``[3]`` or ``[0, 1]`` stays text, never a citation.
def escape_brackets(text: str) -> str:
    """``text`` with every ``[`` and ``]`` escaped as Markdown ``\\[`` / ``\\]`` (renders unchanged).

    :func:`assistant.verify.resolve_citations` reads only unescaped ``[n]`` as citations.
    """
    return re.sub(r"(?<!\\)([\[\]])", r"\\\1", text)


def unescape_brackets(text: str) -> str:
    """Inverse of :func:`escape_brackets`, for plain-text or LaTeX output."""
    return text.replace("\\[", "[").replace("\\]", "]")


def plural(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1 ("1 paper", "81 papers")."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def stem_line(text: str) -> str:
    """``" w1 w2 … "``: the stemmed words of ``text`` in order, hyphenated words split, stopwords
    out; a phrase of stems is found in it as a substring (" mixtur expert ")."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]
    return " " + " ".join(_stemmer().stemWords(words)) + " "


def clipped(text: str, limit: int = 80) -> str:
    """``text`` on one line in at most ``limit`` characters: its start and its end around "…" (a
    middle ellipsis), each cut at a word where one is near, else mid-word. Two long titles that
    differ only at the end stay apart ("A"*300 and "A"*299+"B" were both "AAA…"; trial 12)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    tail_room = limit // 3
    head_room = limit - tail_room - 3  # " … "
    head, tail = text[:head_room], text[len(text) - tail_room :]
    head_at_word = text[head_room] == " " or " " in head[head_room // 2 :]
    tail_at_word = text[len(text) - tail_room - 1] == " " or " " in tail[: tail_room // 2]
    if head_at_word and text[head_room] != " ":
        head = head[: head.rindex(" ")]
    if tail_at_word and text[len(text) - tail_room - 1] != " ":
        tail = tail[tail.index(" ") + 1 :]
    head, tail = head.rstrip(), tail.lstrip()
    return f"{head} … {tail}" if head_at_word and tail_at_word else f"{head}…{tail}"


def english_list(items: Sequence[str], joiner: str = "and") -> str:
    """``items`` as an English list: "A", "A and B", "A, B and C" (``joiner`` before the last)."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {joiner} " + items[-1]
