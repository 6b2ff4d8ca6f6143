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

from assistant.antecedents import (
    drop_lead_in,
    needs_antecedent,
    without_anaphoric_tail,
)
from assistant.describing import content_free
from assistant.own_name import given_name, is_phrase, without_own_naming
from assistant.text import CONTRIBUTION, split_sentences
from assistant.types import Source

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


# A coordinated claim after an appositive ("MIO, a novel model ..., and show that it helps").
_LATER_CLAIM = re.compile(
    r"\band\s+(?:we\s+)?(?:show|demonstrate|find|achieve|evaluate|conduct|release|propose|introduce|present|report)s?\b"
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


# Words that make a title's head a statement rather than a name ("MLLM Is a Strong Reranker").
FINITE_WORDS = frozenset(
    "is are was were be been can could do does did will would should shall may might must need needs "
    "matter matters meets see sees makes helps".split()
)


def is_clause(head: str) -> bool:
    """True for a title head that is a statement ("MLLM Is a Strong Reranker"), not a name."""
    return any(w.lower().strip(",()?!") in FINITE_WORDS for w in head.split())


def label(source: Source, given: bool = True) -> str:
    """ "Name (*Title*)", or "*Title*" when the title has no short name or its head is a statement or a
    phrase (the head in front of the whole title only repeated it: "MLLM Is a Strong Reranker (*MLLM Is
    ...*)", "One Model, Multiple Modalities (*One Model, Multiple Modalities: A Sparsely ...*)")."""
    name = paper_name(source, given)
    return f"{name} (*{source.title}*)" if name else f"*{source.title}*"


def paper_name(source: Source, given: bool = True) -> str:
    """The name a paper goes by: its title's head when that is a name (:func:`short_name`, not a
    statement or a phrase), else the name its abstract gives its own work ("SkillNet" for "One Model,
    Multiple Modalities: ..."; :func:`assistant.own_name.given_name`, unless not ``given``), else ``""``."""
    name = short_name(source.title)
    if name != source.title and not is_clause(name) and not is_phrase(name):
        return name
    return given_name(source.abstract, source.title) if given else ""


# A numbered list opened in the sentence ("in three ways: 1) besides ..."): its later items are other
# sentences, so the quote stops before the list rather than after its first item.
_LIST_START = re.compile(r"\s*:\s*(?:\(?1\)|\(?i\)|\(?a\))\s.*$", re.DOTALL)


def without_cut_list(text: str) -> str:
    """ "enhances MLLM in three ways: 1) besides ..." → "enhances MLLM in three ways." unless item 2 follows."""
    if not _LIST_START.search(text) or re.search(r"(?:\(?2\)|\(?ii\)|\(?b\))\s", text):
        return text
    return _LIST_START.sub(".", text)


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


def is_scene_setting(sentence: str) -> bool:
    """True for an opener that states the field's state rather than the paper's contribution."""
    return bool(_SCENE.match(sentence.strip())) and not CONTRIBUTION.search(sentence)


def contribution_sentence(source: Source, titled: bool = False) -> str:
    """The sentence stating what the paper proposes or finds, in the third person, named.

    "In this paper, we present Wings, a novel MLLM ..." becomes "Wings (*Wings: Learning
    ...*) presents Wings, a novel MLLM ...". Of several such sentences, the first whose object is
    the paper's name ("we propose MixSpeech, a ... framework" over an earlier "we present
    AVMuST-TED, the first dataset"), else the first. Falls back to the first sentence that is not
    scene-setting, with the paper's name in front. A sentence that names the paper itself gets its
    name alone in front ("MixSpeech proposes MixSpeech, a ..."), a "we propose" after a lead-in clause
    counts, and "This paper compares ..." is preferred as a fallback, unless ``titled`` (the selection's
    ``claim`` signal and the tables' method cells, tuned on the old form).
    """
    name = short_name(source.title)
    given = paper_name(source) if not titled and paper_name(source, given=False) != name else ""
    name = given or name  # "SkillNet (*One Model, ...*) presents ...", "RagLLaVA is a novel framework ..."
    sentences = [clean_latex(s, name) for s in split_sentences(source.abstract)]
    tag = label(source, given=not titled)  # the selection's claim signal was tuned on the title alone
    found = [(x, m) for x in sentences if (m := CONTRIBUTION.search(x)) and m.start() < 40]
    if not found and not titled:  # after a lead-in clause: "Motivated by this understanding of human
        # cognition, in this paper, we introduce CoAVT" (CoAVT was quoted by its background opening)
        found = [(x, m) for x in sentences if (m := CONTRIBUTION.search(x)) and x[: m.start()].endswith(", ")]
    if name != source.title:  # the one whose object is the paper's own name comes first
        named = [
            (x, m) for x, m in found
            if m.group(1).lower() in _INTRODUCING and re.search(rf"\b{re.escape(name)}\b", x[m.end() : m.end() + 40])
        ]
        found = named[:1] + found
    # What follows the verb is quoted under the paper's name: a trailing clause that needs the sentence
    # before it is cut ("introduces the modality importance score (MIS) to identify such bias"), and a
    # sentence whose main clause needs it gives way to the next contribution sentence.
    # A sentence whose list goes on in other sentences ("in three ways: 1) ... 2) ...") is no quote:
    # cut before its list it is an empty lead-in ("CAT enhances MLLM in three ways."; new-user trial 12).
    standalone = [
        (m, rest) for x, m in found
        if (rest := without_anaphoric_tail(x[m.end() :].strip())) and without_cut_list(rest) == rest
    ]
    whole = [(m, rest) for x, m in found[:1] if without_cut_list(rest := x[m.end() :].strip()) == rest]
    # A quote cut down to generic words ("PILL introduces a novel architecture." once "called PILL: Plug
    # Into LLM with ..." is dropped as its own naming) says nothing: the next candidate is quoted instead.
    skip = {w.lower() for w in re.findall(r"[\w-]+", name)}
    for match, rest in [*standalone, *whole]:
        quoted = _quoted(source, match, rest, name, given, tag, titled)
        if not content_free(re.sub(r"\(\*.*?\*\)", "", quoted), skip | {third_person_verb(match.group(1))}):
            return quoted
    body = (
        [
            s for s in sentences
            if not is_scene_setting(s) and not _BACKGROUND.match(s) and not needs_antecedent(s) and without_cut_list(s) == s
        ]
        or sentences
        or [source.abstract]
    )
    # "This paper compares ...": the paper saying what it does, with a verb CONTRIBUTION does not list,
    # rather than the abstract's opening (the compound emotion paper opened with the field's practice).
    for x in [] if titled else body:
        if own := _THIS_PAPER.match(x):
            return f"{tag} {third_person(x[own.end() :])}"
    # "We conducted a comprehensive study of ...": the paper saying what it did, with a verb CONTRIBUTION
    # does not list, before the abstract's opening ("Large models have recently played a dominant role
    # ...", quoted as the OCR study's contribution and the first sentence of a draft; new-user trial 10).
    for x in [] if titled else body:
        if own := _WE_DID.match(x):
            return f"{tag} {third_person(x[own.end() :], agree=True)}"
    said = third_person(drop_lead_in(body[0]))
    return f"In {tag}: {'it' + said[2:] if said.startswith('It ') else said}"


def _quoted(source: Source, match: re.Match[str], rest: str, name: str, given: str, tag: str, titled: bool) -> str:
    """The contribution ``rest`` after ``match``'s verb, quoted under the paper's name (see :func:`contribution_sentence`)."""
    # "PILL introduces a novel architecture called PILL": a sentence that names the paper needs no title.
    named = not titled and name != source.title and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", rest)
    verb = third_person_verb(match.group(1))
    if named and (own := re.match(rf"(?:the |an? )?{re.escape(name)}(?![\w-])", rest)):
        if given and not rest[own.end() :].strip(" ."):  # "proposes UnIVAL." under its title, not "The paper"
            return f"{label(source, given=False)} {verb} {rest}"
        # The object is the paper's own name: not "CAT introduces the CAT, which enhances ..." but
        # "CAT enhances ...", and "The paper proposes MixSpeech, a ..." for an appositive.
        which = re.match(r"(?:\s*\([^)]*\))?\s*,\s*(?:which|that)\s+(?=[a-z]+s\b)", rest[own.end() :])
        if which:
            return f"{name} {third_person(rest[own.end() + which.end() :], agree=True)}"
        # "MoMa, a novel ... architecture" → "MoMa is a novel ...": "The paper introduces MoMa"
        # after another paper's sentence read as that paper's (a draft's list of papers).
        # A later "and show(s) that ..." keeps "The paper" as its subject.
        # "CoAVT -- a novel ... model" as well (new-user trial 17: "The paper introduces CoAVT -- a ...").
        apposition = re.match(r"(?:\s*\([^)]*\))?\s*(?:,|--|—|–)\s*(?=an?\s)", rest[own.end() :])
        if apposition and not _LATER_CLAIM.search(rest[own.end() + apposition.end() :]):
            return f"{name} is {third_person(rest[own.end() + apposition.end() :], agree=True)}"
        return f"*{source.title}* {verb} {third_person(rest, agree=True)}"
    unnamed = without_own_naming(rest, name, source.title) if named else None
    # Not when the naming was all it said: "a novel architecture called PILL: Plug Into LLM with adapter
    # expert ..." → "The paper introduces a novel architecture called PILL: ...", not "PILL introduces a novel architecture."
    if unnamed is not None and not content_free(unnamed, {name.lower()}):
        return f"{name} {verb} {third_person(unnamed, agree=True)}"
    if named and (called := _CALLED.match(rest)) and called.group(2) == name:
        # "a novel architecture called PILL: Plug Into LLM with ..." → "PILL (Plug Into LLM with ...) is a novel
        # architecture": in a related-work section "The paper introduces ..." does not say which paper (trial 17).
        expansion = f" ({called.group(3).strip()})" if called.group(3) else ""
        return f"{name}{expansion} is {third_person(called.group(1))}."
    # The name stays in what follows ("MM-Lego shows that MM-Lego 1) ..."): not named twice, and not "The paper".
    return f"{f'*{source.title}*' if named else tag} {verb} {third_person(rest, agree=True)}"


# "a novel architecture called PILL: Plug Into LLM with adapter expert and attention gate": the naming ends the quote.
_CALLED = re.compile(r"^((?:an?|the)\s.*?),?\s+(?:named|called|termed|dubbed|coined)\s+([\w-]+)(?:\s*:\s*([^,;.]+))?\.?$")


_THIS_PAPER = re.compile(r"(?:In )?(?:this|the present) (?:paper|work|study),? (?=(?:[a-z]+ly )?[a-z]+s\b)", re.IGNORECASE)
# "We conducted ...", "In this paper, we evaluated ...": the paper's own past-tense action.
_WE_DID = re.compile(r"(?:In (?:this|the present) (?:paper|work|study), )?We (?=(?:[a-z]+ly )?[a-z]+ed\b)")
