"""Answer relevance: whether the quoted sentences answer the question (0..1), behind the
"Low answer relevance" notice.

Per question part (or the whole question), the best quoted sentence's score, averaged over
parts. A sentence's score is its cosine to the part (as in the answer score of
:mod:`assistant.evidence`) mixed with the IDF-weighted share of the part's asked terms it holds,
with two differences from the score that chooses what to quote:

- **Everyday words carry no lexical weight** (:func:`assistant.word_rarity.english_rarity`):
  "What dataset does WavCaps build and how were its captions produced?" asks "build", "were",
  "produced", which no abstract needs to use; "hear" and "see" of "can both hear audio and see
  video". The lexical share's weight in the mix shrinks with the everyday share of the asked
  terms (all everyday: the cosine alone).
- **A sentence the gap check says states what a part asks answers it** (its lexical share is
  1): "What speedup does it report?" is answered by Mixture-of-Mamba's "... matches speech
  loss at 24.80% of the FLOPs", which holds neither "speedup" nor "report".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from assistant.answer_type import expected_type
from assistant.question_terms import ASKING_VERB_TERMS, asked_terms, asks_for_several, kind_pattern
from assistant.text import CONTRIBUTION, stemmed_terms, weighted_share
from assistant.word_rarity import english_rarity

if TYPE_CHECKING:
    from assistant.evidence import Evidence, PaperEvidence

# The lexical share's weight when no asked term is everyday (evidence.SEMANTIC_WEIGHT's complement).
LEXICAL_WEIGHT = 0.5
# Verbs of making a thing ("What dataset does WavCaps build / create / release?").
_MAKING_TERMS = stemmed_terms("build builds built create created construct constructed develop developed design designed "
                              "curate curated collect collected release released")  # fmt: skip


def term_rarity(text: str) -> dict[str, float]:
    """Each stemmed term of ``text``: the English rarity of its rarest word (0..1)."""
    out: dict[str, float] = {}
    for word in text.replace("-", " - ").split():
        for term in stemmed_terms(word):
            out[term] = max(out.get(term, 0.0), english_rarity(word.strip(".,;:?!()\"'")))
    return out


def relevance_rows(paper: PaperEvidence, texts: list[str], idf: dict[str, float], keep_title: bool) -> np.ndarray:
    """[texts, sentences] relevance scores of ``paper``'s sentences for each text (question, parts)."""
    semantic = paper.semantic if paper.semantic is not None else paper.scores
    sentence_terms = [stemmed_terms(s) for s in paper.sentences]
    rows = []
    for r, text in enumerate(texts):
        asked = asked_terms(text, paper.source, keep_title)
        rarity = term_rarity(text)
        weights = {t: idf.get(t, 1.0) * rarity.get(t, 1.0) for t in asked}
        total = sum(idf.get(t, 1.0) for t in asked)
        mix = LEXICAL_WEIGHT * (sum(weights.values()) / total if total else 0.0)
        lexical = np.array([weighted_share(asked, st, weights) if mix else 0.0 for st in sentence_terms])
        if asked and asked <= _MAKING_TERMS | ASKING_VERB_TERMS and (asked & _MAKING_TERMS or expected_type(text) == "proposal"):
            # "What does the Wings paper propose?", "What dataset does WavCaps build?": all that is asked
            # is what the paper made, which a sentence stating its contribution holds in any verb.
            made = np.array([1.0 if CONTRIBUTION.search(s) else 0.0 for s in paper.sentences])
            lexical, mix = np.maximum(lexical, made), LEXICAL_WEIGHT
        rows.append((1 - mix) * semantic[r] + mix * lexical)
    return np.stack(rows) if rows else np.zeros((0, len(paper.sentences)))


# A question (or part) asking which paper it is, the kind's noun its subject: "Which paper studies OCR
# ability of large multimodal models?", "Is there a benchmark that tests whether ...?"; not "What
# accuracy does the model reach?", nor a question about something of a paper ("Which model does best
# on MMNeedle?", "What dataset does WavCaps build?": the answer is in the abstract, not the title).
_AUXILIARIES = "does|do|did|is|are|was|were|has|have|had|can|could|will|would"
_AUXILIARY = rf"(?:{_AUXILIARIES})\b"
_DETERMINER_OR_AUXILIARY = rf"(?:the|this|that|these|those|its|their|{_AUXILIARIES})\b"
_ASKS_FOR_A_PAPER = re.compile(
    rf"^\W*(?:(?:so|and|also|ok|okay)\W+)?(?:which|what|any|is there|are there|do you know(?: of)?|do you have)\s+"
    rf"(?:(?:a|an|any|some)\s+)?(?:(?!{_DETERMINER_OR_AUXILIARY})[\w-]+[- ]){{0,2}}?{kind_pattern()}\b(?!\s+{_AUXILIARY})",
    re.IGNORECASE,
)


def asks_for_a_paper(text: str) -> bool:
    """Whether ``text`` asks which paper (benchmark, dataset, method ...) it is: the paper found is
    then itself the answer, and its title answers as much as a quoted sentence."""
    return bool(_ASKS_FOR_A_PAPER.match(text))


def title_scores(paper: PaperEvidence) -> np.ndarray:
    """[texts] the relevance of ``paper``'s title to each text, scored as a sentence holding none of
    the asked terms (those leave the title's words out): the cosine half alone, with no everyday-word
    discount: the right papers of new-user trial 17's two questions score 0.33 and 0.40 (cosines 0.66,
    0.80), the wrong paper dev paraphrase-sem-10 finds 0.18 (cosine 0.36; with the discount 0.28, past
    ``LOW_RELEVANCE``, and its notice was lost). Zeros when the title was not embedded."""
    if paper.title_semantic is None:
        return np.zeros(len(paper.scores))
    return (1 - LEXICAL_WEIGHT) * paper.title_semantic


def answer_relevance(
    evidence: Evidence,
    idf: dict[str, float] | None = None,
    stated: dict[int, set[int]] | None = None,
    missing: set[int] = frozenset(),
) -> float:
    """How well the quoted sentences answer the question (0..1): for each part (or the whole
    question), the best relevance score among the quoted sentences, averaged over parts.
    ``stated`` maps a row (0 the whole question, then each part) to the first paper's sentences
    the gap check found stating what that row asks; a row in ``missing`` asks something the gap
    check found unstated, and keeps its answer score (no everyday-word discount lifts it).
    Without ``idf`` the answer scores are used."""
    papers = [p for p in evidence.papers if p.chosen]
    if not papers:
        return 0.0
    texts = [evidence.question, *evidence.parts] if len(evidence.parts) > 1 else [evidence.question]
    per_row = np.full(len(texts), -1.0)
    # A row asking which paper it is: the title of a quoted paper answers it too ("Which paper studies
    # OCR ...?": "On the Hidden Mystery of OCR in Large Multimodal Models", whose sentences scored 0.22
    # and drew the notice on a right answer; new-user trial 17).
    titled = [r for r, text in enumerate(texts) if r not in missing and asks_for_a_paper(text)]
    for paper in papers:
        for r in titled:
            per_row[r] = max(per_row[r], float(title_scores(paper)[r]))
        scores = (
            relevance_rows(paper, texts, idf, keep_title=asks_for_several(evidence.question) and not evidence.focused)
            if idf is not None
            else paper.scores[: len(texts)]
        )
        semantic = paper.semantic if paper.semantic is not None else paper.scores
        for r in range(len(texts)):
            for i in paper.chosen:
                value = float(min(scores[r][i], paper.scores[r][i]) if r in missing else scores[r][i])
                if paper is evidence.papers[0] and stated and i in stated.get(r, ()):
                    value = max(value, (1 - LEXICAL_WEIGHT) * float(semantic[r][i]) + LEXICAL_WEIGHT)
                per_row[r] = max(per_row[r], value)
    return round(float(np.mean(per_row[1:] if len(texts) > 1 else per_row)), 3)


__all__ = ["LEXICAL_WEIGHT", "answer_relevance", "asks_for_a_paper", "relevance_rows", "term_rarity", "title_scores"]
