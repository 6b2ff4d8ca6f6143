"""The open problem an abstract itself states, for the summaries' "Open problems" list.

A sentence qualifies when it states a limitation or an open question ("remains
underexplored", "still struggle", "an open challenge") and is neither:

- a contribution: "To overcome this limitation, we introduce CAT" names a limitation only to
  introduce the paper's answer to it (a contribution verb after "we"/"this work", or a purpose
  lead-in "To overcome/address ... this limitation");
- a result: the paper's findings, conclusions or experiments as its subject ("Our main findings
  reveal that ... critical limitations"): what a study found, not what it leaves open;
- a sentence that points back at something named earlier
  (:func:`assistant.antecedents.needs_antecedent`: "They usually overlook ..." means earlier datasets,
  "This limitation stems from ..." an earlier sentence's; quoted alone under the paper's name it
  reads as the paper's own or lacks its antecedent).
"""

from __future__ import annotations

import re

from assistant.antecedents import drop_lead_in, needs_antecedent
from assistant.prose import clean_latex, short_name
from assistant.text import CONTRIBUTION, split_sentences
from assistant.types import Source

OPEN_PROBLEM = re.compile(
    r"remains? (?:an? )?(?:open|challenging|unclear|unexplored|underexplored|limited)|open (?:problem|challenge|question)"
    r"|future (?:work|research)|limitation|still (?:struggle|lag|fall)|yet to be|largely unexplored",
    re.IGNORECASE,
)
# A limitation named to introduce the paper's answer: "To overcome this limitation, ...",
# "we propose ... to address the limitation", "its findings provide ... for future research".
_ANSWERS_IT = re.compile(
    r"^(?:To|In order to) (?:overcome|address|tackle|bridge|fill|mitigate|alleviate|remedy|solve|resolve)\b|"
    r"\b(?:we|this (?:paper|work|study)|it)\s+(?:\w+ly\s+|also\s+|further\s+)?"
    r"(?:propos|introduc|present|develop|design|build|construct|releas|offer|provid|contribut)\w*\b|"
    r"\b(?:our|its) (?:\w+ )?(?:findings|results|work|method|approach|framework|benchmark) "
    r"(?:provides?|offers?|opens?|paves?|lays?)\b",
    re.IGNORECASE,
)

# The paper's own results: "Our main findings reveal that: i) open-source OLMs exhibit critical
# limitations ...", "Our conclusions regarding ... yield actionable insights for future work",
# "Experiments show that ...". What a study found is its result, not a problem it leaves open.
_REPORTS_RESULT = re.compile(
    r"^(?:(?:Overall|Together|Finally|Moreover|In summary|In conclusion),? )?(?:(?:our|its|the|these|their) )?"
    r"(?:\w+ ){0,2}(?:findings|results|conclusions|experiments|analys[ie]s|evaluations|observations|insights)\b",
    re.IGNORECASE,
)


def states_open_problem(sentence: str) -> bool:
    """True for a sentence stating a limitation or open question that is not the paper's answer
    to it and does not open by pointing back at an earlier sentence."""
    return bool(
        OPEN_PROBLEM.search(sentence)
        and not CONTRIBUTION.search(sentence)
        and not _ANSWERS_IT.search(sentence)
        and not _REPORTS_RESULT.match(sentence.strip())
        and not needs_antecedent(sentence)
    )


def open_problems(sources: list[Source]) -> list[tuple[Source, str]]:
    """Per paper, the first sentence in which its abstract states an open problem (see the module
    docstring), cleaned of LaTeX; papers stating none are left out."""
    found = []
    for s in sources:
        for sentence in split_sentences(s.abstract):
            if states_open_problem(sentence):
                # "Together, our research suggests X remains open": the paper's own finding, without "Together,"
                found.append((s, clean_latex(drop_lead_in(sentence), short_name(s.title))))
                break
    return found
