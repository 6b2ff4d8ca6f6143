"""Clean sentences from abstracts: the one a paper contributes to a topic, in the third person.

- LaTeX macros are resolved: ``\\textbf{X}`` → X; a bare macro that names the method
  (``\\OurMethod``, ``\\method``, ``\\name``) → the paper's short name; others dropped.
- First person becomes the third ("we design" → "it designs", "our results" → "its
  results"), with the verbs that followed "we" agreeing ("... and show that" → "and shows that").
- Openers that only set the scene ("The recent advancements in X have demonstrated
  promising progress") are never chosen as a paper's sentence.
"""

from __future__ import annotations

import re

from assistant.text import CONTRIBUTION, split_sentences, stemmed_terms, weighted_share
from assistant.types import Source

_LEAD_IN = re.compile(
    r"^(?:In this (?:paper|work|study)|Here|To (?:address|tackle|bridge|fill|this end)[^,]*|"
    r"Specifically|Therefore|Thus|Consequently|As a result|Motivated by[^,]*|Inspired by[^,]*|"
    r"Furthermore|Moreover|Additionally|In addition|Finally|However|Firstly|Secondly|Thirdly|Lastly|"
    r"First|Second|Third|(?:Together|Taken together|Collectively)(?=,\s*(?:we|our)\b)),\s*|^\(?(?:\d+|[ivx]+)\)\s*",
)
# Scene-setting: the field's state, not the paper's contribution.
_SCENE = re.compile(
    r"^(?:(?:The |With the )?(?:recent|rapid)\b|In recent years|Recently|Over the (?:past|last)|"
    r"(?:The )?(?:advent|emergence|success|development|rise) of|Large (?:language|multimodal|vision)[\w\s-]*"
    r"(?:have|has) (?:shown|demonstrated|achieved|attracted|emerged|gained|become|made)|"
    r"[\w\s()-]{0,80}\b(?:have|has) (?:\w+ly )?(?:demonstrated|shown|achieved|made) (?:promising|remarkable|impressive|"
    r"significant|great|strong|notable)|[\w\s()-]{0,60}\bha(?:ve|s) (?:attracted|gained|received) "
    r"(?:increasing|growing|significant|much|considerable))",
    re.IGNORECASE,
)
_WRAPPERS = re.compile(r"\\(?:textbf|textit|emph|texttt|textsc|mathrm|mathbf|text|url)\{([^{}]*)\}")
_METHOD_MACRO = re.compile(
    r"\\(?:OurMethod|ourmethod|method|Method|name|Name|ours|Ours|model|Model)\b(?:\{\})?"
)
_OTHER_MACRO = re.compile(r"\\[A-Za-z]+(?:\{\})?")
# Verbs abstracts use after "we"; made to agree with "it" / a paper's name.
_VERBS = (
    "propose present introduce develop release construct build design curate collect describe study "
    "investigate explore find show demonstrate identify establish offer provide create conduct perform "
    "evaluate analyze analyse reveal observe achieve obtain train pretrain fine-tune use adopt employ "
    "leverage apply extend compare report validate verify test examine discover argue prove derive "
    "formulate address tackle focus make call term refer name benchmark assess measure release open-source "
    "consider aim seek attempt hope believe highlight discuss outline summarize review survey categorize "
    "propose introduce implement incorporate integrate enable allow further also"
).split()
_VERB_ALT = "|".join(sorted(set(_VERBS) - {"further", "also"}, key=len, reverse=True))
_WE_VERB = re.compile(
    r"\b([Ww]e)\s+((?:also|further|first|then|additionally|thus|finally|\w+ly)\s+)?([a-z][a-z-]*)\b"
)
_MODALS = frozenset("can could may might will would should must shall cannot".split())
_IRREGULAR = {"have": "has", "are": "is", "were": "was", "do": "does", "go": "goes"}
_AND_VERB = re.compile(
    rf"(,?\s+and\s+(?:then\s+|also\s+|further\s+)?)({_VERB_ALT})\b(?=\s+(?:that|a|an|the|its|it|how|[a-z]))"
)


def third_person_verb(verb: str) -> str:
    """ "design" → "designs", "study" → "studies", "analyze" → "analyzes"."""
    lower = verb.lower()
    if lower.endswith(("s", "sh", "ch", "x", "z")):
        return lower + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return lower[:-1] + "ies"
    return lower + "s"


def short_name(title: str) -> str:
    """The name a paper goes by: the part of its title before a colon, else the title."""
    head = re.split(r":|\s-\s|-\s", title, maxsplit=1)[0].strip()
    return head if head != title and len(head.split()) <= 5 else title


def label(source: Source) -> str:
    """ "Name (*Title*)", or "*Title*" when the title has no short name."""
    name = short_name(source.title)
    return f"*{source.title}*" if name == source.title else f"{name} (*{source.title}*)"


# A quotation in LaTeX's ASCII quotes, as arXiv abstracts write it: ``CLIP-blind pairs'' or
# ''CLIP-blind pairs'' (which Markdown shows as two apostrophes).
_TEX_QUOTE = re.compile(r"(?:``|'')([^'`\n]{1,200}?)''")


def clean_latex(text: str, name: str = "") -> str:
    """Abstract text without LaTeX macros: wrappers unwrapped, a method macro → ``name``, others
    dropped, LaTeX quotes (``x'' or ''x'') as “x”.

    Inline math (``$...$``) is kept as is.
    """
    parts = re.split(r"(\$[^$]*\$)", text)
    for i in range(0, len(parts), 2):
        part = parts[i]
        for _ in range(3):  # nested wrappers
            part = _WRAPPERS.sub(r"\1", part)
        part = _METHOD_MACRO.sub(name or "the method", part)
        part = _OTHER_MACRO.sub("", part)
        part = _TEX_QUOTE.sub(r"“\1”", part)
        parts[i] = re.sub(r"\s{2,}", " ", part)
    return "".join(parts).strip()


def third_person(text: str, subject: str = "it", agree: bool = False) -> str:
    """First person → third, with agreement: "We design X and show that" → "It designs X and shows that".

    ``agree``: the text continues a sentence whose subject was "we" (its verbs after "and" agree too).
    """
    had_we = agree or bool(re.search(r"\b[Ww]e\b", text))

    def we_verb(m: re.Match[str]) -> str:
        who = subject if m.group(1) == "we" else subject[:1].upper() + subject[1:]
        verb = m.group(3)
        verb = verb if verb in _MODALS else _IRREGULAR.get(verb) or third_person_verb(verb)
        return f"{who} {m.group(2) or ''}{verb}"

    text = _WE_VERB.sub(we_verb, text)
    if had_we:
        text = _AND_VERB.sub(lambda m: m.group(1) + third_person_verb(m.group(2)), text)
    text = re.sub(r"\b[Oo]ur\b", lambda m: "Its" if m.group(0)[0] == "O" else "its", text)
    text = re.sub(r"\bWe\b", "It", text)
    text = re.sub(r"\b(?:we|us)\b", "it", text)
    return re.sub(r"\bit are\b", "it is", re.sub(r"\bIt are\b", "It is", text))


# Verbs that introduce what a paper contributes (not "we evaluate X", "we show that X ...").
_INTRODUCING = frozenset("propose present introduce develop design build construct create".split())
_URL = re.compile(r"\S*(?:https?://|www\.|github\.com|\.com/|\.org/|\.io/)\S*")
_BACKGROUND = re.compile(
    r"^(?:Although|While|Despite|Existing|Previous|Prior|Most|Current|However|Many|Some)\b"
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
    r"\(?(?:\d{1,2}|[ivx]{1,4})\)\s|(?:Secondly|Thirdly|Fourthly)\b)",
)


# A noun phrase inside the sentence whose referent is in an earlier one: "to identify such bias" (the
# bias the sentence before named), "With these pairs, we construct ...", "through this modality-specific
# parameter allocation", "the above issues". Not the paper itself ("this paper", "these results" of its
# own), not "such as", "such that", "those of X" (a comparison) or "this end" ("To this end, we ...").
_ANAPHOR = re.compile(
    rf"\b(?:(?:[Tt]his|[Tt]hese)\s+(?!{_SELF}s?\b|(?:end|results?|findings?|experiments?|project)\b)[a-z][\w-]*|"
    r"[Tt]hose\s+(?!of\b|in\b|from\b|with\b|that\b|which\b|who\b|for\b|on\b)[a-z][\w-]*|"
    r"(?<!\bas )[Ss]uch\s+(?!as\b|that\b)(?:an?\s+)?[a-z][\w-]*|"
    r"the (?:above|aforementioned|former|latter)\b(?:\s+[a-z][\w-]*)?)"
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
    or "It" as the opening subject (not the empty "It is important to ...")."""
    text = drop_lead_in(text.strip())
    return bool(_ANAPHOR.search(text) or _IT_SUBJECT.match(text))


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


def with_antecedents(sentences: list[str], chosen: set[int]) -> set[int]:
    """``chosen`` (indices into ``sentences``, an abstract in order) and, for each sentence that
    opens by pointing back (:func:`opens_pointing_back`: "From that, we construct ...", "These errors
    ..."), the sentence before it, so that no quote reads as if its antecedent were missing."""
    out = set(chosen)
    for i in sorted(chosen, reverse=True):  # from the end: a brought antecedent may point back too
        j = i
        while j > 0 and opens_pointing_back(sentences[j]) and j - 1 not in out:
            out.add(j - 1)
            j -= 1
    return out


def is_scene_setting(sentence: str) -> bool:
    """True for an opener that states the field's state rather than the paper's contribution."""
    return bool(_SCENE.match(sentence.strip())) and not CONTRIBUTION.search(sentence)


def contribution_sentence(source: Source) -> str:
    """The sentence stating what the paper proposes or finds, in the third person, named.

    "In this paper, we present Wings, a novel MLLM ..." becomes "Wings (*Wings: Learning
    ...*) presents Wings, a novel MLLM ...". Of several such sentences, the first whose object is
    the paper's name ("we propose MixSpeech, a ... framework" over an earlier "we present
    AVMuST-TED, the first dataset"), else the first. Falls back to the first sentence that is not
    scene-setting, with the paper's name in front.
    """
    name = short_name(source.title)
    sentences = [clean_latex(s, name) for s in split_sentences(source.abstract)]
    tag = label(source)
    found = [(x, m) for x in sentences if (m := CONTRIBUTION.search(x)) and m.start() < 40]
    if name != source.title:  # the one whose object is the paper's own name comes first
        named = [
            (x, m) for x, m in found
            if m.group(1).lower() in _INTRODUCING and re.search(rf"\b{re.escape(name)}\b", x[m.end() : m.end() + 40])
        ]
        found = named[:1] + found
    # What follows the verb is quoted under the paper's name: a trailing clause that needs the sentence
    # before it is cut ("introduces the modality importance score (MIS) to identify such bias"), and a
    # sentence whose main clause needs it gives way to the next contribution sentence.
    standalone = [(m, rest) for x, m in found if (rest := without_anaphoric_tail(x[m.end() :].strip()))]
    for match, rest in standalone[:1] or [(m, x[m.end() :].strip()) for x, m in found[:1]]:
        return f"{tag} {third_person_verb(match.group(1))} {third_person(rest, agree=True)}"
    body = (
        [s for s in sentences if not is_scene_setting(s) and not _BACKGROUND.match(s) and not needs_antecedent(s)]
        or sentences
        or [source.abstract]
    )
    return f"In {tag}: {third_person(_LEAD_IN.sub('', body[0]))}"


def topic_sentence(source: Source, terms: set[str], idf: dict[str, float]) -> tuple[str, float]:
    """The abstract sentence that says most about the topic's terms, cleaned, and its share (0..1)."""
    best, share = "", 0.0
    for sentence in split_sentences(source.abstract):
        if is_scene_setting(sentence) or _BACKGROUND.match(sentence) or needs_antecedent(sentence):
            continue
        # A link's path is no statement: "Code: https://github.com/x/multimodal-mixup" held "multimodal mixup".
        value = weighted_share(terms, stemmed_terms(_URL.sub(" ", sentence)), idf)
        if value > share:
            best, share = sentence, value
    return clean_latex(best, short_name(source.title)), share


def paper_sentences(
    source: Source, terms: set[str], idf: dict[str, float], min_share: float = 0.5
) -> list[str]:
    """What a paper contributes to the topic: its contribution sentence, plus its topic sentence
    when that is another sentence holding at least ``min_share`` of the topic's terms
    and more of them than the contribution sentence does."""
    first = contribution_sentence(source)
    topical, share = topic_sentence(source, terms, idf)
    if not topical or share < min_share:
        return [first]
    first_share = weighted_share(terms, stemmed_terms(first), idf)
    if share <= first_share or stemmed_terms(topical) <= stemmed_terms(first):
        return [first]
    name = short_name(source.title)
    subject = name if name != source.title else "it"
    topical = third_person(_LEAD_IN.sub("", topical), subject)
    return [first, topical[:1].upper() + topical[1:]]
