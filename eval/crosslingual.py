"""``python -m eval.crosslingual``: what the embedding model can verify across languages.

Data: eval/crosslingual/claims.jsonl, 12 claims about 3 papers of the bundled corpus,
each written in English and paraphrased by hand in French, German and Spanish.
For each claim it takes the cosine to the best sentence of

- its own paper's abstract (the claim is supported: should pass), and
- another paper's abstract (the claim cites the wrong paper: should not pass),

with the same function the answer path uses (:func:`assistant.crosslingual.best_sentences`),
and reports per language the accept rate of each at :data:`CROSS_SUPPORTED`, and the
lexical support that :mod:`assistant.verify` gives the same sentences. The threshold
was chosen on French only; German and Spanish show whether it transfers.
Also measures :func:`assistant.language.detect_language` on the claims.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import assistant  # noqa: F401  (offline set-up)
from assistant.crosslingual import CROSS_SUPPORTED, best_sentences
from assistant.embed import MiniLMOnnxEmbedder
from assistant.language import detect_language
from assistant.settings import BUNDLED_CORPUS
from assistant.text import split_sentences, stemmed_terms, weighted_share
from ingest.readers import read_papers

CLAIMS = Path(__file__).parent / "crosslingual" / "claims.jsonl"


def main() -> int:
    rows = [json.loads(line) for line in CLAIMS.read_text(encoding="utf-8").splitlines() if line.strip()]
    titles = list(dict.fromkeys(r["paper"] for r in rows))
    abstracts = {p.title: p.abstract for p in read_papers(BUNDLED_CORPUS) if getattr(p, "title", None) in titles}
    other = {t: titles[(i + 1) % len(titles)] for i, t in enumerate(titles)}  # the wrong paper to cite
    embedder = MiniLMOnnxEmbedder()
    claims = [r["claim"] for r in rows]
    own = best_sentences(claims, [split_sentences(abstracts[r["paper"]]) for r in rows], embedder)
    wrong = best_sentences(claims, [split_sentences(abstracts[other[r["paper"]]]) for r in rows], embedder)
    print(f"threshold {CROSS_SUPPORTED} (chosen on fr); cosine to the best sentence of the cited abstract")
    print(f"{'lang':<5}{'n':>3}{'own mean':>10}{'own min':>9}{'wrong max':>10}{'accept own':>12}"
          f"{'accept wrong':>14}{'lexical own':>13}{'detected':>10}")  # fmt: skip
    for lang in ("en", "fr", "de", "es"):
        idx = [i for i, r in enumerate(rows) if r["lang"] == lang]
        o = [own[i][1] for i in idx]
        w = [wrong[i][1] for i in idx]
        lexical = [
            max(weighted_share(stemmed_terms(rows[i]["claim"]), stemmed_terms(s), {}) for s in split_sentences(abstracts[rows[i]["paper"]]))
            for i in idx
        ]
        detected = sum(detect_language(rows[i]["claim"]) == lang for i in idx)
        print(
            f"{lang:<5}{len(idx):>3}{sum(o) / len(o):>10.2f}{min(o):>9.2f}{max(w):>10.2f}"
            f"{sum(x >= CROSS_SUPPORTED for x in o) / len(o):>12.0%}{sum(x >= CROSS_SUPPORTED for x in w) / len(w):>14.0%}"
            f"{sum(x >= 0.5 for x in lexical) / len(lexical):>13.0%}{detected:>7}/{len(idx)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
