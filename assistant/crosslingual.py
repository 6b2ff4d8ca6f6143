"""Verify an answer written in another language than the (English) abstracts.

:mod:`assistant.verify` checks support lexically: a French sentence shares almost no
stemmed terms with the English abstract it paraphrases, so a correct French answer
was flagged 100% unsupported and replaced. For an answer that
:func:`assistant.language.detect_language` finds not to be English, each claim that
failed the lexical check is compared by meaning with the sentences of the abstracts
it cites, with the embedding model (all-MiniLM-L6-v2 unless configured otherwise):

- cosine >= :data:`CROSS_SUPPORTED`: supported (its best sentence becomes the evidence);
- otherwise it is marked ``not_verified_language``: the model is too weak across
  languages to call it wrong, so the sentence is shown marked, not replaced.

Citations, numbers and names are still checked exactly (by :mod:`assistant.verify`):
they are written the same in every language, and they are what a reader checks first.

MiniLM was trained on English only; what it can do across languages is measured by
``python -m eval.crosslingual`` on hand-made FR/DE/ES paraphrases of abstract
sentences (eval/crosslingual/claims.jsonl), and the threshold was chosen on French
alone. See that module's docstring for the figures.
"""

from __future__ import annotations

import re

import numpy as np

from assistant.embed import Embedder
from assistant.language import detect_language, language_name
from assistant.text import split_sentences
from assistant.types import Evidence, SentenceCheck, Source

NOT_VERIFIED = "not_verified_language"
# Chosen on the French claims of eval/crosslingual/claims.jsonl: just above the highest
# cosine of a French claim citing the wrong paper (0.524). It accepts 8% of the correct
# French claims, German 8%, Spanish 33%, and 0% of wrong-paper claims in each; English
# paraphrases 92% (python -m eval.crosslingual, 2026-11-30). MiniLM is weak across languages: most correct
# non-English sentences end up "not verified (language)", which is the honest label.
CROSS_SUPPORTED = 0.53
_CITE = re.compile(r"\[\d+\]")


def best_sentences(claims: list[str], abstracts: list[list[str]], embedder: Embedder) -> list[tuple[int, float]]:
    """For each claim, the index of the most similar sentence among its candidates and the cosine.

    ``abstracts[i]`` are claim ``i``'s candidate sentences; ``(-1, 0.0)`` when it has none.
    One embedding call for everything.
    """
    texts = list(claims) + [s for group in abstracts for s in group]
    if not texts:
        return []
    vectors = embedder.embed(texts)
    out, offset = [], len(claims)
    for i, group in enumerate(abstracts):
        if not group:
            out.append((-1, 0.0))
            continue
        cosines = vectors[offset : offset + len(group)] @ vectors[i]
        best = int(np.argmax(cosines))
        out.append((best, float(cosines[best])))
        offset += len(group)
    return out


def recheck(checks: list[SentenceCheck], sources: list[Source], embedder: Embedder) -> list[SentenceCheck]:
    """``checks`` of a non-English answer, with 'unsupported' claims re-judged across languages.

    Other flags (uncited, invalid citation, unsourced number or name) are kept as they are.
    """
    by_n = {s.n: s for s in sources}
    todo = [c for c in checks if c.claim and "unsupported" in c.flags and c.citations]
    candidates = [
        [(n, s) for n in c.citations if n in by_n for s in split_sentences(by_n[n].abstract)] for c in todo
    ]
    scores = best_sentences(
        [_CITE.sub("", c.text).strip() for c in todo], [[s for _, s in group] for group in candidates], embedder
    )
    rechecked = {}
    for check, group, (best, cosine) in zip(todo, candidates, scores, strict=True):
        flags = [f for f in check.flags if f != "unsupported"]
        if best >= 0 and cosine >= CROSS_SUPPORTED:
            evidence = Evidence(n=group[best][0], sentence=group[best][1], support=round(cosine, 3))
            rechecked[id(check)] = check.model_copy(update={"flags": flags, "evidence": evidence})
        else:
            rechecked[id(check)] = check.model_copy(update={"flags": [NOT_VERIFIED, *flags]})
    return [rechecked.get(id(c), c) for c in checks]


def check_language(
    text: str, checks: list[SentenceCheck], sources: list[Source], embedder: Embedder
) -> tuple[list[SentenceCheck], str, list[str]]:
    """``(checks, verification, notices)`` for a verified answer, by the language it is in.

    ``verification`` is ``''`` with no sentences to check, ``'lexical'`` for English,
    ``'cross-lingual'`` when :func:`recheck` could confirm every claim of another
    language, else ``'not verified (language)'``, with a notice saying what that means.
    """
    if not checks:
        return checks, "", []
    language = detect_language(text)
    if language == "en":
        return checks, "lexical", []
    checks = recheck(checks, sources, embedder)
    unverified = sum(NOT_VERIFIED in c.flags for c in checks)
    if not unverified:
        return checks, "cross-lingual", []
    notice = (
        f"This answer is in {language_name(language)} and the abstracts are in English: "
        f"{unverified} of {sum(c.claim for c in checks)} sentence(s) could not be checked across languages "
        "(the embedding model is weak outside English), so they are marked not verified (language). "
        "Their citations, numbers and names were checked exactly."
    )
    return checks, "not verified (language)", [notice]
