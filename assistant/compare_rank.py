"""Which of a column's fitting sentences a comparison cell quotes first.

- :func:`rank`: results — a measured number ("77.0% on Kinetics-400") before a comparison,
  before what experiments show, before another finding; a finding that only praises the paper's
  own contribution ("demonstrate the effectiveness of our benchmark") last. Data — a quantity of
  data before a dataset's name. Size — a size in units of data ("2.1K image-text pairs") before
  another count ("six categories"). Counts — the paper's own ("the MoMa 1.4B model, featuring 4 text
  experts") before a baseline's ("This outperforms the standard expert-choice MoE with 8 ... experts").
- :func:`own_work`: for a column named by the paper's words ("models evaluated"), the sentence in
  which the paper itself does it ("We further evaluate 23 MLLMs") before one that only shares words.
- :func:`by_words`: the sentences holding a named aspect's words, with their share.
"""

from __future__ import annotations

import re

from assistant.compare_checks import DATA, MEASURED, NUMBER_RESULT, OUTCOME, QUANTITY
from assistant.compare_fits import fit_rank
from assistant.text import stemmed_terms, weighted_share

# A size in units of data, or a number in thousands ("24K", "28,000", "2M").
_DATA_SIZE = re.compile(
    r"\d[\d,.]*\s*[KkMB]\b|\d{1,3}(?:,\d{3})+|\b\d+ (?:[\w-]+ ){0,3}?(?:samples|questions|queries|images|videos|"
    r"clips|pairs|instances|examples|hours|tokens|documents|utterances)\b",
    re.IGNORECASE,
)
# A finding that only says the paper's own contribution works, with nothing measured.
_SELF_PRAISE = re.compile(
    r"\b(?:effectiveness|efficacy|superiority|potential|usefulness) of (?:our|the proposed|this)\b",
    re.IGNORECASE,
)
# An acronym of a kind of model: "MLLMs", "LLM", "LVLMs", "LMMs", "VLM" name models.
MODEL_ACRONYM = re.compile(r"\b[A-Z]*(?:LM|LLM|LMM|VLM)s?\b")


def rank(key: str, sentence: str, name: str = "") -> int:
    """Within a column's fitting sentences, lower first. Results: a measured number ("77.0%"),
    then a comparison, then what experiments show, then another finding. Data: a quantity of
    data ("24K multiple-choice questions") before a sentence that only names a dataset.
    Efficiency: a measured number ("3.7x", "15% of ... computational cost") first, and within
    each, the paper's own work (its ``name``, "we", "our") before a baseline's ("This
    outperforms the standard ... MoE, which achieves 3x ...")."""
    if key in ("abilities", "source", "training data", "models evaluated"):  # "27 dimensions" before "abilities"; "sourced ... from" first
        return fit_rank(key, sentence)
    if key == "count":  # the paper's own count before a baseline's ("the standard ... MoE with 8 ... experts")
        return 0 if own_work(sentence, name, "") else 1
    if key == "efficiency":
        return (0 if NUMBER_RESULT.search(sentence) else 2) + (0 if own_work(sentence, name, "") else 1)
    if key == "reported result":
        if NUMBER_RESULT.search(sentence):
            return 0
        if MEASURED.search(sentence):
            return 1
        if _SELF_PRAISE.search(sentence):  # "demonstrate the effectiveness of our benchmark"
            return 4
        return 2 if re.search(r"\b(?:results?|experiments?|evaluations?)\b", sentence, re.IGNORECASE) else 3
    if key == "data or benchmark":
        return 0 if QUANTITY.search(sentence) else 1 if DATA.search(sentence) else 2
    if key == "size":  # "2.1K image-text pairs" before "six categories of capabilities"
        return 0 if _DATA_SIZE.search(sentence) else 1
    return 0


def own_work(sentence: str, name: str, aspect: str) -> int:
    """2 when the paper does what a participle aspect names ("models evaluated": "We further
    evaluate 23 MLLMs"), 1 for another sentence about its own work ("we"/"our"/its name), else 0."""
    stem = participle_stem(aspect)
    if stem and re.search(rf"\b[Ww]e (?:\w+ly |further |also |then )?{re.escape(stem)}", sentence):
        return 2
    return int(bool(re.search(r"\b(?:[Ww]e|[Oo]ur)\b", sentence)) or (bool(name) and name in sentence))


def participle_stem(aspect: str) -> str:
    """The stem of the participle an aspect ends with ("models evaluated" → "evaluat"), else ``""``."""
    last = aspect.split()[-1].lower() if aspect.split() else ""
    return last[:-2].rstrip("e") if last.endswith("ed") and len(last) > 4 else ""


# What the cue is about is named in an earlier sentence: "The former is superior at multi-modal tasks
# ...; the latter ..." (two kinds of prior model; new-user trial 10).
_BEARER_BEFORE = re.compile(r"^(?:[\w-]+,\s+)?(?:the|both|either|neither) (?:former|latter|above|aforementioned)\b", re.I)


def wrong_kind(key: str, sentence: str, cue: re.Match[str], name: str) -> bool:
    """True when ``sentence`` passes column ``key``'s check at ``cue`` but is not of the kind the
    column asks (``name``: the paper's short name; new-user trial 10, a medical compare): a size that is where a result was reached ("achieves
    state-of-the-art results on six ... tasks" is no dataset size), a quote whose subject is named
    in an earlier sentence ("The former ..."), a task stated as the field's general practice with no
    word of this paper ("Predicting multiple real-world tasks ... often requires ...")."""
    if _BEARER_BEFORE.match(sentence.strip()):
        return True
    if key == "size" and (outcome := OUTCOME.search(sentence)) and outcome.start() < cue.start():
        return True
    if key == "task":  # the field's usual practice, with no word of this paper
        own = own_work(sentence, name, "") or _THIS_WORK.search(sentence)
        return not own and bool(_USUALLY.search(sentence))
    return False


_THIS_WORK = re.compile(r"\b(?:this|the present|our) (?:paper|work|study|article)\b", re.I)
_USUALLY = re.compile(r"\b(?:often|usually|typically|commonly|generally|traditionally|conventionally|tends? to)\b", re.I)


# A recommendation or outlook: what the paper asks of future work, not what it did.
_OUTLOOK = re.compile(
    r"^(?:We|This work|Our \w+) (?:\w+ly )?(?:advocate|call|urge|encourage|recommend|hope|envision)\b|"
    r"\bfuture (?:research|work|studies) (?:should|must|could|may)\b",
)
# Share of a named aspect's terms (IDF-weighted) a sentence must hold to be quoted.
MIN_ASPECT_SHARE = 0.3


def by_words(
    sentences: list[str],
    terms: set[str],
    alternatives: list[set[str]],
    idf: dict[str, float],
    floor: float = MIN_ASPECT_SHARE,
    purpose: str = "",
) -> list[tuple[float, str]]:
    """``(share, sentence)``, in order, for the sentences holding at least ``floor`` of ``terms``
    (IDF-weighted; one of the listed ``alternatives`` adds 0.5). With ``purpose`` (a participle's stem,
    "evaluat"), a purpose clause of that verb ("to evaluate and enhance the ... reasoning of LMMs", up to
    its comma) is not read: it says what a contribution is for, not what was done."""
    scored = []
    for sentence in sentences:
        if _OUTLOOK.search(sentence) and not terms & {"futur", "future", "recommend", "outlook"}:
            continue  # work the paper asks of others: "We advocate for future research to ..." (OmniBench; trial 17)
        read = re.sub(rf"\bto (?:\w+ly )?{re.escape(purpose)}\w*[^,;.]*", "", sentence, flags=re.I) if purpose else sentence
        found_terms = stemmed_terms(read)
        if MODEL_ACRONYM.search(read):  # "23 open-source MLLMs" are models
            found_terms = found_terms | {"model"}
        value = weighted_share(terms, found_terms, idf)
        if value and any(a and a <= found_terms for a in alternatives):
            value = min(1.0, value + 0.5)
        if value >= floor:
            scored.append((value, sentence))
    return scored
