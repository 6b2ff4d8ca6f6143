"""Checks for comparison columns a benchmark's or a dataset's reader asks for (split from
:mod:`assistant.compare_checks`), and the part of a sentence that stands alone as a cell.

- an abilities column ("abilities tested", "which abilities they test", "capabilities evaluated"):
  what an evaluation covers, counted in units of a taxonomy ("three scenarios", "spans 27
  dimensions", "across nine basic visual patterns", "3 categories, 12 fields") or named by a word
  of ability ("to evaluate ... the capability to locate ...") — :func:`states_abilities`; a count
  ranks first (new-user trial 15: SEED-Bench-2's "27 dimensions, including the evaluation of both
  text and image generation" shares no word with "abilities tested");
- a source column ("data source", "source"): where the data come from ("sourced ... from web
  sources", "collected from YouTube"), else what its items are, in a quantity of data ("20M
  trailer clips", "27.1k hours of trailer videos") — :func:`states_source`; provenance ranks first;
- a training-data column ("training data", "pre-training data"): what the model is trained on — a
  training verb with a data noun ("we train MultiMAE entirely using pseudo labeling, which makes the
  framework widely applicable to any RGB dataset", "co-training on large-scale multimodal datasets and
  text corpora"), else named datasets ("on ImageNet", "datasets (ImageNet, ADE20K)") —
  :func:`states_training_data`; "for training versatile ... foundation models" names no data (4M);
- a count column may be answered by an enumeration of what it counts ("multiple transfer tasks (image
  classification, semantic segmentation, depth estimation)") — :func:`enumerates`;
- a modalities column quotes the abstract's own enumeration of its modalities ("input/output modalities -
  including text, images, geometric, and semantic modalities, as well as neural network feature maps")
  before the canonical set derived from its words — :func:`states_modality_list`;
- :func:`stand_alone`: a sentence whose only reference to an earlier one is its opening clause
  ("To overcome this issue, we propose a three-stage processing pipeline ...") stands alone
  without it ("…we propose a three-stage ...").
"""

from __future__ import annotations

import re

from assistant.antecedents import needs_antecedent
from assistant.compare_checks import GAP, OUTCOME, QUANTITY, modalities

# The aspects these checks answer: a word of ability, a word of origin.
ABILITY_ASPECT = re.compile(r"\b(?:abilit|capabilit|skill|competenc)\w*", re.IGNORECASE)
SOURCE_ASPECT = re.compile(r"\b(?:sources?|origins?|provenance)\b", re.IGNORECASE)

_COUNT = r"(?:\d[\d,.]*\+?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds)"
# Units of a taxonomy of what is evaluated; not "grade levels" or "problem types" (what the items are).
_TAXONOMY = (
    r"scenarios|dimensions|categories|patterns|aspects|abilities|capabilities|skills|competencies|"
    r"fields|subfields|sub-fields|domains|disciplines|subjects|tasks|sub-tasks|subtasks"
)
TAXONOMY_COUNT = re.compile(rf"(?<![\w.,-]){_COUNT} (?:[\w-]+ ){{0,3}}?(?:{_TAXONOMY})\b", re.IGNORECASE)
_ABILITY = re.compile(r"\b(?:abilit(?:y|ies)|capabilit(?:y|ies)|skills?|competenc(?:e|es|y|ies))\b", re.IGNORECASE)
# Where data come from: a verb of gathering with "from", or data "sourced"/"drawn" from somewhere.
_PROVENANCE = re.compile(
    r"\b(?:sourced?|collect\w*|harvest\w*|crawl\w*|scrap\w*|deriv\w*|drawn|gather\w*|obtain\w*|download\w*|"
    r"extract\w*|mined|compil\w*|aggregat\w*)\b[^.]{0,80}?\bfrom\b",
    re.IGNORECASE,
)


# A word of testing: an ability in a sentence without one is no ability tested ("mathematical reasoning,
# which is a foundational skill for human intelligence" opens CMM-Math's background).
_TESTING = re.compile(r"\b(?:evaluat|assess|test|measur|benchmark|prob|examin|stress-test)\w*", re.IGNORECASE)


# What a benchmark is for, named by a faculty after a verb of testing: "to evaluate and enhance the mathematical
# reasoning of LMMs" (CMM-Math's abilities were "not stated"; new-user trial 17).
_TESTED_FACULTY = re.compile(
    r"\bto (?:\w+ly )?(?:evaluate|assess|test|measure|benchmark|probe|examine)(?: and \w+)? (?:the |their |models' )?"
    r"(?:[\w-]+ ){0,3}?(?:reasoning|understanding|comprehension|perception|cognition|recognition|grounding|generation)\b",
    re.IGNORECASE,
)


def states_abilities(sentence: str) -> re.Match[str] | None:
    """What an evaluation covers: a count of its scenarios, dimensions, patterns or tasks ("spans 27
    dimensions"), else a word of ability in a sentence about testing ("to comprehensively evaluate
    fine-grained abilities of MLLMs"), else a faculty it is to test ("to evaluate ... the mathematical
    reasoning of LMMs"), else None."""
    ability = _ABILITY.search(sentence) if _TESTING.search(sentence) else None
    return TAXONOMY_COUNT.search(sentence) or ability or _TESTED_FACULTY.search(sentence)


# A models-evaluated column ("models evaluated", "evaluated models", "baselines compared").
_MODEL_NOUNS = r"(?:models|LLMs|MLLMs|LVLMs|LMMs|VLMs|systems|baselines)"
_DONE = r"(?:evaluated|tested|assessed|benchmarked|compared)"
MODELS_ASPECT = re.compile(rf"^(?:{_MODEL_NOUNS} {_DONE}|{_DONE} {_MODEL_NOUNS}|baselines)$", re.IGNORECASE)
# Models in the plural or by name ("eight LVLMs", "open-source models", "GPT-4V"): not "a scoring model"
# nor "existing MLLM training paradigms" (a modifier).
_MODELS = re.compile(r"\b(?:[A-Z]*(?:LM|LLM|LMM|VLM)s|(?i:models|baselines)|GPT-?[\w.]+|Bard|Gemini|Claude|LLaVA[\w.-]*)(?!\w)")
_EVALUATES = re.compile(r"\b(?:evaluat|assess|compar|examin|analy[sz])\w*|\b(?:test(?:ed|ing)?|benchmark(?:ed|ing))\b", re.I)
_PURPOSE_BEFORE = re.compile(r"\b(?:to|for)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_OWN_VOICE = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Tt]his (?:work|study|paper))\b")
_WE_DO = re.compile(r"\b[Ww]e (?:\w+ly |further |also |then )?$")


def models_evaluated(sentence: str) -> tuple[int, re.Match[str]] | None:
    """``(tier, cue)`` for a sentence naming the models a paper evaluated, else None. Tier 0: "we evaluate
    eight LVLMs"; 1: its own evaluation or analysis of models ("an early and holistic evaluation of LVLMs'
    abilities"); 2: a finding about models ("open-source OLMs exhibit critical limitations"). A purpose
    ("a benchmark for evaluating ... LVLMs", "designed to evaluate models' ability") and a recommendation
    ("We advocate for future research ...") name none (new-user trial 17: MMIE's and OmniBench's cells)."""
    own = _OWN_VOICE.search(sentence)
    for verb in _EVALUATES.finditer(sentence):
        before = sentence[: verb.start()]
        model = _MODELS.search(" ".join(sentence[verb.end() :].split()[:12]))
        if own and model and not _PURPOSE_BEFORE.search(before):
            cue = _MODELS.search(sentence, verb.end())
            return (0 if _WE_DO.search(before) else 1), cue or verb
    if OUTCOME.search(sentence) and (cue := _MODELS.search(sentence)):
        return 2, cue
    return None


def states_source(sentence: str) -> re.Match[str] | None:
    """Where a dataset's data come from ("We sourced audio clips ... from web sources"), else what its
    items are in a quantity of data ("more than 20M trailer clips"), else None."""
    return _PROVENANCE.search(sentence) or QUANTITY.search(sentence)


# What a model is trained on: a training verb, then in the same clause a preposition and a noun of data
# ("trained on a mixed multimodal dataset", "co-training on large-scale multimodal datasets", "we train
# MultiMAE entirely using pseudo labeling"), or the data before "we train" ("Leveraging these ... datasets,
# we train ..."). Not "training data" as a noun ("the architectural design of VLMs or pre-training data"),
# nor "data parallelism". New-user trial 16: MultiMAE's training data was "We propose a pre-training strategy".
_TRAIN_VERB = r"\b(?:(?:pre|co)-?train(?:s|ed|ing)?|train(?:s|ed)?|training|fine-?tun(?:e|es|ed|ing))\b"
_DATA_NOUN = r"\b(?:data(?:sets?)?(?! parallel)|corpus|corpora|pseudo[- ]?label\w*|image-text pairs|samples)\b"
TRAINED_ON = re.compile(
    rf"{_TRAIN_VERB}[^.;,]{{0,60}}?\b(?:(?:on|using|with|from|by)\b[^.;,]{{0,50}}?({_DATA_NOUN})|"
    rf"on (?:the )?((?-i:[A-Z]\w*[A-Z0-9][\w-]*)))|"  # a dataset's name after "on": "trained on WavCaps"
    rf"\b(?:data(?:sets?)?|corpus|corpora)\b[^.;]{{0,20}}?\bwe (?:also |further |then )?{_TRAIN_VERB}",
    re.IGNORECASE,
)
# "training on large-scale datasets is unnecessary": data the paper does not train on.
_NEGATED = re.compile(r"^[^.;,]{0,12}\b(?:is|are) (?:unnecessary|not (?:needed|required|used))\b", re.IGNORECASE)
# Datasets named in a list after the word: "datasets (ImageNet, ADE20K, Taskonomy)".
_NAMED_LIST = re.compile(r"\b(?:data(?:sets?)?|corpora|benchmarks?)\s*\((?:[A-Z][\w-]*,?\s*)+(?:and\s+[A-Z][\w-]*)?\)")


def states_training_data(sentence: str) -> re.Match[str] | None:
    """The data a sentence says a model is trained on (a training verb with a data noun, the cue at the
    noun), else datasets named in a list in a sentence reporting no outcome ("experiments are performed
    on ... datasets (ImageNet, ADE20K, ...)"; "achieves 77.0% on Kinetics-400" is where it was tested),
    else None (not a gap statement, nor "for training versatile ... foundation models": no data)."""
    if GAP.search(sentence):
        return None
    for trained in TRAINED_ON.finditer(sentence):
        if not _NEGATED.search(sentence[trained.end() :]):
            return _at_group(trained)
    return None if OUTCOME.search(sentence) else _NAMED_LIST.search(sentence)


def _at_group(match: re.Match[str]) -> re.Match[str]:
    """The data noun inside a training match, as a match of its own (the cell's window centres on it)."""
    group = 1 if match.group(1) else 2 if match.group(2) else 0
    return re.compile(re.escape(match.group(group))).search(match.string, match.start(group)) or match


# An enumeration of the counted noun: in parentheses after it ("tasks (image classification, semantic
# segmentation, depth estimation)") or a list after "such as" / "including" / ":" (two items or more).
_LIST = r"[^()]{1,80}?(?:,|\band\b|\bor\b)[^()]{1,80}?"


def enumerates(sentence: str, noun: str) -> re.Match[str] | None:
    """The enumeration of ``noun`` a sentence gives ("multiple transfer tasks (image classification,
    semantic segmentation, depth estimation)": three tasks, no number), else None."""
    stem = re.escape(noun.split()[-1].lower().rstrip("s"))
    return re.search(
        rf"\b{stem}s?\s*(?:\({_LIST}\)|(?:,\s*)?(?:such as|including|namely|:)\s+[^.;]{{1,80}}?,[^.;]{{1,80}}?\band\b)",
        sentence,
        re.IGNORECASE,
    )


# A sentence enumerating the modalities: "modalities - including text, images, geometric, and semantic
# modalities, ...", "This includes training on several semantic and geometric modalities, feature maps ...,
# for example image metadata or color palettes". Its list names a modality ("visual modality, such as color,
# size, and shape" lists attributes).
_MODALITY_LIST = re.compile(
    r"\bmodalit(?:y|ies)\b(?:\s*[-–—:,(]\s*|\s+)(?:including|such as|e\.g\.,?|namely|like)\s+([^.;]+)|"
    r"\b(?:includes?|including)\s+([^.;]*?\bmodalit(?:y|ies)\b[^.;]*)",
    re.IGNORECASE,
)


def states_modality_list(sentence: str) -> re.Match[str] | None:
    """An explicit enumeration of modalities in a sentence (the cue at its start): two items or more, one
    of them a canonical modality (:func:`modalities`) and one not ("geometric", "feature maps"), else None."""
    for match in _MODALITY_LIST.finditer(sentence):
        listed = match.group(1) or match.group(2)
        items = [i for i in re.split(r",|\band\b|\bor\b|\bas well as\b", listed) if i.strip(" ()") not in ("", "etc")]
        # all canonical ("image, video, text, and audio"): the derived list says the same
        if len(items) >= 2 and modalities(listed) and not all(modalities(i) for i in items):
            return match
    return None


def fit_rank(key: str, sentence: str) -> int:
    """Lower first: for abilities a count of what is evaluated before a word of ability; for a source
    the data's provenance before a quantity that only says what the items are; for training data a
    sentence about training on data before one that only names datasets."""
    if key == "abilities":  # a count of the abilities ("categorizes the ... abilities into three scenarios") first:
        # "For MIC, ... we set four sub-tasks" counts one part's tasks (new-user trial 17)
        return (0 if _ABILITY.search(sentence) else 1) if TAXONOMY_COUNT.search(sentence) else 2
    if key == "models evaluated":
        found = models_evaluated(sentence)
        return found[0] if found else 3
    if key == "source":
        return 0 if _PROVENANCE.search(sentence) else 1
    if key == "training data":  # trained on named data before datasets only named
        return 0 if TRAINED_ON.search(sentence) else 1
    return 0


# An opening clause up to its comma: "To overcome this issue, ", "Upon these insights, ".
_OPENING_CLAUSE = re.compile(r"^[^,]{1,80},\s+(?=[a-z])")


def stand_alone(sentence: str) -> str | None:
    """``sentence`` when it stands alone; the rest after its opening clause, marked "…", when only that
    clause points back ("To overcome this issue, we propose ..." → "…we propose ..."); else None."""
    if not needs_antecedent(sentence):
        return sentence
    clause = _OPENING_CLAUSE.match(sentence.strip())
    if clause:
        rest = sentence.strip()[clause.end() :]
        if re.match(r"(?:we|our)\b", rest) and not needs_antecedent(rest[:1].upper() + rest[1:]):
            return "…" + rest
    return None
