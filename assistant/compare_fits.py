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
- :func:`stand_alone`: a sentence whose only reference to an earlier one is its opening clause
  ("To overcome this issue, we propose a three-stage processing pipeline ...") stands alone
  without it ("…we propose a three-stage ...").
"""

from __future__ import annotations

import re

from assistant.antecedents import needs_antecedent
from assistant.compare_checks import QUANTITY

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


def states_abilities(sentence: str) -> re.Match[str] | None:
    """What an evaluation covers: a count of its scenarios, dimensions, patterns or tasks ("spans 27
    dimensions"), else a word of ability in a sentence about testing ("to comprehensively evaluate
    fine-grained abilities of MLLMs"), else None."""
    return TAXONOMY_COUNT.search(sentence) or (_ABILITY.search(sentence) if _TESTING.search(sentence) else None)


def states_source(sentence: str) -> re.Match[str] | None:
    """Where a dataset's data come from ("We sourced audio clips ... from web sources"), else what its
    items are in a quantity of data ("more than 20M trailer clips"), else None."""
    return _PROVENANCE.search(sentence) or QUANTITY.search(sentence)


def fit_rank(key: str, sentence: str) -> int:
    """Lower first: for abilities a count of what is evaluated before a word of ability; for a source
    the data's provenance before a quantity that only says what the items are."""
    if key == "abilities":
        return 0 if TAXONOMY_COUNT.search(sentence) else 1
    if key == "source":
        return 0 if _PROVENANCE.search(sentence) else 1
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
