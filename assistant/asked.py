"""What a question asks: the names it uses and the attributes it asks for.

- **names**: identifiers such as ``GPT-4o``, ``LLaVA-1.5``, ``MathVerse``,
  ``English-to-Spanish`` (a word with two capitals, or a capital and a digit), and
  capitalised words the collection uses (``Flamingo``, ``Google``);
- **asked-for attributes** (:class:`Head`): the noun phrase after *what / which / how many*
  ("what **license**", "what **learning rate**", "how many **parameters**"), unless it only
  names the kind of answer ("which *paper*", "what *fix*"). *How many / how much* and
  *what accuracy / score ...* also ask for a figure.

:mod:`assistant.gaps` checks each against the abstracts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer_type import asks_named_thing
from assistant.answerability import capitalised_words, with_number
from assistant.coined_names import QUESTION_WORDS as _QUESTION_WORDS
from assistant.coined_names import coined_openers
from assistant.evidence import question_parts
from assistant.subject_phrases import describes_subject, introduced_asked, paper_asked  # noqa: F401 (re-exported)
from assistant.text import STOPWORDS, stemmed_terms

# A name in more than about 1 in 20 chunks (IDF below ln 20) is a word of the field.
COMMON_NAME_IDF = 3.0
# A name may open with a digit ("4M-21"); it still needs a capital and a later capital or digit.
_NAME = re.compile(r"(?<![\w.-])(?=[\w.-]*[A-Z][\w.-]*[A-Z0-9])[A-Za-z0-9]\w*(?:-\w+|\.\d+)*")
_NUMBER_LED = re.compile(r"(?<![\w.-])\d+[A-Z][A-Za-z0-9]*(?:-\w+)*")
_HEAD_START = re.compile(
    r"\b(?:what|which)(?:'s|\s+(?:is|are|was|were))?\s+(?:(?:the|its|their|a|an)\s+)?|"
    r"\bhow\s+(?:many|much|long|large|big)\s+",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    r"\b(how (?:many|much|large|big|long)|what (?:accuracy|percentage|score|size|number)|number of|size of)\b",
    re.IGNORECASE,
)
# Words that end the asked-for noun phrase.
_HEAD_STOP = frozenset(
    """is are was were be been does do did has have had can could will would should may might
    of in on for to from with by at about over under into than as that which who whom whose when where
    the a an its their his her this these those it they he she we you i
    use uses used using take takes took taken make makes made get gets got come comes came
    happen happens happened occur occurs occurred go goes went gone show shows shown
    let lets allow allows enable enables help helps keep keeps
    say says said mention mentions mentioned cover covers covered exist exists existed""".split()
)
HEAD_STOP = _HEAD_STOP  # (public: the words that end a phrase the question asks for)
# Nouns that only name the kind of answer expected, not an attribute to find stated.
ROLE_NOUNS = stemmed_terms(
    """paper papers work works study studies approach approaches method methods model models framework
    frameworks system systems benchmark benchmarks dataset datasets technique techniques fix fixes
    remedy remedies cure cures mitigation mitigations solution solutions idea ideas contribution contributions result results finding findings problem
    problems issue issues limitation limitations weakness weaknesses shortcoming shortcomings flaw flaws drawback drawbacks downside downsides
    disadvantage disadvantages pitfall pitfalls advantage advantages task tasks way ways kind type
    part parts aspect aspects insight insights conclusion goal purpose strategy component components
    one ones thing things something area field topic name names module modules network networks
    architecture architectures stage stages step steps phase phases feature features quantity quantities
    side sides layer layers depth depths level levels position positions collection library corpus"""
)
# The thing a question is about: "the X paper", "does X ...", "is X ...", "X's" excluded (a
# possessive describes: "Google's chatbot" is about the chatbot); "the original X paper" too,
# and "the full LVLM-eHub" (up to two describing words after "the", not a preposition or a
# relative word: "the gains over GPT-4o", "the question during VQA" are not about them), and what a request is for
# ("Summarize ImageBind: how does it ...").
_LINKING = STOPWORDS | set(
    """during over versus vs against between like whose after before under within without through across
    among per about around beyond toward towards upon while if whether behind inside outside near along
    despite since until beside besides""".split()
)
_MODIFIER = rf"(?!(?:{'|'.join(sorted(_LINKING))})\b)[a-z][a-z-]*,?\s+"
SUBJECT = re.compile(
    r"\b(?:the\s+(?:" + _MODIFIER + r"){0,2}|(?:does|did|do|is|was|are|were|about)\s+(?:original\s+)?|"
    r"(?:[Ss]ummari[sz]e|[Dd]escribe|[Ee]xplain)\s+)"
    r"([A-Z][\w.]*(?:-[\w.]+)*|[a-z]+[A-Z][\w.]*(?:-[\w.]+)*)(?!'s)(?=[\s?,:])"
)
# Nouns that ask for a figure whatever it measures ("what share of the compute").
_ROLE_WORDS = frozenset({"paper", "papers", "work", "works", "one", "ones"})  # stopwords among them
# A change ("what improvement", "what FLOPs savings") is a figure too.
_MEASURE_NOUNS = stemmed_terms(
    "share fraction percentage percent proportion number amount count size ratio portion "
    "improvement improvements gain gains increase boost reduction drop speedup saving savings range"
)
# A count in the phrase says how many are asked ("the three stages"), not what is asked.
_COUNT_WORDS = frozenset("one two three four five six seven eight nine ten several few many".split())
# Words before a measure noun that say how a figure is taken, not what it measures
# ("total number", "average size"): not required in the stating sentence.
_AGGREGATES = stemmed_terms(
    "total overall average mean median final maximum minimum max min exact approximate typical "
    "combined entire whole full largest smallest"
)
# A lowercase word in -ed after the phrase's first word is a verb ending it ("sites showed");
# as the first word it is an adjective ("how many annotated samples").
_PAST = re.compile(r"[a-z]+ed")
# A name asked as its first version ("the original NoteLLM", "NoteLLM (the first version)",
# "LLaVA v1"): a later version in the collection ("NoteLLM-2") is another system.
ORIGINAL = re.compile(
    r"\b(?:original|first[- ]version|first[- ]generation|initial version|earliest version|version 1|v1)\b",
    re.IGNORECASE,
)
# "-style", "-derived", "-inspired": a name joined to a word that describes by it ("TED-derived").
_NAME_SUFFIX = re.compile(
    r"(?:-(?:style|based|like|type|family|series|scale|sized?|derived|inspired|driven|powered|specific|"
    r"only|free|aware|guided|centric|level))+$",
    re.IGNORECASE,
)


@dataclass
class Head:
    """An asked-for attribute: its words, stems, and whether a figure is asked."""

    phrase: str
    terms: set[str]
    quantity: bool
    role: bool = False  # "which network ...": asks which thing it is, answered by the paper itself
    # A figure asked with no noun ("by how much does it improve", "how long did annotation take"):
    # the words saying what it measures; a sentence stating it holds one of them beside a number.
    about: tuple[str, ...] = ()
    # "which models does it evaluate": things the paper acts on, answered only by naming them
    named: bool = False



# Two capitals abbreviate a field's phrase ("QA", "AI", "ML", "RL"), spelled out or reordered in
# abstracts ("answering questions"); no paper of the collection is named by two letters. "QA"
# asked of the video-QA bias paper was called missing from it (dev12).
_FIELD_ABBREVIATION = re.compile(r"[A-Z]{2}s?")


def question_names(question: str, idf: dict[str, float] | None = None) -> list[str]:
    """Names the question uses, possessives and "-style" suffixes removed: identifier-like
    words (two capitals, or a capital and a digit), and, given the collection's ``idf``,
    capitalised words after the first that the collection uses (``Flamingo``, ``Google``).
    A capitalised word no abstract uses ("Hinton-style") describes rather than names."""
    names = []
    for match in _NAME.finditer(question):
        name = _NAME_SUFFIX.sub("", re.sub(r"'s$", "", match.group(0)))
        if len(name) >= 2 and name not in names and not (idf and _common(name, idf)) and not _FIELD_ABBREVIATION.fullmatch(name):
            names.append(name)
    for match in SUBJECT.finditer(question):
        word = with_number(_NAME_SUFFIX.sub("", match.group(1).rstrip(".")), question, match.end(1))
        if (
            word not in names
            and len(word) >= 3
            and word not in _QUESTION_WORDS
            and not (idf and _common(word, idf))
        ):
            names.append(word)
    if idf is not None:
        # A number-led name the collection knows ("4M", the paper "4M: Massively Multimodal Masked
        # Modeling", beside "4M-21"); "5G" or "20K-query", which no abstract uses, name nothing here.
        # One that modifies the noun after it ("3D volumes", "the 34B model", "20M clips") is a measure.
        led = [
            m.group(0)
            for m in _NUMBER_LED.finditer(question)
            if not ((after := re.match(r"\s+([a-z][\w-]*)", question[m.end() :])) and after.group(1) not in STOPWORDS)
        ]
        for word in [*capitalised_words(question), *coined_openers(question), *led]:
            word = _NAME_SUFFIX.sub("", word)
            stems = stemmed_terms(word)
            known = stems and all(idf.get(t, 0.0) > 0 for t in stems)
            if word not in names and known and not _common(word, idf):
                names.append(word)
    return names


def _common(name: str, idf: dict[str, float]) -> bool:
    """A name many chunks use (LLM, MLLMs, CLIP) is a word of the field, not one thing's name."""
    values = [idf.get(t, 0.0) for t in stemmed_terms(name)]
    return bool(values) and all(0.0 < v < COMMON_NAME_IDF for v in values)


def asked_heads(question: str) -> list[Head]:
    """The asked-for attributes after *what / which / how many* (see the module docstring).

    The noun phrase ends at an auxiliary, a preposition or a role noun; a phrase that
    holds a role noun or only names ("which data augmentation technique", "which LLM")
    asks which thing it is, answered by the paper itself, and yields no attribute; a
    measure noun ("what share") asks for a figure.
    """
    heads: list[Head] = []
    for part in question_parts(question):
        heads += _part_heads(part)
    return heads


def _is_role(word: str) -> bool:
    return word.lower() in _ROLE_WORDS or bool(stemmed_terms(word) & ROLE_NOUNS)


def _part_heads(question: str, roles: bool = False) -> list[Head]:
    heads: list[Head] = []
    start = _HEAD_START.search(question)
    # Only a question word among the part's first words asks; a later one is a relative
    # clause ("... tells you which whole film contains ...").
    starts = [start] if start and len(question[: start.start()].split()) <= 3 else []
    for start in starts:
        # "what score does it introduce": which score, not its value (a name answers it)
        quantity = bool(_QUANTITY.match(question, start.start())) and not asks_named_thing(question)
        words: list[str] = []
        for token in re.finditer(r"[\w-]+|[,;?]", question[start.end() :]):
            word = token.group(0)
            if word.lower() in ("and", "or", ","):
                if words:
                    heads.append(_head(words, quantity))
                words = []
                continue
            if word in (";", "?") or word.lower() in _HEAD_STOP:
                break
            if words and _PAST.fullmatch(word):  # "how many recording sites showed ...": a verb
                break
            words.append(word)
            if len(words) == 3 or _is_role(word):
                break
        if words:
            head = _head(words, quantity)
            if (
                head.role
                and not quantity
                and start.group(0)[0].lower() == "w"  # what / which, not how many
                and (stemmed_terms(words[-1]) & _SYSTEM_NOUNS or _NAME.fullmatch(words[-1]))
                and _PAPER_ACTS.match(question, start.end() + len(" ".join(words)))
            ):
                # the systems a paper evaluates are others', answered only by naming them
                head = Head(head.phrase, stemmed_terms(head.phrase) - STOPWORDS, quantity, named=True)
            heads.append(head)
        elif quantity:
            heads.append(Head("figure", set(), True, about=_measured(question[start.end() :])))
    return [h for h in heads if h.terms or h.quantity or (roles and h.role)]


# "which models | does it evaluate": the question's paper evaluates the systems asked (a do-auxiliary,
# then it/they or "the/that/this paper/work/study/authors", then a verb of evaluating).
_PAPER_ACTS = re.compile(
    r"\s+(?:do|does|did)\s+(?:it|they|the authors|(?:the|that|this)\s+(?:paper|work|study|article))\s+"
    r"(?:evaluat|test|benchmark|assess|compar|examin|prob)\w*",
    re.IGNORECASE,
)
_SYSTEM_NOUNS = stemmed_terms("model models system systems baseline baselines")
# Where the words saying what a bare figure measures end: its context ("improve | over GPT-4o").
_MEASURED_END = frozenset(
    """over than compared versus vs on in across for at between when while under with against from to of
    after before during per relative""".split()
)


def _measured(rest: str) -> tuple[str, ...]:
    """The content words of a bare figure question's clause up to its context ("does the
    fine-tuned model improve | over Chameleon" -> fine-tuned, improve): no auxiliaries, names,
    pronouns or kind-of-answer words."""
    words: list[str] = []
    for token in re.finditer(r"[\w-]+|[,;?]", rest):
        word = token.group(0)
        low = word.lower()
        if word in (",", ";", "?") or low in _MEASURED_END:
            break
        if low in STOPWORDS or low in _HEAD_STOP or low in _COUNT_WORDS or _NAME.fullmatch(word) or _is_role(word):
            continue
        if stemmed_terms(word) - _AGGREGATES:
            words.append(word)
    return tuple(words)


def asks_which_thing(question: str) -> bool:
    """Whether a part asks which paper/model/method it is ("which network fuses ..."): the
    paper the answer is about answers it, whatever its abstract's words."""
    return any(h.role and not h.terms and not h.quantity for part in question_parts(question) for h in _part_heads(part, roles=True))


def head_words(head: Head) -> list[str]:
    """The head's words that must be stated (role and measure nouns dropped)."""
    return [w for w in re.findall(r"[\w-]+", head.phrase) if stemmed_terms(w) & head.terms]


def _head(words: list[str], quantity: bool) -> Head:
    words = [w for w in words if w.lower() not in _COUNT_WORDS and not w.isdigit()] or words
    stems = stemmed_terms(" ".join(words))
    if any(_is_role(w) for w in words) or all(_NAME.fullmatch(w) for w in words):
        return Head(" ".join(words), set(), quantity, role=True)  # which thing: the paper answers it
    if stems & _MEASURE_NOUNS:
        # "what batch size": a figure of the batch; "what share": a figure of anything
        measured = stems - _MEASURE_NOUNS - _AGGREGATES - STOPWORDS
        return Head(" ".join(words) if measured else "figure", measured, True)
    return Head(" ".join(words), stems - STOPWORDS, quantity)
