"""How rare a word is in general English, from the embedding tokenizer's own vocabulary.

The collection's IDF says how rare a word is *in these abstracts*, which is technical prose:
everyday words ("things", "hear", "see", "happening", "were") are rare there, so a question's
everyday wording weighed as much as its topic. The WordPiece vocabulary shipped in
``assistant/embedding_tokenizer/vocab.txt`` (all-MiniLM-L6-v2's, BERT's uncased vocabulary)
lists whole words roughly by frequency in English Wikipedia and books ("the", "of", "and" first),
so a word's rank there is a rough general-English frequency signal, with no extra package or
download. A word that is not a whole word of it ("retinopathy", "lidar", "multimodal") is rare.
"""

from __future__ import annotations

import math
from functools import lru_cache

from assistant.embed import TOKENIZER_DIR

VOCAB = TOKENIZER_DIR / "vocab.txt"  # the embedder's own tokenizer folder, not a second path to it
# The commonest words (by rank among the vocabulary's whole words, as written) are everyday:
# rarity 0 up to COMMON_RANK ("see" 145, "things" 421, "getting" 773, "hear" 836), 1 from
# RARE_RANK on ("traffic" 1,750, "stock" 2,180, "happening" 3,653), log-linear between. Dev
# only: a ramp up to 2,000 or a word's commonest inflection ("operators" as "operation",
# "probability" as "probably") let off-topic questions through ("traffic forecasting", "neural
# operators"); below 1,000 the everyday words of the new-user questions still decided.
COMMON_RANK = 1000
RARE_RANK = 1500


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    """Rank (1 = commonest) of each whole alphabetic word of the vocabulary."""
    words = VOCAB.read_text(encoding="utf-8").split("\n")
    ranks: dict[str, int] = {}
    for word in words[words.index("the") :]:  # before it: special tokens, characters, [unused]
        if word.isalpha() and word.isascii():
            ranks.setdefault(word, len(ranks) + 1)
    return ranks


def english_rarity(word: str) -> float:
    """0 for an everyday English word ("things", "see"), rising with the log of its frequency
    rank to 1 for a rare one or one the vocabulary does not hold whole ("retinopathy")."""
    rank = _ranks().get(word.lower())
    if rank is None:
        return 1.0
    return min(1.0, max(0.0, math.log(rank / COMMON_RANK) / math.log(RARE_RANK / COMMON_RANK)))


__all__ = ["COMMON_RANK", "RARE_RANK", "english_rarity"]
