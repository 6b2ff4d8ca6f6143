"""What a paper itself is about, in a clause fit for "Unlike the work described here, X [n] ...".

The clause is drawn from the paper's title only, never from other sentences of its abstract:
an abstract also describes baselines, prior work and the field ("parallel fusion baselines ...
suffer catastrophic failure" in MultiModN's abstract), and a phrase cut out of such a sentence
reads as the paper's own claim. A title is written as a description of the paper itself, and
as a noun or gerund phrase, so it can follow "centres on" as it stands:

- "Uni-MoE: Scaling Unified Multimodal LLMs with Mixture of Experts" → "centres on scaling
  unified multimodal LLMs with mixture of experts";
- "4M-21: An Any-to-Any Vision Model for Tens of Tasks and Modalities" → "is an any-to-any
  vision model for tens of tasks and modalities";
- "Understanding Alignment in Multimodal LLMs: A Comprehensive Study" (generic part after the
  colon) → "centres on understanding alignment in multimodal LLMs".

A title that is a clause ("Seeing is Understanding"), an imperative ("Attend to Mix for Vision
Transformers") or only a coined name gives no clause (``""``): the caller then says less.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.antecedents import has_anaphor, without_anaphoric_tail
from assistant.prose import FINITE_WORDS, clean_latex, short_name, third_person, third_person_verb
from assistant.text import split_sentences
from assistant.types import Source

_FINITE = FINITE_WORDS  # a title part holding one is a clause, not a phrase ("MLLM Is a Strong Reranker")
# Title parts that only say what kind of paper it is ("A Comprehensive Study", "A Preliminary Case Study").
_GENERIC = frozenset(
    "a an the of on for in and preliminary comprehensive case study studies survey review overview "
    "analysis empirical systematic investigation report position paper benchmark new novel simple".split()
)
_PREPOSITIONS = frozenset("to into with on onto over through across from for".split())
_NAME_LINKS = frozenset("of and for in on to with the".split())  # "Mixture of Experts (MoE)"
_LEADING = re.compile(r"^(?:on|towards?|about)\s+", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?::|\?|\s[-–—]\s|(?<=\w)-\s)\s*")


def title_parts(title: str) -> tuple[str, str]:
    """(head, description): "Uni-MoE: Scaling ..." → ("Uni-MoE", "Scaling ..."); no split → ("", title)."""
    parts = _SPLIT.split(title.strip(), maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return parts[0].strip(), parts[1].strip()
    return "", title.strip()


def _is_phrase(text: str) -> bool:
    words = text.split()
    if len(words) < 2 or any(w.lower().strip(",()") in _FINITE for w in words):
        return False
    first, second = words[0].lower(), words[1].lower()
    # "Attend to Mix ...", "Plug Into LLM ...": a bare verb opening the title is an imperative.
    imperative = not first.endswith(("ing", "s", "ed", "al", "ic")) and second in _PREPOSITIONS
    return not imperative


def _generic(text: str) -> bool:
    return all(w.lower().strip(",()") in _GENERIC for w in text.split())


def _case(word: str, abstract: str) -> str:
    """Title case undone: lower-case unless the word is an acronym or name ("LLMs", "GPT-4V(ision)",
    "MoE") or the abstract capitalises it between lower-case words ("... with Bard.", "a Chinese
    dataset"); not a word it capitalises only inside a capitalised name ("Mixture of Experts (MoE)")."""
    if any(c.isupper() or c.isdigit() for part in word.split("-") for c in part[1:]):
        return word
    core = word.strip(",()")
    tokens = abstract.split()
    for i, token in enumerate(tokens[1:-1], start=1):
        if token.strip(",.;:()") != core or not core[:1].isupper():
            continue
        before, after = tokens[i - 1], tokens[i + 1]
        if before[:1].islower() and not before.endswith((".", "!", "?")) and (
            (after[:1].islower() and after not in _NAME_LINKS) or token.endswith((".", ",", ";", ":"))
        ):
            return word
    return word.lower()


def title_focus(source: Source) -> str:
    """The title's description of the paper as a phrase (see the module docstring); ``""`` if none."""
    head, description = title_parts(source.title)
    if _generic(description) and len(head.split()) >= 3:
        description = head  # "Understanding Alignment in Multimodal LLMs: A Comprehensive Study"
    description = _LEADING.sub("", description).strip(" .")
    if _generic(description) or not _is_phrase(description):
        return ""
    return " ".join(_case(w, source.abstract) for w in description.split())


def focus_clause(source: Source, focus: str | None = None) -> str:
    """ "centres on <focus>", or "is a/an <focus>" when the title describes the paper as "A ...";
    ``""`` if none, or if the focus is the name the paper goes by ("Generating Images with Multimodal
    Language Models [3] centres on generating images with ..." would say nothing). ``focus``: a part
    of :func:`title_focus` to state instead (see :func:`without_shared_purpose`)."""
    focus = title_focus(source) if focus is None else focus
    if not focus or focus.lower() in short_name(source.title).lower():
        return ""
    if re.match(r"(?:a|an)\s", focus):
        return f"is {focus}"
    return f"centres on {focus}"


def without_shared_purpose(focus: str, shared: Callable[[str], bool]) -> str:
    """ "<method> for <purpose>" → "<method>" when ``shared(purpose)``: the user's work has the same
    purpose, so only the method is a difference. "cross-modality self-learning with audio-visual
    stream mixup for visual speech translation and recognition", for a paragraph on lip-reading
    translation, → "cross-modality self-learning with audio-visual stream mixup"."""
    head, sep, purpose = focus.partition(" for ")
    if sep and len(head.split()) >= 2 and shared(purpose):
        return head
    return focus


# Verbs by which a paper states what it itself puts forward: "we propose a Mixture of Features (MoF)
# approach", "we construct the MMVP benchmark". Not "we evaluate X" or "we find that ..." (others' models,
# findings), whose objects are not the paper's own.
_OWN_VERBS = "propose present introduce develop design build construct create curate collect release identify"
_OWN = re.compile(rf"\b[Ww]e\s+(?:also\s+|further\s+|first\s+|then\s+|additionally\s+)?({'|'.join(_OWN_VERBS.split())})\b\s*")
# Where the object ends: a clause that says why or how ("to ...", ", demonstrating ...", "that ...").
_OBJECT_END = re.compile(
    r"\s*(?:[;:]|,\s+(?=(?:and|or|but|which|that|who|where|while|whereas|thus|thereby|to|as|\w+ing)\b)|\s[-–—]\s|"
    r"\s(?=(?:that|which|who|where|whereby|to|by|demonstrating|showing|"
    r"achieving|resulting|and (?:show|demonstrate|find|evaluate|achieve|conduct|use|leverage)\w*)\s))"
)
OBJECT_MAX_WORDS = 20
_ONE_WORD_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s+\S+$")
_DANGLING = re.compile(r"\s+(?:designed|aiming|aimed|intended|built|specialized|tailored|used|focusing|capable)$")


def own_statements(source: Source) -> list[tuple[str, str, str]]:
    """``(sentence, verb, object)`` for each abstract sentence in which the paper states what it puts
    forward ("we propose a Mixture of Features (MoF) approach, demonstrating ..." →
    ``("...", "proposes", "a Mixture of Features (MoF) approach")``), in abstract order. The object
    stops where a purpose or result clause begins; one that needs an earlier sentence ("With these
    pairs, we construct ...": the object is fine, "to address such bias" is cut) is cut or left out."""
    name = short_name(source.title)
    out = []
    for sentence in split_sentences(source.abstract):
        match = _OWN.search(sentence)
        if not match:
            continue
        rest = clean_latex(sentence[match.end() :], name)
        end = _OBJECT_END.search(rest)
        obj = without_anaphoric_tail(rest[: end.start()] if end else rest).strip(" .,")
        # "MultiModN, a multimodal", "OmniBench, a novel benchmark designed": no dangling word
        obj = _DANGLING.sub("", _ONE_WORD_APPOSITIVE.sub("", obj)).strip(" ,")
        obj = third_person(obj)  # "develops our model" → "develops its model"
        if obj and len(obj.split()) <= OBJECT_MAX_WORDS and not has_anaphor(obj):
            out.append((sentence, third_person_verb(match.group(1)), obj))
    return out
