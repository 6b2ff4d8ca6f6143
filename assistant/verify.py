"""Check an answer against its sources, whichever writer produced it.

1. Every ``[n]`` must name a listed source; others are removed (:func:`resolve_citations`).
2. Every claim sentence gets its best evidence sentence from the abstracts it cites,
   with a support score; low support, no citation, and numbers or names that occur
   in no cited abstract are flagged (:func:`verify_answer`).
"""

from __future__ import annotations

import re

from assistant.text import escape_brackets, split_sentences, stemmed_terms, weighted_share
from assistant.types import Citation, Evidence, SentenceCheck, Source

# [3], [1, 2], [1][2] and [1-3] all occur in model output. An escaped ``\[3\]`` is
# abstract text quoted by the extractive writer (assistant.text.escape_brackets), not a citation.
_CITE = re.compile(r"(?<!\\)\[(\d+(?:\s*[-,–]\s*\d+)*)\]")
# How much text before a bracket group must match a cited abstract verbatim for the
# group to count as quoted abstract text ("normalised to [0, 1]") rather than a citation.
QUOTE_CONTEXT = 24


def _numbers(group: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*,\s*", group):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and int(bounds[0]) <= int(bounds[1]) <= int(bounds[0]) + 20:
            out.extend(range(int(bounds[0]), int(bounds[1]) + 1))
        else:
            out.extend(int(b) for b in bounds)
    return out


def quoted_brackets(text: str, sources: list[Source]) -> str:
    """``text`` with bracket groups that reproduce abstract text escaped (``\\[3\\]``).

    A bracket group preceded by at least ``QUOTE_CONTEXT`` characters that occur, with
    the group, verbatim in a listed abstract ("... normalised to [0, 1]", "prior work
    [3]") is part of a quote, not a citation; it is escaped so that
    :func:`resolve_citations` leaves it as text.
    """
    abstracts = [" ".join(s.abstract.split()) for s in sources if "[" in s.abstract]
    if not abstracts:
        return text

    def escape(match: re.Match[str]) -> str:
        before = " ".join(text[max(0, match.start() - 4 * QUOTE_CONTEXT) : match.start()].split())
        quoted = before[-QUOTE_CONTEXT:] + (" " if text[match.start() - 1 : match.start()].isspace() else "")
        if len(before) >= QUOTE_CONTEXT and any(quoted + match.group(0) in a for a in abstracts):
            return escape_brackets(match.group(0))
        return match.group(0)

    return re.sub(r"(?<!\\)\[[^\[\]\n]{1,40}\]", escape, text)


def resolve_citations(text: str, sources: list[Source]) -> tuple[str, list[Citation], list[int]]:
    """Keep the ``[n]`` that name a listed source; drop the others.

    Bracket groups quoted verbatim from an abstract are escaped first and stay text
    (:func:`quoted_brackets`); escaped ``\\[n\\]`` are never citations.
    Returns ``(text, citations, dropped)``: the text with every bracket rewritten as
    ``[a][b]`` over valid numbers only, the cited sources in first-cited order, and
    the invalid numbers that were removed.
    """
    text = quoted_brackets(text, sources)
    by_n = {s.n: s for s in sources}
    cited: dict[int, Citation] = {}
    dropped: list[int] = []

    def rewrite(match: re.Match[str]) -> str:
        kept = []
        for n in _numbers(match.group(1)):
            if n in by_n:
                kept.append(n)
                cited.setdefault(n, Citation(n=n, paper_id=by_n[n].paper_id, title=by_n[n].title))
            elif n not in dropped:
                dropped.append(n)
        return "".join(f"[{n}]" for n in dict.fromkeys(kept))

    clean = _CITE.sub(rewrite, text)
    return clean, list(cited.values()), dropped


# A citation group right after a sentence end ("... shortcomings. [1]") belongs to
# that sentence: it is moved before the period so the sentence splitter keeps them together.
_TRAILING_CITES = re.compile(r"([.!?])((?:\s*(?<!\\)\[\d+\])+)")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s?%|x\b|×)?")
# Names of models/benchmarks/datasets: a word with two or more capitals, or a
# capital and a digit (MMVP, GPT-4V, MVBench, LLaVA, Kinetics-400).
_NAME = re.compile(r"\b(?=[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z0-9])[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b")
_HEADING = re.compile(r"^\*\*[^*]+\*\*(?:\s*\[\d+\])*$")
_ITALIC = re.compile(r"(?<!\*)\*[^*\n]+\*(?!\*)")
# ... and a title in curly quotes (a gap: "The abstract of “Eyes Wide Shut? Exploring ...” [1] does not state ...").
_QUOTED = re.compile(r"“[^“”\n]+(?<![.!?])”")  # a title, not a quoted sentence (which ends in a stop)
_ITALIC_OPENS = re.compile(r"(?<=[.!?])\s+(?=\*[^*\s])")
_PROTECT = str.maketrans({".": "\ue000", "?": "\ue001", "!": "\ue002"})
_RESTORE = str.maketrans({"\ue000": ".", "\ue001": "?", "\ue002": "!"})
MIN_CLAIM_TERMS = 3  # fewer content terms: a connective, not a claim
SUPPORT_THRESHOLD = 0.5  # IDF-weighted share of a claim's terms its evidence must hold


def answer_sentences(text: str) -> list[str]:
    """Split answer text into sentences, each keeping its trailing ``[n]`` markers.

    A line that is wholly bold (``**...**``) is a heading and stays one piece.
    """
    out: list[str] = []
    for line in text.splitlines():
        line = _LIST_MARK.sub("", line.strip())
        if not line:
            continue
        if _HEADING.match(line):
            out.append(line)
            continue
        line = _TRAILING_CITES.sub(lambda m: m.group(2) + m.group(1), line)
        # A title in *italics* may hold "?" or "." ("Eyes Wide Shut? Exploring ..."): not a sentence end.
        line = _ITALIC.sub(lambda m: m.group(0).translate(_PROTECT), line)
        line = _QUOTED.sub(lambda m: m.group(0).translate(_PROTECT), line)
        # A sentence may open with an italic title ("… [4]. *Alternating Gradient Descent …* presents …"),
        # which split_sentences (made for abstracts) does not take for a sentence start.
        pieces = [p for s in split_sentences(line) for p in _ITALIC_OPENS.split(s)]
        out.extend(s.translate(_RESTORE) for s in pieces)
    return out


def check_sentence(
    sentence: str,
    by_n: dict[int, Source],
    idf: dict[str, float],
    non_claims: tuple[str, ...] = (),
) -> SentenceCheck:
    """Evidence, support and flags for one answer sentence (citations already resolved).

    Support is lexical: the IDF-weighted share of the sentence's stemmed content
    terms found in the best sentence of a cited abstract (plus that paper's title).
    Lexical rather than embedding similarity because it is exact about what a
    reader can check (a term is in the source or it is not), costs no model call,
    and MiniLM scores a sentence and its negation as near-identical.
    """
    cited = [int(n) for n in re.findall(r"(?<!\\)\[(\d+)\]", sentence) if int(n) in by_n]
    bare = _CITE.sub("", sentence).strip()
    terms = stemmed_terms(bare)
    claim = (
        len(terms) >= MIN_CLAIM_TERMS
        and not _HEADING.match(sentence)
        and not any(bare.startswith(p) for p in non_claims)
    )
    check = SentenceCheck(text=sentence, citations=list(dict.fromkeys(cited)), claim=claim)
    ours = _HEADING.match(sentence) or any(bare.startswith(p) for p in non_claims)
    if not ours:  # every number and name must occur in a cited abstract, claim or not
        haystack = " ".join(f"{by_n[n].title} {by_n[n].abstract}" for n in check.citations)
        for number in _NUMBER.findall(bare):
            digits = number.replace(" ", "").rstrip("%x×")
            if digits and digits not in haystack:
                check.flags.append(f"unsourced_number:{number.strip()}")
        for name in _NAME.findall(bare):
            if name not in haystack:
                check.flags.append(f"unsourced_name:{name}")
        check.claim = check.claim or bool(check.flags)
    if not check.claim:
        return check
    if not cited:
        check.flags.insert(0, "uncited")
        return check
    best: Evidence | None = None
    for n in check.citations:
        title_terms = stemmed_terms(by_n[n].title)
        for candidate in split_sentences(by_n[n].abstract) or [by_n[n].abstract]:
            support = weighted_share(terms, stemmed_terms(candidate) | title_terms, idf)
            if best is None or support > best.support:
                best = Evidence(n=n, sentence=candidate, support=round(support, 3))
    check.evidence = best
    if best is None or best.support < SUPPORT_THRESHOLD:
        check.flags.insert(0, "unsupported")
    return check


def verify_answer(
    text: str, sources: list[Source], idf: dict[str, float], non_claims: tuple[str, ...] = ()
) -> list[SentenceCheck]:
    """Check every sentence of ``text`` against ``sources`` (see :func:`check_sentence`).

    ``text`` must already have passed :func:`resolve_citations`.
    """
    by_n = {s.n: s for s in sources}
    return [check_sentence(s, by_n, idf, non_claims) for s in answer_sentences(text)]


def flagged_share(checks: list[SentenceCheck]) -> float:
    """Share of claim sentences with at least one flag (0 when there are no claims)."""
    claims = [c for c in checks if c.claim]
    return sum(bool(c.flags) for c in claims) / len(claims) if claims else 0.0
