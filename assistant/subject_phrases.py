"""What a question says about its subject: which paper made a name ("Which paper introduced MMEB?"),
a paper presupposed ("the original Transfusion paper"), and names that only describe the subject
("the method built on a pretrained CLAP model", "the study that predicted (SEEG) signals").
Split from :mod:`assistant.asked`, which re-exports them."""

from __future__ import annotations

import re

from assistant.question_terms import kind_pattern

# "Which paper introduced / proposed / released (the) X", "who created X": the paper that made X.
_INTRODUCED = r"\b(?:which|what|who)\b[^?]*?\b(?:introduc|propos|present|releas|creat|develop|construct|design)\w*\s+(?:the\s+)?"


def introduced_asked(name: str, question: str) -> bool:
    """Whether ``question`` asks which paper introduced ``name`` ("Which paper introduced MMEB ...?")."""
    return re.search(_INTRODUCED + re.escape(name) + r"(?![\w-])", question, re.IGNORECASE) is not None


def paper_asked(name: str, question: str) -> bool:
    """Whether ``question`` presupposes a paper about ``name`` ("the original Transfusion paper",
    "the ImageBind paper's"): then a paper that only mentions it cannot answer what is asked."""
    return re.search(re.escape(name) + r"(?:'s)?\s+(?:paper|article|publication)\b", question, re.IGNORECASE) is not None


# A name the subject is built on ("the method built on a pretrained CLAP model") describes what
# is asked about; it is not a thing whose figure is asked (GPT-4o of "GPT-4o's score").
_BUILT_ON = r"\b(?:built (?:on|upon)|based on|on top of|using|uses|use of|relying on|relies on|leverag\w+|with an?)\s+(?:(?:a|an|the|pretrained|pre-trained|frozen|off-the-shelf)\s+)*"


def describes_subject(name: str, question: str) -> bool:
    """Whether ``question`` names ``name`` as what its subject is built on ("... method built on a
    pretrained CLAP model"): then a sentence stating the asked figure need not name it too."""
    if re.search(_BUILT_ON + re.escape(name) + r"(?![\w-])", question, re.IGNORECASE):
        return True
    # ... or inside a relative clause describing the subject ("in the study that predicted intracranial
    # (SEEG) signals"): it says which paper is meant, not what the figure is of.
    return re.search(_DESCRIBED + r"[^?;]*?(?<![\w-])" + re.escape(name) + r"(?![\w-])", question, re.IGNORECASE) is not None


_DESCRIBED = rf"\b{kind_pattern(plural=False)}\s+(?:that|which|who)\b"
