"""What does the question ask that the evidence does not state? One check, not a rule per shape.

A question asks for two kinds of specific things:
- **names** it uses: identifiers such as ``GPT-4o``, ``LLaVA-1.5``, ``MathVerse``,
  ``English-to-Spanish`` (a word with two capitals, or a capital and a digit);
- **asked-for attributes**: the noun phrase after *what / which / how many*
  ("what **license**", "what **learning rate**", "how many **parameters**"), unless it only
  names the kind of answer ("which *paper*", "what *fix*"). *How many / how much* and
  *what accuracy / score ...* also ask for a figure.

Each is checked against the sentences that would have to state it, in the paper the
answer is about (the target): a name must occur in the target's title or abstract;
an attribute must have all its terms in one sentence (a term also matches a word of
the sentence whose embedding is within ``WORD_SIMILARITY``), with a figure when one
is asked, and with every name of the question the target is not itself about
("GPT-4o's score" needs GPT-4o and a number in the same sentence).

A missing item becomes a gap ("The abstract of “PIN” [3] does not state a license");
when nothing asked is stated the answer is a refusal that names the gap and quotes
the closest sentence. Thresholds calibrated on ``eval/questions/dev.jsonl`` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from assistant.answer_type import TYPE_GAPS, asks_change, expected_type, states_change, states_type
from assistant.answerability import owns, states_quantity
from assistant.antecedents import opens_pointing_back
from assistant.asked import (
    ORIGINAL,
    SUBJECT,
    asked_heads,
    asks_which_thing,
    describes_subject,
    head_words,
    introduced_asked,
    paper_asked,
    question_names,
)
from assistant.evidence import LOW_RELEVANCE, question_parts
from assistant.gap_checks import ASKS_YES_NO, asked_difference, figure_asked, names_others, states_model_size
from assistant.names import (
    alternatives,
    mentions,
    mentions_exactly,
    missing_name,
    misspelt,
    nearest_name,
    only_spelled_out,
    respelt,
    spelled_out,
    states_name,
)
from assistant.sizes import asks_size, states_size
from assistant.term_matcher import WORD_SIMILARITY, TermMatcher  # noqa: F401 (re-exported)
from assistant.text import STOPWORDS, clipped, split_sentences, stemmed_terms
from assistant.topic_check import asked_topic, topic_held
from assistant.types import Source

__all__ = [
    "LOW_RELEVANCE",
    "GapReport",
    "TermMatcher",
    "asked_heads",
    "check_gaps",
    "mentions",
    "mentions_exactly",
    "misspelt",
    "nearest_name",
    "question_names",
    "spelled_out",
    "states_name",
]

_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
_PREPOSITIONS = frozenset("per of for in on at with by from to across over".split())
@dataclass
class GapReport:
    """The outcome of the check against one target paper."""

    gaps: list[str] = field(default_factory=list)  # sentences naming what is not stated
    refuse: bool = False  # nothing asked is stated
    stating: list[int] = field(default_factory=list)  # target sentences that state an asked item
    stated_parts: list[int] = field(default_factory=list)  # the question part (0-based) each of ``stating`` answers
    missing_parts: list[int] = field(default_factory=list)  # question parts (0-based) with an item not stated
    off_target: bool = False  # the target is not what the question names (a missing name or topic)
    # Parts whose kind of answer no sentence holds ("does it release code": no release statement):
    # no sentence is "closest" to them, so a refusal quotes none.
    kindless_parts: list[int] = field(default_factory=list)


def _measures(words: list[str], sentence: str, matcher: TermMatcher) -> bool:
    """Whether ``sentence`` says what a bare figure measures: one of ``words``, a change word
    ("improve") held by any statement of a change ("significantly enhance", "FLOPs savings")."""
    if any(asks_change(w) for w in words) and states_change(sentence):
        return True
    return any(matcher.held([w for w in words if not asks_change(w)] or words, sentence))


def _alternative_stated(item: str, names: list[str], missing: list[str], texts: list[str], matcher: TermMatcher) -> bool:
    """Whether one alternative of an "X or Y" is stated: a name of it that the abstracts use,
    or, for a phrase naming none ("brain signals"), all its words in one paper's title and abstract."""
    inside = [n for n in names if mentions(n, item)]
    if inside:
        return any(n not in missing for n in inside)
    words = [w for w in _WORD.findall(item) if w.lower() not in STOPWORDS]
    return bool(words) and any(matcher.holds(words, text) for text in texts)

def _stating(found: list[int], sentences: list[str], scores: np.ndarray | None) -> int:
    """Of the sentences that state an asked item, the one to quote: one that stands alone over one
    that points back ("From that, we construct ...", :func:`~assistant.antecedents.opens_pointing_back`), then the best scoring."""
    return max(found, key=lambda i: (not opens_pointing_back(sentences[i]), scores[i] if scores is not None else -i))


def check_gaps(
    question: str,
    target: Source,
    quoted: list[Source],
    matcher: TermMatcher,
    idf: dict[str, float],
    scores: np.ndarray | None = None,
    sources: list[Source] = (),
    focused: bool = False,
) -> GapReport:
    """Check every name and asked-for attribute of ``question`` against ``target``'s abstract
    (names also against the other ``quoted`` papers). See the module docstring."""
    report = GapReport()
    question = respelt(question, question_names(question, idf), [target, *quoted])
    names = question_names(question, idf)
    # "the original NoteLLM" is not NoteLLM-2: a name asked as the first version must occur itself.
    original = bool(ORIGINAL.search(question))
    missing_names = [
        n
        for n in names
        if not any(
            mentions_exactly(n, f"{s.title} {s.abstract}") if original else states_name(n, s) for s in [target, *quoted]
        )
    ]
    # "EEG or brain signals": one alternative stated answers; when none is, the gap names them all.
    shown = {n: n for n in missing_names}
    texts = [f"{s.title} {s.abstract}" for s in [target, *quoted]]
    for group in alternatives(question):
        # A name offered as an alternative opens its item ("EEG", "TPU hardware"; not "watermark
        # AI-generated images", where "or" joins two verbs' phrases).
        inside = [n for n in missing_names if any(item.split()[0] == n for item in group)]
        if not inside:
            continue
        if any(_alternative_stated(item, names, missing_names, texts, matcher) for item in group):
            missing_names = [n for n in missing_names if n not in inside]
        else:
            shown.update({inside[0]: " or ".join(group), **{n: "" for n in inside[1:]}})
    sentences = split_sentences(target.abstract)
    whole = f"{target.title} {target.abstract}"
    where = f"The abstract of “{target.title}” [{target.n}]"
    title_terms = stemmed_terms(target.title)
    asked = 0
    stated = 0
    for index, part in enumerate(question_parts(question)):
        # Names of this part that the target is not about must be stated beside what is asked
        # (an acronym the abstract only spells out names its topic, not a thing with figures).
        companions = [
            n
            for n in question_names(part, idf)
            if n not in missing_names
            and not owns(target, n, family=True)
            and not only_spelled_out(n, f"{target.title} {target.abstract}")
            and not describes_subject(n, part)
        ]
        for head in asked_heads(part):
            asked += 1
            words = head_words(head)
            # A bare figure ("by how much does it improve") is one of what the part says it
            # measures: a count of nine patterns does not say by how much a fix improves.
            measured = [w for w in head.about if not stemmed_terms(w) <= title_terms]
            # "What is the size of it?": an amount (clips, samples), not any figure ("three ways")
            size = head.phrase == "figure" and not measured and asks_size(part)
            found = [
                i
                for i, s in enumerate(sentences)
                if (not words or matcher.holds(words, s) or states_model_size(words, s))
                and (not head.quantity or (states_size(s) if size else states_quantity(s)))
                and (not measured or _measures(measured, s, matcher))
                and all(mentions(n, s) for n in companions)
                and (not head.named or names_others(s, target, idf))
            ]
            if not found and words and not head.quantity and not head.named:
                found = [i for i, s in enumerate(sentences) if matcher.instances(words, s)]
            compound = len(words) > 1 and not _PREPOSITIONS & {w.lower() for w in words}  # not "snippets per video"
            if not found and head.quantity and compound and matcher.holds(words[:-1], whole):
                # "How many recording sites ...?" of an abstract counting "neural sites" and recording
                # elsewhere ("SEEG recordings"): the modifiers say which paper, the head noun what is counted.
                found = [
                    i
                    for i, s in enumerate(sentences)
                    if matcher.holds(words[-1:], s) and states_quantity(s) and all(mentions(n, s) for n in companions)
                ]
            if found:
                stated += 1
                report.stating.append(_stating(found, sentences, scores))
                report.stated_parts.append(index)
                continue
            of = f" for {' and '.join(companions)}" if companions else ""
            what = asked_difference(head.phrase, part) or f"the {head.phrase}"
            if head.phrase == "figure":
                what = figure_asked(measured, part) if measured else "its size" if size else "the figure asked"
                if measured and all(mentions(n, part) for n in companions):
                    of = ""  # the phrase names them already ("the accuracy on ImageNet")
            verb = "name" if head.named else "state"  # "which models does it evaluate": none named
            report.gaps.append(f"{where} does not {verb} {what}{of}.")
            report.missing_parts.append(index)
        # "which model came out on top" asks for a comparison; no sentence making one states it.
        kind = expected_type(part)
        # a release is asked by a yes/no or where question ("Does it release code?"); in a which/what
        # question release words describe the subject ("... where only unlabeled data are available")
        if kind == "release" and not ASKS_YES_NO.match(part):
            kind = None
        if kind in TYPE_GAPS and not asked_heads(part):
            asked += 1
            typed = [i for i, s in enumerate(sentences) if states_type(kind, s)]
            if typed:
                stated += 1
                report.stating.append(_stating(typed, sentences, scores))
                report.stated_parts.append(index)
            elif kind == "release" and target.code_url:  # the paper's code link answers it
                stated += 1
            else:
                report.gaps.append(f"{where} does not state {TYPE_GAPS[kind]}.")
                report.missing_parts.append(index)
                report.kindless_parts.append(index)
    # A question about a name no retrieved paper is about (it is only mentioned in passing).
    # ("What did they find about GPT-4o?" asks what the abstracts say of it: a mention answers.)
    # A name the target mentions, asked of a paper the question names ("How did GPT-4o do on
    # MMNeedle?", MMNeedle's paper), is asked as what that paper says of it: no missing paper.
    named_paper = any(owns(target, n) for n in names)
    about = [
        n
        for n in (m.group(1).rstrip(".") for m in SUBJECT.finditer(question) if m.group(0)[:5].lower() != "about")
        if n in names
        and n not in missing_names
        and not any(owns(s, n, family=True) for s in sources)
        and not (named_paper and states_name(n, target))
    ]
    # "Which paper introduced MMEB, and how many tasks ...?": a gap even when the rest is stated (mmE5 uses MMEB).
    # "the original Transfusion paper": asked of a paper that is not in the collection.
    if about and (not asked or introduced_asked(about[0], question) or paper_asked(about[0], question)):
        report.gaps.append(f"No paper in the collection is about {about[0]}; the abstracts only mention it.")
        report.off_target = True
        # What is asked of a paper the collection lacks ("the main contributions of the original LLaVA
        # paper") is not answered by one that mentions its name, whatever a sentence of it states.
        report.refuse = report.refuse or not asked or paper_asked(about[0], question)
    topic = asked_topic(question, target, names, focused)
    if topic:  # "papers on X": X's words must be the paper's words (most of them)
        asked += 1
        text, share = topic
        if topic_held(text, share, target, matcher.held, idf):
            stated += 1
        else:
            report.gaps.append(_not_about(text))
            report.off_target = True
    report.gaps[:0] = [
        missing_name(name, original, [target, *quoted], sources, shown[name]) for name in missing_names if shown[name]
    ]
    report.off_target = report.off_target or bool(missing_names)
    # Nothing asked is stated: every attribute missing, or (none asked) every name.
    # A part asking which thing it is ("which network fuses ...") is answered by the target
    # itself when the target is what the question names: then an unstated attribute is a gap.
    answered_by_target = asks_which_thing(question) and not report.off_target
    # Every name missing and one of them the question's subject ("How large is the PIN-200M
    # dataset?"): what is stated is about another thing, whatever the attribute.
    subjects = {m.group(1).rstrip(".") for m in SUBJECT.finditer(question)}
    report.refuse = (
        report.refuse
        or bool(asked and not stated and not answered_by_target)
        or bool(names and missing_names == names and (not asked or subjects & set(missing_names)))
    )
    return report


def _not_about(topic: str) -> str:
    """The gap for a topic no retrieved abstract is about. A topic that is the whole question
    ("Which papers optimize freight routing?") is quoted, not pasted in as a noun phrase
    (it read "No retrieved abstract is about Which papers optimize ..."). A long one (a pasted
    paragraph) is shortened around "…": the gap pasted back 280 words."""
    text = clipped(topic.strip(" ?."), 240)
    if re.match(r"(?i)(which|what|how|who|where|when|why|is|are|do|does|any|summari[sz]e|describe|explain)\b", text):
        return f"No retrieved abstract is about what this asks: “{clipped(topic.strip(), 240)}”"
    return f"No retrieved abstract is about {text}."
