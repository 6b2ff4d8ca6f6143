"""Sentences that cannot stand alone: they point back at one before them.

A quote from an abstract is read without its neighbours. "This limitation stems from ...",
"They usually overlook ...", "3) we propose ..." or "... to identify such bias" each need the
sentence before. Answers check how a sentence opens (:func:`opens_pointing_back`); overviews,
which set a paper's sentence under its name, also a reference inside it (:func:`needs_antecedent`).
"""

from __future__ import annotations

import re

_LEAD_IN = re.compile(
    r"^(?:In this (?:paper|work|study)|Here|To (?:address|tackle|bridge|fill|this end)[^,]*|"
    r"Specifically|Therefore|Thus|Consequently|As a result|Motivated by[^,]*|Inspired by[^,]*|"
    r"Furthermore|Moreover|Additionally|In addition|Finally|However|Firstly|Secondly|Thirdly|Lastly|"
    r"First|Second|Third|(?:Together|Taken together|Collectively)(?=,\s*(?:we|our)\b)),\s*|^\(?(?:\d+|[ivx]+)\)\s*",
)


# A subject that points back at others named before: "They ...", "These models ...", "Such methods ...".
# A paper speaks of itself as "we"/"it"/its name, never "they"; "These results/findings" are its own.
_REFERS_BACK = re.compile(
    r"^(?:They|Those|(?:These|Such|Those)\s+(?:[\w-]+\s+)?(?:models|methods|approaches|works|studies|systems|"
    r"techniques|benchmarks|datasets|efforts|LLMs|MLLMs|LVLMs|LMMs|VLMs|baselines|frameworks|architectures))\b"
)


def refers_back(sentence: str) -> bool:
    """True when the sentence's subject is a pronoun for others named in an earlier sentence
    ("They usually overlook ...", "These models fail ..."): quoted alone under a paper's name it
    would read as that paper."""
    return bool(_REFERS_BACK.match(_LEAD_IN.sub("", sentence.strip())))


# A sentence that opens by pointing back at what came before it: a demonstrative that does not name the
# paper itself ("This limitation stems from the absence of ...", VIMI; "These errors ..."), or a
# connective that sums up, concludes from or contrasts with earlier sentences ("Together, our research
# suggests ...", Eyes Wide Shut; "In contrast, ..."). Quoted alone, its antecedent is missing.
_SELF = r"(?:paper|work|study|article|survey|report|research|thesis|manuscript|letter|chapter|review|technical report)"
_POINTS_BACK = re.compile(
    rf"^(?:(?:This|That|These|Those|Such)\b(?!\s+{_SELF}\b)|"
    # what the sentence before found or built, as the ground of this one ("From that, we construct ...",
    # Wings; "With these pairs, ...", "Based on this observation, ...")
    rf"(?:From|With|Using|Through|By|Based on|Building on|Given|Following|Upon)\s+"
    rf"(?:this|that|these|those|such|them|it)\b(?!\s+{_SELF}\b)|"
    # summing up the paper's own findings ("Together, our research suggests") stands alone once the
    # connective is dropped (_LEAD_IN drops it)
    r"(?:Together|Taken together|Collectively)(?!,\s*(?:we|our)\b)|"
    r"(?:In contrast|By contrast|Conversely|Instead|Similarly|Likewise|"
    r"Nevertheless|Nonetheless|In turn|For this reason|In this way|This way|By doing so|In doing so|"
    r"Meanwhile|Otherwise)\b|"
    # a conclusion drawn from the sentence before, unless the paper's own action follows ("Thus, we propose")
    r"(?:Thus|Therefore|Hence|Consequently|As a result|Accordingly),?\s+(?!we\b)|"
    # an item of a list the sentence before opens ("CAT enhances MLLM in three ways: 1) ... 2) ...
    # 3) we propose ..." was quoted from "3)"; new-user trial 9)
    r"\(?(?:\d{1,2}|[ivx]{1,4})\)\s|(?:Secondly|Thirdly|Fourthly)\b|"
    # a later item of the paper's own sequence, whose "First, ..." is another sentence ("Second, we show
    # that we can further improve ..."; new-user trial 12)
    r"(?:Second|Third|Fourth|Fifth|Besides),\s)",
)


# A noun phrase inside the sentence whose referent is in an earlier one: "to identify such bias" (the
# bias the sentence before named), "With these pairs, we construct ...", "through this modality-specific
# parameter allocation", "the above issues". Not the paper itself ("this paper", "these results" of its
# own), not "such as", "such that", "those of X" (a comparison) or "this end" ("To this end, we ...").
_ANAPHOR = re.compile(
    rf"\b(?:(?:[Tt]his|[Tt]hese)\s+(?!{_SELF}s?\b|(?:end|results?|findings?|experiments?|project)\b)[a-z][\w-]*|"
    r"[Tt]hose\s+(?!of\b|in\b|from\b|with\b|that\b|which\b|who\b|for\b|on\b)[a-z][\w-]*|"
    r"(?<!\bas )[Ss]uch\s+(?!as\b|that\b)(?:an?\s+)?[a-z][\w-]*|"
    r"the (?:above|aforementioned|former|latter)\b(?:\s+[a-z][\w-]*)?|"
    # things counted in an earlier sentence: "to unify the two types" (PTUnifier: the types are named
    # one sentence before); not "the two-stage ...", "the three of them"
    r"\bthe (?:two|three|four|five)\s+(?!of\b|most\b)[a-z][\w-]*)"
)
# "It" opening a sentence stands for something named before ("It is designed to assess which modality
# ..."), unless it is the empty subject of "It is important to ...", "It remains unclear whether ...".
_IT_SUBJECT = re.compile(
    r"^It\s+(?!(?:is|was|remains|has been|becomes|seems)\s+(?:\w+ly\s+|less\s+|more\s+)?(?:explored|important|crucial|essential|necessary|"
    r"critical|vital|difficult|hard|challenging|unclear|clear|possible|impossible|common|natural|known|worth|"
    r"desirable|non-?trivial|easy|feasible|imperative|evident|noteworthy|shown|observed|argued|believed|"
    r"an open|a (?:common|long-standing|well-known)|still)\b)"
)


def has_anaphor(text: str) -> bool:
    """True when ``text`` (a sentence, or the part of one that is quoted) holds a reference whose
    antecedent is in an earlier sentence: "such bias", "these pairs", "this allocation", "the above",
    "It" as the opening subject (not the empty "It is important to ..."), or a "them"/"they" with no
    plural before it (:func:`lost_pronoun`)."""
    text = drop_lead_in(text.strip())
    return bool(_ANAPHOR.search(text) or _IT_SUBJECT.match(text) or lost_pronoun(text))


_PLURAL_PRONOUN = re.compile(r"(?<=\s)(?:them|they)\b")
# A plural noun that could be the pronoun's antecedent: "models", "LLMs", "pairs" (not "this", "its", "thus").
_PLURAL = re.compile(r"\b(?:[A-Z][A-Za-z0-9-]*[A-Z]s|[A-Za-z][\w-]*[a-rt-z]s)\b")
_COUNTS = "all|both|each|some|many|most|none|one|two|three|four|five|several|any|either|neither|few"
_NOT_PLURAL = frozenset("this its is was has does thus us as across various previous its whereas perhaps".split())


def lost_pronoun(text: str) -> bool:
    """True when a "them"/"they" inside ``text`` has no plural noun before it in the sentence, other than
    the one it is "of" ("In this paper, we expand upon the capabilities of them by training ...", 4M-21:
    "them" are 4M and UnifiedIO, named a sentence before); "We collect images and annotate them" → False."""
    found = _PLURAL_PRONOUN.search(text)
    if not found:
        return False
    if re.search(rf"\b(?:{_COUNTS})\s+of\s*$", text[: found.start()]):  # "the three of them", "each of them": counted
        return False
    before = re.sub(r"[\w-]+\s+of\s*$", "", text[: found.start()])
    return not any(w.lower() not in _NOT_PLURAL for w in _PLURAL.findall(before))


# Where a trailing clause begins: a comma, or a purpose/relative clause ("to identify such bias", "for this
# task", "that addresses these limitations").
_CLAUSE_START = re.compile(r",\s+|\s+(?=(?:to|for|that|which|towards?|in order to|so as to)\s)")


def without_anaphoric_tail(text: str) -> str:
    """``text`` with a trailing clause that needs an earlier sentence cut off ("the modality importance
    score (MIS) to identify such bias" → "the modality importance score (MIS)"; "RagLLaVA, a novel
    framework ..., to address these limitations" → "RagLLaVA, a novel framework ..."); ``""`` when the
    reference sits in what would remain (the clause itself needs its antecedent)."""
    found = _ANAPHOR.search(text)
    if not found:
        return text
    # The clause holding the reference: from the last comma before it ("..., suggesting that this could
    # act as ..."), else from the last "to/for/that ..." before it.
    cuts = list(_CLAUSE_START.finditer(text, 0, found.start()))
    commas = [m.start() for m in cuts if m.group().startswith(",")]
    at = commas[-1] if commas else cuts[-1].start() if cuts else 0
    head = text[:at].rstrip(" ,;:")
    if not head or _ANAPHOR.search(head):
        return ""
    return head + "."


def drop_lead_in(sentence: str) -> str:
    """``sentence`` without an opening connective or framing phrase ("Moreover, ", "In this paper, ",
    "Together, our ..." → "our ...")."""
    return _LEAD_IN.sub("", sentence)


def needs_antecedent(sentence: str) -> bool:
    """True when the sentence cannot stand alone under a paper's name: its subject points back at
    others named earlier (:func:`refers_back`), or it opens with a demonstrative or a connective that
    needs the sentence before it ("This limitation stems from ...", "Together, our research suggests ...")."""
    return opens_pointing_back(sentence) or has_anaphor(sentence.strip())


def opens_pointing_back(sentence: str) -> bool:
    """The part of :func:`needs_antecedent` an answer's quote checks: the sentence *opens* by pointing
    back ("From that, we construct ...", "These errors ..."). A reference later in it ("As an initial
    effort to address these issues, we propose a Mixture of Features") does not keep the paper's own
    answer from being quoted: the follow-up "What fix does that paper propose?" lost MoF to it."""
    text = sentence.strip()
    return refers_back(text) or bool(_POINTS_BACK.match(text))


# A sentence that closes a sequence ("Finally, ...", "Lastly, ...") and one whose opening clause refers to
# what the sentence before named ("To overcome this issue, we propose ...", WavCaps): quoted with that one.
# "Then, ..." / "Next, ..." continue a "First, ..." as "Second, ..." does (new-user trial 17: Geodesic Mixup's
# "Then, we fine-tune the model on hard negatives ..." was quoted without "First, we propose a Geodesic
# Multi-Modal Mixup ..."); with no "First, ..." before them they bring nothing.
_LATER_ITEM = re.compile(r"^(?:Second|Secondly|Third|Thirdly|Fourth|Fourthly|Fifth|Then|Next|Finally|Lastly),\s")
_FIRST_ITEM = re.compile(r"^(?:First|Firstly|First of all),\s")
_CLOSES_SEQUENCE = re.compile(r"^(?:Finally|Lastly),\s")
_OPENING_CLAUSE = re.compile(r"^[^,]{1,80},\s")


def leans_back(sentence: str, opening_clause: bool = True) -> bool:
    """True when a quote of ``sentence`` needs the one before it beside it: it opens by pointing back
    (:func:`opens_pointing_back`), closes a sequence ("Finally, ..."), or (with ``opening_clause``) its
    opening clause holds a reference to an earlier sentence ("To overcome this issue, ...")."""
    text = sentence.strip()
    clause = _OPENING_CLAUSE.match(text) if opening_clause else None
    return (
        opens_pointing_back(text)
        or bool(_CLOSES_SEQUENCE.match(text))
        or bool(clause and _ANAPHOR.search(clause.group()))
    )


# A sentence that opens a sequence its next sentences continue: "We introduce two modules: Firstly, ..."
# then "Secondly, ..." (PILL), "(1) We find ..." then "(2) A negative correlation ..." (Implicit
# Multimodal Alignment). A sentence holding its own "(2)" is a whole list.
_OPENS_SEQUENCE = re.compile(r"(?:^|[:;]\s*)(?:First|Firstly|First of all),\s|(?:^|\s)\(?(?:1|i)\)\s")
_HAS_SECOND = re.compile(r"(?:^|\s)\(?(?:2|ii)\)\s")
_NEXT_ITEM = re.compile(r"^(?:[A-Z][a-z]+,\s*)?\(?(?:[2-9]|ii|iii|iv|v)\)\s")


def continues(sentences: list[str], i: int) -> list[int]:
    """The sentences after ``sentences[i]`` that continue a sequence it opens ("Firstly, ..." →
    "Secondly, ...", "(1) ..." → "(2) ..."), at most four; ``[]`` when it opens none. A quote of the
    first item alone promises "two modules" and gives one (new-user trial 13, PILL)."""
    if not _OPENS_SEQUENCE.search(sentences[i]) or _HAS_SECOND.search(sentences[i]):
        return []
    out: list[int] = []
    for k in range(i + 1, min(len(sentences), i + 5)):
        if not (_LATER_ITEM.match(sentences[k]) or _NEXT_ITEM.match(sentences[k])):
            break
        out.append(k)
    return out


def with_antecedents(sentences: list[str], chosen: set[int], opening_clause: bool = True) -> set[int]:
    """``chosen`` (indices into ``sentences``, an abstract in order) and, for each sentence that
    leans back (:func:`leans_back`: "From that, we construct ...", "These errors ...", "Second, ...",
    "To overcome this issue, ...", the last only with ``opening_clause``), the sentence before it, so
    that no quote reads as if its antecedent were missing; and the later items of a sequence a chosen
    sentence opens (:func:`continues`)."""
    out = set(chosen)
    for i in sorted(chosen):
        out.update(continues(sentences, i))
    for i in sorted(chosen, reverse=True):  # from the end: a brought antecedent may point back too
        if _LATER_ITEM.match(sentences[i]):  # "Second, ..." is quoted with its "First, ..." and what lies between
            first = [k for k in range(max(0, i - 5), i) if _FIRST_ITEM.match(sentences[k])]
            out |= set(range(first[-1], i)) if first else set()
        j = i
        while j > 0 and leans_back(sentences[j], opening_clause) and j - 1 not in out:
            out.add(j - 1)
            j -= 1
    return out


# A list item's own number ("(2) A negative correlation ...", "2) ...", "(ii) ..."): the item stands alone without it.
_ITEM_NUMBER = re.compile(r"^\s*\(?(?:\d{1,2}|[ivx]{1,4})\)\s+")


def standalone_part(sentence: str) -> str:
    """``sentence`` as it can stand alone under a paper's name: whole, or without its list number and a
    trailing clause that points back (:func:`without_anaphoric_tail`); ``""`` when it opens pointing back
    or the reference sits in what would remain. "(2) A negative correlation exists regarding hallucinations,
    revealing that this problem is mainly due to misalignment ..." → "A negative correlation exists regarding
    hallucinations." (Implicit Multimodal Alignment, whose item 2 is the one on hallucination)."""
    text = _ITEM_NUMBER.sub("", sentence)
    if not needs_antecedent(text):
        return text
    if opens_pointing_back(text):
        return ""
    cut = without_anaphoric_tail(text.rstrip(" ."))
    return cut if cut and not needs_antecedent(cut) else ""
