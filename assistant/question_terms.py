"""What a question asks, in words: its separately asked parts, its main clause, and the
stemmed terms it asks of a paper (not the ones naming the paper). Used by
:mod:`assistant.evidence` (answer scores) and :mod:`assistant.asked` (the gap check)."""

from __future__ import annotations

import re

from llama_index.core.utils import globals_helper

from assistant.text import STOPWORDS, stemmed_terms, weighted_share
from assistant.types import Source

# Words of a request that say what to do, not what about, and generic words that
# carry no topic ("many", "single", "beyond").
TASK_WORDS = frozenset(
    """summarize summarise summary overview give approaches approach related work works survey
    literature recent research paper papers collection draft section write methods method
    compare comparison table discussed discuss across among between these those
    proposing proposes propose studying studies study tackling addresses address
    many several various different single beyond more most once two three multiple way ways
    kind kinds type types one ones first
    over involving involve involves relating relate relates regarding concerning""".split()
)
# Not topic either, when choosing papers: the function words of a conversational request ("Can you
# draft ... of my paper", "here": NLTK's English stopwords, bundled with llama-index) and words that
# ask for a kind of text; a rare one ("here", "my", "review") held by a few abstracts weighed as much
# as the topic itself under pool IDF². (Theme names keep TASK_WORDS: "literature review" is a name.)
NOT_TOPIC = (
    TASK_WORDS
    | frozenset(
        """paragraph paragraphs review reviews background short brief please need want say says tell
        could would might may must shall help keep make provide list thanks thank hi hello""".split()
    )
    | frozenset(w for w in globals_helper.stopwords if w.isalpha())
)
# Question words and words that name the kind of thing asked for, not the thing.
GENERIC = stemmed_terms(
    "what which how many much does did do paper papers work study model models method approach "
    "collection here any tell about describe give"
)
# Verbs of contribution are stopwords for retrieval but say what is asked ("what do they propose").
_ASKING_VERBS = {
    "propose": "propos",
    "proposes": "propos",
    "proposed": "propos",
    "present": "present",
    "presents": "present",
    "presented": "present",
    "introduce": "introduc",
    "introduces": "introduc",
    "introduced": "introduc",
    # "What does MixSpeech contribute?" asks for the contribution as "propose" does (new-user trial 13:
    # its contribution sentences were quoted, yet flagged as low relevance, 0.14)
    "contribute": "contribut",
    "contributes": "contribut",
    "contribution": "contribut",
    "contributions": "contribut",
}
ASKING_VERB_TERMS = frozenset(_ASKING_VERBS.values())
# Where a question's main clause ends and its context begins ("What fix do they propose | for
# the problem that benchmark exposes?").
_CONTEXT_START = re.compile(
    r"\s(?:for|of|in|on|to|from|by|about|over|between|that|which|who|where|when|while|so|because|"
    r"after|before|against|across|compared|than)\s",
    re.IGNORECASE,
)
# A preposition may open a part's question phrase ("..., and under which license ...?", "by how much").
_PREPOSITIONS = r"(?:across|in|on|for|over|from|with|by|at|of|under|to|into|through|during|after|before|against|between)"
# Where a multi-part question splits: "how many X, and which Y", "X; Y", "X? Y", "X — how many Y",
# "which work does X, and also proposes Y", and a sentence of context before the question
# ("I remember an MLLM that ... . How many ...?";
# not after an initial or "et al.", "e.g.", "vs.").
_PART_SPLIT = re.compile(
    r"\?\s+|;\s*|,?\s+and also\s+|(?<=[a-z]{2})(?<!\bal)(?<!\bvs)\.\s+(?=[A-Z])|"
    rf",?\s+and\s+(?=(?:{_PREPOSITIONS}\s+)?(?:how|what|which|who|where|when|whether)\b|(?:on|in|for|over)\b)|"
    rf"(?:,|\s+[—–]|\s+-{{1,2}})\s+(?=(?:{_PREPOSITIONS}\s+)?(?:how|what|which|who|where|when)\b)",
    re.IGNORECASE,
)


def question_parts(question: str) -> list[str]:
    """The separately asked parts of a question (one item for a single question)."""
    parts = [p.strip(" ,?") for p in _PART_SPLIT.split(question) if terms(p)]  # "What do they propose" is a part
    return parts if len(parts) > 1 else [question]


def terms(text: str) -> set[str]:
    """Stemmed content terms plus contribution verbs (see ``_ASKING_VERBS``)."""
    verbs = {_ASKING_VERBS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _ASKING_VERBS}
    return stemmed_terms(text) | verbs


# The words a procedure question asks with ("How was the dataset built / collected?"), stemmed.
MAKING_VERBS = frozenset(
    terms("build built construct constructed collect collected create created make made curate curated assemble "
          "assembled compile compiled gather gathered annotate annotated label labelled labeled generate generated "
          "produce produced prepare prepared source sourced obtain obtained")
    # what is made, when the question names no more ("How was the MIBench dataset built?": the word
    # "datasets" of its huggingface link is no step)
    | terms("dataset datasets data benchmark benchmarks corpus corpora")
)


def asked_terms(text: str, source: Source, keep_title: bool = False) -> set[str]:
    """The stemmed terms of ``text`` that ask something of ``source`` (not its name; with
    ``keep_title``, its title words too: "Which papers use a mixture of experts?" asks each
    paper for the topic its title may name)."""
    return terms(text) - (set() if keep_title else stemmed_terms(source.title)) - GENERIC


def main_clause(question: str) -> str:
    """The question up to where its context starts: what it asks, not what it is about.

    The first preposition or relative word after the third word ends it ("What fix do
    they propose" of "What fix do they propose for the problem that benchmark exposes?").
    """
    words = question.split()
    head = " ".join(words[:3])
    match = _CONTEXT_START.search(question, len(head))
    return question[: match.start()] if match else question


def without_title(text: str, title: str) -> str:
    """``text`` without the words of ``title`` (by stem): what it asks, not whom it names."""
    named = stemmed_terms(title)
    kept = [w for w in text.split() if not (stemmed_terms(w) and stemmed_terms(w) <= named)]
    return " ".join(kept)


# The kinds of thing a question asks for or describes ("which papers", "a study that ...", "any
# corpora"): one list for every such pattern (here, :mod:`assistant.conversation`,
# :mod:`assistant.subject_phrases`).
KIND_NOUNS = (
    "paper", "work", "study", "article", "model", "method", "approach", "system", "framework", "benchmark",
    "dataset", "corpus", "architecture", "technique", "network", "tool", "resource", "evaluation", "survey",
    "research", "project",
)
_IRREGULAR_PLURALS = {"study": "studies", "approach": "approaches", "corpus": "corpora", "research": "research"}


def kind_pattern(*, singular: bool = True, plural: bool = True) -> str:
    """A regex group matching a :data:`KIND_NOUNS` word in its singular and/or plural form."""
    forms = [noun for noun in KIND_NOUNS if singular]
    forms += [_IRREGULAR_PLURALS.get(noun, noun + "s") for noun in KIND_NOUNS if plural]
    return "(?:" + "|".join(dict.fromkeys(forms)) + ")"


# A question about several things asks for several of a kind ("which papers", "any works"), or
# an overview of a plural; a plural elsewhere ("a paper about models losing ...") does not.
_KINDS = kind_pattern(singular=False)
_PLURAL = re.compile(
    rf"\b(?:which|what|any|are there(?: any)?|list|name)\s+(?:[\w-]+\s+){{0,3}}?{_KINDS}\b|"
    rf"^\s*(?:summari[sz]e|give an overview|overview|related work|compare)\b.*\b{_KINDS}\b",
    re.IGNORECASE,
)
# ... or compares named things ("Compare Uni-MoE and MoMa"; not "versus a dense baseline").
_COMPARE = re.compile(r"\b(?:compare|comparison (?:of|between)|versus|vs)\b", re.IGNORECASE)
_NAMED = re.compile(r"(?<![\w.-])(?=[\w.-]*[A-Z])[A-Z0-9][\w.-]*[A-Z0-9][\w.-]*")


def asks_for_several(question: str) -> bool:
    """Whether ``question`` asks for several papers ("Which papers ...", "What methods ...",
    "compare X and Y" with two names, "Summarize ... approaches"), not one that merely uses a
    plural or compares with a baseline ("versus a dense baseline")."""
    compares = _COMPARE.search(question) and len(set(_NAMED.findall(question))) >= 2
    return bool(_PLURAL.search(question) or compares)


def relating_verb(question: str) -> str | None:
    """The verb relating the papers a question asks for to its topic ("Which papers **apply**
    multimodal models to recommendation?", "What methods **exist** for ..."), None when the
    asked-for kind is not followed by one: a paper on the topic need not use that verb."""
    several = _PLURAL.search(question)
    if several is None:
        return None
    verb = re.match(r"\s+(?:(?:do|does|that|which|here)\s+)*([a-z]+)\b", question[several.end() :])
    return verb.group(1) if verb and verb.group(1) not in STOPWORDS else None


# Two words the question offers as alternatives: "audio or speech", "images, video or audio".
_OR = re.compile(r"\b([A-Za-z][\w-]*),?\s+or\s+([A-Za-z][\w-]*)\b")


def or_groups(text: str) -> list[set[str]]:
    """The stemmed terms ``text`` joins by "or" ("Which papers study audio or speech?" →
    ``[{"audio", "speech"}]``); a pair only when both sides are content words ("or not" is none)."""
    groups = [stemmed_terms(m.group(1)) | stemmed_terms(m.group(2)) for m in _OR.finditer(text)]
    return [g for g in groups if len(g) == 2]


def share_of(asked: set[str], found: set[str], idf: dict[str, float], groups: list[set[str]] = ()) -> float:
    """:func:`~assistant.text.weighted_share` of ``asked`` in ``found`` where each group of
    alternatives (:func:`or_groups`) counts once: held when one member is, else missing with its
    heaviest member's weight. A paper on speech alone answers "audio or speech" (new-user trial 13
    saw WavCaps, an audio captioning dataset, left out of "Which papers study audio or speech?")."""
    for group in groups:
        if not group <= asked:
            continue
        held = group & found
        asked = asked - (group - held) if held else asked - set(sorted(group, key=lambda t: -idf.get(t, 1.0))[1:])
    return weighted_share(asked, found, idf)


def topic_share(question: str, source: Source, idf: dict[str, float]) -> float:
    """IDF-weighted share (0..1) of the question's terms (question words left out) that the
    paper's title and abstract hold, alternatives counted once (:func:`share_of`); 1 when the
    question has none."""
    return share_of(terms(question) - GENERIC, terms(f"{source.title} {source.abstract}"), idf, or_groups(question))


def first_terms_share(question: str, source: Source, first: Source, idf: dict[str, float]) -> float:
    """IDF-weighted share (0..1) of the question's terms held by ``first`` (title or abstract,
    question words left out) that ``source`` holds too, alternatives counted once; 1 when
    ``first`` holds none."""
    groups = or_groups(question)
    held = (terms(question) - GENERIC) & terms(f"{first.title} {first.abstract}")
    held |= {t for g in groups if g & held for t in g}  # another alternative answers as well
    return share_of(held, terms(f"{source.title} {source.abstract}"), idf, groups)


# A question choosing among the papers referred to by a property: "Which of them uses contrastive
# learning?", "Which of these papers ...". Not a comparison ("Which one has more samples?" wants both
# papers' counts).
_CHOOSES = re.compile(
    r"\b(?:which|what)\s+(?:one\s+|ones\s+|two\s+)?of\s+(?:them|these|those|the\s+\w+|both)\b", re.IGNORECASE
)
_COMPARES = re.compile(
    r"\b(?:more|most|less|least|fewer|fewest|better|best|worse|worst|than|\w+er\s+than|larger|largest|bigger|"
    r"biggest|smaller|smallest|higher|highest|lower|lowest|faster|fastest)\b",
    re.IGNORECASE,
)


def chosen_among(question: str, papers: list[Source], idf: dict[str, float], ratio: float) -> list[Source]:
    """The ``papers`` a question choosing among them by a property asks for (:data:`_CHOOSES`, not a
    comparison): those holding at
    least ``ratio`` of the :func:`topic_share` the best of them holds, best first (ties in their
    order); all of ``papers``, in order, for another question. Title filter "mixup", then "Which of
    them uses contrastive learning?" quoted MixSpeech first, whose abstract never mentions it
    (new-user trial 17)."""
    if len(papers) < 2 or not _CHOOSES.search(question) or _COMPARES.search(question):
        return papers
    shares = [topic_share(question, p, idf) for p in papers]
    top = max(shares)
    kept = [(share, i) for i, share in enumerate(shares) if share >= ratio * top]
    return [papers[i] for _, i in sorted(kept, key=lambda k: (-k[0], k[1]))]
