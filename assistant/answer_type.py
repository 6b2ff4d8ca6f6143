"""Expected answer types: what kind of sentence answers a question part, whatever its words.

Classic question classification for QA (Li & Roth, "Learning Question Classifiers",
COLING 2002; Moldovan, Harabagiu et al., "The Structure and Performance of an
Open-Domain Question Answering System", ACL 2000): the question word and its head noun
say what kind of answer is wanted, and a candidate sentence that holds an answer of
that kind is preferred. A paraphrase ("which model came out on top") shares few words
with the sentence that answers it ("GPT-4o consistently surpasses other models"), but
the sentence holds a comparison; "how many visual patterns" is answered by the one
sentence with a count ("nine basic visual patterns").

Coarse types, each a question pattern and a sentence pattern:

- ``quantity``: "how many/much/large ...", "what score/size/saving/speedup ...", a metric
  asked by name ("what WER"), "by what factor", "to what extent" wants a number (digits or a
  number word);
- ``best``: "which model came out on top / performed best / won" wants a comparison
  ("outperforms", "surpasses", "best", "state-of-the-art");
- ``proposal``: "what (fix/method/solution) do they propose", "how do they address ..."
  wants a contribution sentence ("we propose ...", :data:`assistant.text.CONTRIBUTION`);
- ``comparison``: "is X better than Y", "does X beat / outperform Y", "how did X fare
  against ..." wants a comparing sentence ("lower accuracy than", "compared to");
- ``conclusion``: "what did the authors conclude / find", "main findings" wants a summing-up
  sentence ("Together, our research suggests ...", "results show");
- ``limitation``: "where did it fail", "what weaknesses/limitations" wants a sentence
  of failure or contrast ("suffers", "struggle", "fails", "but");
- ``release``: "does it release code", "is the dataset available" wants the paper's own release
  statement or link (:func:`assistant.compare_checks.states_release`, as the tables' code column);
- ``source``: "where were they collected from", "what sources" wants where data came from
  ("We sourced audio clips ... from web sources", "derived from ... Chinese and English sources");
- ``procedure``: "how was the dataset built / collected / annotated" wants the steps that made it
  ("We sourced audio clips ... from web sources", "a three-stage processing pipeline for filtering ...");
- ``definition``: "what is X" (the part asks nothing else) wants the sentence introducing or defining X
  ("Here, we propose Mixture-of-Mamba, a novel SSM architecture ...");
- ``evaluation``: "how is it evaluated", "what experiments" wants a sentence of experiments,
  benchmarks or measured outcomes ("Our experimental results demonstrate that Wings outperforms ...").
"""

from __future__ import annotations

import re

import numpy as np

from assistant.compare_checks import states_release
from assistant.sentence_types import SENTENCE_TYPES
from assistant.text import CONTRIBUTION

_QUANTITY_NOUNS = (
    r"(?:score|scores|accuracy|size|sizes|number|percentage|percent|rate|speedup|speed-up|saving|savings|"
    r"count|amount|proportion|share|fraction|gain|gains|improvement|margin|budget|cost|length|"
    r"parameters?|scale|ratio|reduction|boost|error|latency|throughput|perplexity|top-[15]|"
    # a metric asked by its name ("What WER does it get?") wants its figure as "what score" does;
    # case-sensitive, so "what map of the brain" asks for none
    r"(?-i:WER|CER|BLEU|CIDEr|ROUGE|METEOR|FID|SDR|SI-SDR|PSNR|SSIM|mAP|AUC|F1|FLOPs))"
)
_QUESTION_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "quantity",
        re.compile(
            r"\bhow (?:many|much|large|big|long|small|fast|far|high|low|often|much faster|much better)\b|"
            rf"\b(?:what|which)\s+(?:[\w-]+\s+){{0,3}}?{_QUANTITY_NOUNS}\b|\bby how\b|\bby what (?:factor|multiple)\b|"
            r"\bto what (?:extent|degree)\b|\bhow well\b.*\bscor(?:e|es|ed|ing)\b|"
            # "What did the model that ... gain on average?": a change or score asked by its verb wants
            # the figure as "what gain" does (dev11: AKI's "+7.2% on average" went unquoted).
            r"\bwhat (?:do|does|did)\b(?:\s+\S+){1,30}?\s+(?:gain|gains|gained|save|saves|saved|lose|loses|lost|"
            r"score|scores|scored)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "best",
        re.compile(
            r"\b(?:which|what|who)\b.*\b(?:on top|came out ahead|(?:performs?|performed|did|does|scored?) (?:the )?best|"
            r"best[- ]performing|strongest|won|wins|leads?|led|top[- ]performing|outperform\w*|beat|beats|"
            r"rank(?:s|ed)? (?:first|highest|top|best)|came (?:out )?first|first place|topped|highest[- ]scoring|"
            r"most accurate)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "comparison",
        re.compile(
            r"\b(?:is|are|was|were|does|do|did)\b.*\b(?:better|worse|faster|slower|more accurate|stronger|weaker|"
            r"harder|easier|cheaper|more (?:difficult|challenging|effective|efficient|promising|useful))\b|"
            r"\b(?:how|which)\b.*\bcompare[sd]?\b|"
            # "Does X beat Y at Z?" asks for the comparing finding ("X provides lower accuracy than Y"),
            # not the sentence repeating X's description (d8-para-20).
            # ... also after an opening phrase ("When recognizing mixed emotions in videos, does X beat Y?").
            r"(?:^\s*|[,;:]\s+)(?:is|are|was|were|does|do|did|can|could|will|would)\b.*\b(?:beat|beats|outperform\w*|surpass\w*|"
            r"exceed\w*|rival\w*|match|matches|lose to|loses to|(?:fall|falls|lag|lags) behind)\b|"
            # "How did X fare / stack up against the others?" asks for a comparison, in any words.
            r"\bhow (?:do|does|did|well do|well does|well did)\b.*\b(?:fare|stack up|measure up|hold up|against|"
            r"relative to|compared (?:to|with)|versus|vs)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "conclusion",
        re.compile(
            r"\b(?:what|which)\b.*\b(?:conclu\w*|takeaways?|take-aways?|lessons?|implications?|main findings?|"
            r"key findings?|findings)\b|\bwhat (?:do|does|did) (?:they|it|the \w+|the authors|the study|the paper)\s+"
            r"(?:find|suggest|show|conclude|learn)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "proposal",
        re.compile(
            r"\b(?:what|which)\b.*\b(?:propose|proposed|proposes|introduce|introduced|introduces|suggest|suggests|"
            r"suggested|offer|offers|put forward|contribute|contributes|contributed|contributions?)\b|"
            r"\bhow (?:do|does|did) (?:they|it|the \w+|the authors)\s+(?:\w+\s+)?(?:fix|address|solve|mitigate|"
            r"overcome|tackle|remedy|handle)\b|\b(?:what|which) (?:fix|remedy|solution|cure)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "Does that paper release code?" quoted five sentences, the code link last (new-user trial 9)
        "release",
        re.compile(
            # not an adjective of the subject ("the first openly released model handling video ...", dev12)
            r"(?<!openly )(?<!publicly )(?<!newly )\b(?:release[sd]?|releasing|publish(?:es|ed)?|share[sd]?|open[- ]sourced?)\s+(?:\w+\s+){0,2}?"
            r"(?:code|weights|models?|checkpoints?|data(?:set)?s?|implementation)\b|"
            r"\b(?:code|weights|checkpoints?|data(?:set)?|implementation)\s+(?:\w+\s+){0,2}?(?:available|released|public|"
            r"open[- ]sourced?)\b|\b(?:github|repository|repo)\b|\bwhere can i (?:find|get|download)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "..., and where were they collected from?" quoted "... the costly collection process of existing
        # datasets" (its word), not "We sourced audio clips ... from web sources" (new-user trial 12)
        "source",
        re.compile(
            r"\bwhere (?:do|does|did|is|are|was|were)\b(?:\s+[\w-]+){0,6}?\s+(?:collected|sourced|gathered|obtained|"
            r"taken|drawn|harvested|crawled|scraped|recorded|derived|compiled|come|comes|came)\b|"
            r"\b(?:what|which)\s+(?:[\w-]+\s+){0,2}?(?:sources?|origins?)\b(?!\s+code)",
            re.IGNORECASE,
        ),
    ),
    (
        # "How was the dataset built?" about WavCaps quoted its size, results and code link, not "We sourced
        # audio clips ..." or its "three-stage processing pipeline" (new-user trial 16)
        "procedure",
        re.compile(
            r"\bhow (?:is|are|was|were|has|have|had)\b(?:\s+[\w-]+){0,5}?\s+(?:(?:been|being)\s+)?(?:built|"
            r"constructed|collected|created|made|curated|assembled|compiled|gathered|annotated|labell?ed|generated|"
            r"produced|prepared|sourced|obtained)\b|\bhow (?:do|does|did) (?:they|it|the \w+|the authors|we|[\w-]+)\s+"
            r"(?:build|construct|collect|create|make|curate|assemble|compile|gather|annotate|label|generate|produce|"
            r"prepare|source|obtain)\b|\b(?:construction|collection|curation|annotation) (?:process|procedure|pipeline)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "..., and how is it evaluated?" quoted six method sentences, not "Our experimental results
        # demonstrate that Wings outperforms ..." (new-user trial 13)
        "evaluation",
        re.compile(
            r"\bhow (?:is|are|was|were|do|does|did)\b(?:\s+[\w-]+){0,4}?\s+(?:evaluated|tested|assessed|validated|"
            r"benchmarked|evaluate|test|assess|validate)\b|\b(?:what|which)\s+(?:[\w-]+\s+){0,2}?"
            r"(?:experiments?|evaluations?|evaluation settings?)\b|\b(?:evaluated|tested|validated) on what\b",
            re.IGNORECASE,
        ),
    ),
    (
        # what it reports as results ("What results does it report?": MixSpeech's BLEU sentence,
        # new-user trial 13; MIBench's "The results reveal that ...", not its evaluation setup, trial 10)
        "result",
        re.compile(r"\b(?:what|which)\s+(?:[\w-]+\s+){0,2}?(?:results?|performance)\b|\bhow (?:well|good)\b", re.IGNORECASE),
    ),
    (
        # "What is Mixture-of-Mamba, and ...?" quoted its FLOPs figures, not "Here, we propose Mixture-of-Mamba,
        # a novel SSM architecture ..." (new-user trial 16): a part that only asks what a thing is
        "definition",
        re.compile(
            r"^\s*(?:so\s+|and\s+)?what(?:'s|\s+is|\s+are)\s+(?:an?\s+|the\s+)?(?!(?:it|they|this|that|these|those|its|their)\b)"
            r"[\w-]+(?:\s+(?!(?:of|in|on|for|with|from|to|by|about|at|like|used|doing|does|do|called|named|known|termed)\b)[\w-]+){0,3}\s*[?.!]?\s*$",
            re.IGNORECASE,
        ),
    ),
    (
        "limitation",
        re.compile(
            r"\b(?:where|how|when) (?:do|does|did) (?:it|they|the \w+)\s+(?:still\s+)?(?:fail|struggle|fall short)\b|"
            r"\b(?:what|which)\s+(?:[\w-]+\s+){0,2}?(?:weakness|weaknesses|limitation|limitations|shortcoming|"
            r"shortcomings|drawbacks?|downsides?|disadvantages?|pitfalls?|failure|failures|flaws?|problems?(?!\s+(?:does|do|did|is|are|was|were)\s+(?:[\w-]+\s+){0,4}?"
            # "What problem does it address?" asks for its motivation, not where it falls short.
            r"(?:address|solv|tackl|target|aim|focus|attack|overcom)\w*))\b|\bstill (?:fail|struggle)\w*\b",
            re.IGNORECASE,
        ),
    ),
)


# "What score does that paper introduce?" asks which score it is (a named thing: "the modality
# importance score"), not a figure: the part's verb makes or names the thing rather than measuring it
# (the bare verb after do/does/did, or the participle after is/was: "what metric is proposed").
_NAMING_VERB = re.compile(
    r"\b(?:(?:do|does|did)\s+(?:[\w-]+\s+){0,3}?(?:introduce|propose|define|design|devise|coin|formulate|create|"
    r"develop|present|name|call)|(?:is|are|was|were)\s+(?:[\w-]+\s+){0,2}?(?:introduced|proposed|defined|designed|"
    r"devised|coined|formulated|created|developed|presented|named|called))\b",
    re.IGNORECASE,
)

_COUNT_ASKED = re.compile(r"\bhow (?:many|much|large|big|long)\b|\b(?:number|size|amount) of\b", re.IGNORECASE)


def asks_named_thing(part: str) -> bool:
    """Whether ``part`` asks which thing a paper introduces or names ("what score does it introduce"),
    so a measure noun in it ("score", "metric") asks for the thing's name, not a figure. "How many
    samples does it introduce" still asks a figure."""
    return _NAMING_VERB.search(part) is not None and _COUNT_ASKED.search(part) is None


def expected_type(part: str) -> str | None:
    """The answer type one question part asks for (``quantity``, ``best``, ``proposal``,
    ``limitation``), or None when its words name no type (the first matching pattern wins; a
    part asking which thing is introduced is never a quantity)."""
    for kind, pattern in _QUESTION_TYPES:
        if kind == "quantity" and asks_named_thing(part):
            continue
        if pattern.search(part):
            return kind
    return None


def type_matches(part: str, sentences: list[str], alone: bool = False) -> np.ndarray:
    """[sentences] 1.0 where a sentence holds an answer of the part's expected type, else
    0.0 (all zeros when the part names no type). ``alone``: the question has this one part; a
    lone "What is X?" is then untyped (it asks for an overview: quoting only the introducing
    sentence lost a dev lookup's key fact), while a "what is X" part beside another asks for it."""
    kind = expected_type(part)
    if kind is None or (alone and kind == "definition"):
        return np.zeros(len(sentences))
    found = np.array([1.0 if states_type(kind, s) else 0.0 for s in sentences])
    if kind == "procedure":
        # The paper's own steps follow its introducing itself: a sentence before that sets the scene
        # ("Built on the power of LLMs, numerous MLLMs ...", "training-based video LLMs are difficult to
        # build due to the scarcity of ... curated ... data"), quoted for "How was the MIBench dataset
        # built?" and "How does TS-LLaVA build visual tokens?" (new-user trial 17).
        first = next((i for i, s in enumerate(sentences) if CONTRIBUTION.search(s)), 0)
        found[:first] = 0.0
    return found


# What the gap check says is not stated when no sentence of a paper holds an answer of the type
# (assistant.gaps); quantities are checked there as asked figures. A proposal part counts as
# asked and stated like the others, so that "What does X propose, and how many GPUs ...?"
# answers its first part and names the second as a gap instead of refusing both.
TYPE_GAPS = {
    "best": "which one did best",
    "limitation": "where it falls short",
    "proposal": "what it proposes",
    # "Does that paper release code?" with no release statement quoted six unrelated sentences
    "release": "whether its code or data is released",
    # "What results does it report?" answered by MixSpeech's BLEU and lip-reading sentences was
    # flagged low relevance (0.24): no asked word but the type's (new-user trial 13)
    "evaluation": "how it is evaluated",
    "result": "what results it reports",
}

# A figure asked of a change ("by how much does it improve / reduce ...") is stated by a sentence
# stating a change or comparison, whichever word it uses ("enhance", "savings", "outperforms").
_CHANGE_ASKED = re.compile(
    r"^(?:improv|gain|increas|boost|enhanc|reduc|decreas|drop|degrad|hurt|lower|rais|cut|save|saving|"
    r"speed|acceler|outperform|beat|surpass|fall|declin|shrink|grow|help|benefit|los(?:e|es|t|ing)\b)",
    re.IGNORECASE,
)
_CHANGE_STATED = re.compile(
    r"\b(?:improv\w*|gains?|increas\w*|boost\w*|enhanc\w*|reduc\w*|decreas\w*|drops?|dropp\w*|degrad\w*|"
    r"sav(?:e|es|ed|ing|ings)|speed-?ups?|faster|slower|fewer|less|lower|higher|better|worse|"
    r"outperform\w*|surpass\w*|exceed\w*|beat\w*|fell|falls?|declin\w*|cuts?|lift\w*|margin|"
    r"los(?:e|es|t|ing))\b",
    re.IGNORECASE,
)


def asks_change(word: str) -> bool:
    """Whether an asked word names a change (improve, reduce, gain, drop, ...)."""
    return bool(_CHANGE_ASKED.match(word))


def states_change(sentence: str) -> bool:
    """Whether ``sentence`` states a change or comparison (improves, savings, lower, outperforms)."""
    return bool(_CHANGE_STATED.search(sentence))


# A list item's number: "insights: 1) performing ...", "(2) a negative ...", "(ii) ...". IMP's two "key
# insights" read as figures and were quoted before its "77.0% on Kinetics-400" (new-user trial 17).
_ITEM_NUMBER = re.compile(r"(?:^|(?<=[\s:;]))\(?(?:\d{1,2}|[ivx]{1,4})\)(?=\s)")


def states_type(kind: str, sentence: str) -> bool:
    """Whether ``sentence`` holds an answer of type ``kind`` (a key of the sentence patterns)."""
    if kind == "release":  # the tables' code-column check: the paper's own release, not others'
        return states_release(sentence) is not None
    if kind == "quantity":  # a list item's number ("key insights: 1) performing ...") is no figure
        sentence = _ITEM_NUMBER.sub(" ", sentence)
    return bool(SENTENCE_TYPES[kind].search(sentence))
