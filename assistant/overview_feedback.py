"""The topic in the papers' own words: pseudo-relevance feedback for related-work selection.

A request describes its topic in its own words ("routes image and text tokens to separate groups
of experts inside a sparse multimodal language model"); papers on it say it in theirs ("mixture of
experts", "modality-specific"). The term floor of :mod:`assistant.overview_select` counts only the
request's words, so a paper about the topic in other words falls below it, and the request's rarest
words (IDF² over the pool: "inside", "cut") weigh most in it.

Pseudo-relevance feedback (Rocchio, 1971; relevance models, Lavrenko and Croft, SIGIR 2001): the papers that pass
the floors most clearly (the first :data:`FEEDBACK_PAPERS` on-topic papers by score) show the
field's wording. A word every one of them holds and at most :data:`FEEDBACK_MAX_DF` of the pool
holds is that wording (the words most of the pool shares say "multimodal", not the topic). A paper's
floor share is then the better of the request's words and these (IDF²-weighted as the floor is),
so the same ``min_share`` applies to both readings; the z-score cut is unchanged.

Measured on the dev split only (``python -m eval modes --split dev``, dev-overviews related work).
Not done: letting a paper in on meaning alone (its best abstract sentence's MiniLM cosine to the topic,
z >= 2 in the pool, with 0.15 of the request's terms) added 3 more gold papers and 2 off-topic ones
on dev (0.807 / 0.797 -> 0.825 / 0.791), but it embeds every abstract sentence of the pool, 11 s on a
request's first run; cosine z alone let in about one off-topic paper per gold one.
Also not done (rw15, measured on dev, checked once on 32 unseen topics): Rocchio (1971) in embedding space,
q' = a·q + b·mean(the clearest papers' vectors), as a vote admitting papers near q' let in more off-topic
papers than gold ones at every setting (best: 1 gold for 1 off-topic; 7 gold for 27), and as a sixth score
signal it moved dev-overviews related-work coverage at most +0.005. RM3 (Lavrenko and Croft, 2001;
Abdul-Jaleel et al., 2004: the 10 most probable words of the clearest papers, P(D|Q) the softmax of their
scores, half the query weight) as one more floor share raised dev-overviews related work 0.776 / 0.838 ->
0.792 / 0.837 (3 gold papers, 1 off-topic), but changed no selection on 32 unseen topics (dev17 related
work 0.805 / 0.740 with and without it), so it was left out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

from assistant.overview_select import IDF_POWER, Scored
from assistant.text import stemmed_terms, weighted_share

# How many of the clearest on-topic papers show the field's wording, and the largest share of the
# pool a word of it may be held by. Chosen on dev (dev-overviews related work, coverage / precision,
# before 0.777 / 0.801): 5 and 0.2 gave 0.807 / 0.797; 3 papers 0.815 / 0.790; 0.3 of the pool
# 0.811 / 0.788; 0.1 of the pool no change.
FEEDBACK_PAPERS = 5
FEEDBACK_MAX_DF = 0.2


def feedback_terms(
    scored: list[Scored], passes: Callable[[Scored], bool], docs: list[set[str]] | None = None
) -> dict[str, float]:
    """``{stemmed word: IDF² over the pool}`` for the words every one of the first
    :data:`FEEDBACK_PAPERS` papers of ``scored`` (best first) that ``passes`` holds, and at most
    :data:`FEEDBACK_MAX_DF` of the pool holds; ``{}`` when fewer than two papers pass.
    ``docs``: each paper's stemmed title + abstract words, in ``scored``'s order (else computed)."""
    docs = docs if docs is not None else [_terms(r) for r in scored]
    seed = [d for r, d in zip(scored, docs, strict=True) if passes(r)][:FEEDBACK_PAPERS]
    if len(seed) < 2:
        return {}
    n = len(docs)
    df = Counter(t for d in docs for t in d)
    shared = set.intersection(*seed)
    return {
        t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) ** IDF_POWER
        for t in shared
        if df[t] <= FEEDBACK_MAX_DF * n
    }


def widen_by_feedback(scored: list[Scored], passes: Callable[[Scored], bool]) -> list[Scored]:
    """``scored`` with each paper's floor share (``Scored.share``) the better of the request's words
    and the :func:`feedback_terms` it holds; the order and the z-scores are unchanged."""
    docs = [_terms(r) for r in scored]
    terms = feedback_terms(scored, passes, docs)
    if terms:
        for r, doc in zip(scored, docs, strict=True):
            r.share = max(r.share, weighted_share(set(terms), doc, terms))
    return scored


def _terms(r: Scored) -> set[str]:
    return stemmed_terms(f"{r.source.title} {r.source.abstract}")
