"""Follow-ups as state: which earlier papers a question refers back to, if any.

A conversation is a list of :class:`assistant.types.Turn` (question, answer, the
paper ids the answer cited). A follow-up that refers back ("What fix does that paper
propose?", "How many LVLMs did they evaluate on it?") resolves to the papers of the
previous answer, carried forward as ids, never re-guessed from the old question's
words. A question that does not refer back starts fresh: nothing of the history
enters its query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from assistant.asked import coined_openers, question_names
from assistant.definite import refers_to_focus
from assistant.filters import Filters
from assistant.pointing_words import (
    ASKED_FOR_ONE,
    ASKS_FOR_ONE,
    ASKS_FOR_PAPER,
    BACK,
    CLAUSE_END,
    CONTINUES,
    INTRODUCES_ONE,
    ONE,
    ORDINAL,
    ORDINALS,
    OWN_NAME,
    PLURAL,
    SEVERAL,
    SWITCHES,
    THEY,
)
from assistant.question_terms import ASKING_VERB_TERMS, GENERIC, terms
from assistant.text import stemmed_terms, weighted_share
from assistant.types import Turn, bounded_question, repaired

if TYPE_CHECKING:
    from assistant.retrieve import PaperRetriever, Retrieval
    from assistant.store import Store


def as_turns(history: Sequence[Turn | str] | None) -> list[Turn]:
    """``history`` as turns: plain strings (older callers: CLI ``--history``) become
    turns without paper ids, which :meth:`assistant.ask.Assistant.replay` can fill."""
    turns = [t if isinstance(t, Turn) else Turn(question=str(t)) for t in history or []]
    # A pasted turn with bytes that are not UTF-8 (lone surrogates) would stop the embedder, and
    # a pasted paper would be replayed sentence by sentence: only its first words are read.
    return [t.model_copy(update={"question": bounded_question(repaired(t.question))[0]}) for t in turns]


def refers_back(question: str) -> bool:
    """Whether ``question`` points at something of an earlier turn.

    True for a continuation ("And ...", "What about ...") or a pointing word (it, they,
    that paper, this benchmark); a possessive (its, their) after a name of the question's
    own points at that name ("How does ImageBind align its modalities?").
    """
    return continues(question) or points_back(question)


def switches_topic(question: str) -> bool:
    """Whether ``question`` opens by saying it changes the subject ("Switching topics.",
    "Different question:", "Separately, ...", "Now something else:"): it then starts fresh."""
    return bool(SWITCHES.match(question))


def continues(question: str) -> bool:
    """Whether ``question`` opens as a continuation: "And ...", "What about ...", "How about ...";
    not when what follows asks for another paper ("Also, which paper brings ...?"). "Also,
    which datasets ...?" may ask about the earlier paper and stays a continuation."""
    match = CONTINUES.match(question)
    if not match:
        return False
    # A name after the opener may be the earlier paper's ("And on LRS3?"): see names_elsewhere.
    return not ASKS_FOR_PAPER.match(question[match.end() :].lstrip(" ,"))


def _own_subject(text: str, names: bool = True) -> bool:
    """Whether ``text`` introduces a subject of its own: it asks for a kind of thing ("which
    paper ...", "is there work ...", with no pointing word in that phrase) or (``names``)
    names something."""
    asks = ASKS_FOR_ONE.search(text) or INTRODUCES_ONE.search(text)
    if asks and not BACK.search(asks.group(0)):
        return True
    # A clause's first word is capitalised anyway, so it names only when no dictionary holds it
    # ("Switching topics. Symile derives ...": Symile).
    return names and bool(OWN_NAME.search(text) or coined_openers(text))


def points_back(question: str, names: bool = True) -> bool:
    """Whether ``question`` holds a pointing word (it, they, that paper, this benchmark) that
    does not point at a subject the question introduced itself.

    A possessive (its, their) after a name of the question's own points at that name ("How
    does ImageBind align its modalities?"); any pointing word in a later clause than one that
    introduces a subject points at it ("Which paper studies OCR in LMMs, and what did it
    find?", "Tell me about Tiny LVLM-eHub. How did Bard do in it?"). In the same clause a
    pronoun still points back ("Which model does it match?"). Without ``names``, a name in
    an earlier clause is no subject of the question's own ("On MSRVTT, what does it score?"
    may ask about the earlier paper's MSRVTT result: see ``Assistant.resolve``).
    """
    for match in BACK.finditer(question):
        before = question[: match.start()]
        possessive = match.group(0).lower() in ("its", "their", "his", "her")
        if possessive and OWN_NAME.search(before):
            continue
        clauses = CLAUSE_END.split(before)
        if len(clauses) > 1 and any(_own_subject(c, names) for c in clauses[:-1]):
            continue
        return True
    return False


def names_elsewhere(names: list[str], texts: list[str]) -> bool:
    """Whether a continuation names something the earlier papers never mention: "What about
    MedMax?" after a question on Wings moves to MedMax; "And on LRS3?" after MixSpeech's LRS2
    result stays with MixSpeech, whose abstract reports LRS3. Case-insensitive substring test."""
    said = " ".join(texts).lower()
    return bool(names) and not any(name.lower() in said for name in names)


def own_subject_elsewhere(question: str, names: list[str], texts: list[str], titled: Callable[[str], bool]) -> bool:
    """Whether a name the question gives before its first pointing word is one the earlier papers
    never mention and a stored paper's title holds (``titled``): the pointing word then points at that
    paper, a subject of the question's own. A model no stored paper is named for ("How does
    LLaVA-1.5 do on it?") leaves the pointing word on the earlier paper.
    "Who are the authors of MIBench and in what year was it published?" after the MoE papers was
    answered about Uni-MoE; "How did Bard do in it?" after Tiny LVLM-eHub, whose abstract names
    Bard, stays with it (new-user trial 15)."""
    pointer = BACK.search(question)
    before = question[: pointer.start()].lower() if pointer else ""
    said = " ".join(texts).lower()
    return any(name.lower() in before and name.lower() not in said and titled(name) for name in names)


# A continuation whose words the earlier papers hold less than this share of (IDF-weighted)
# asks about something else. Dev d3-switch-01 ("ok, and what about audio-visual violence
# detection - ...?" after PILL) was written after this was set and is fixed by it.
SAID_SHARE = 0.5


def said_elsewhere(question: str, texts: list[str], idf: dict[str, float]) -> bool:
    """Whether a continuation asks about something the earlier papers do not hold: "What
    about vision-language models for recommendation?" after WavCaps. ``idf`` weighs the
    question's stemmed terms (a term in no stored chunk weighs 0, so an attribute no
    abstract states keeps the earlier paper); True when the weighted share of them in
    ``texts`` is below ``SAID_SHARE``."""
    match = CONTINUES.match(question)
    asked = stemmed_terms(question[match.end() :] if match else question)
    return bool(asked) and weighted_share(asked, stemmed_terms(" ".join(texts)), idf) < SAID_SHARE


def condense_query(question: str, history: list[str]) -> str:
    """A standalone retrieval query for a follow-up whose earlier answer cited nothing (a continuation;
    a question pointing back is told there is no paper to point at):
    the most recent earlier question is appended (the new question's words first)."""
    if not history:
        return question
    return f"{question} ({history[-1]})"


@dataclass
class Resolved:
    """A question placed in its conversation."""

    question: str
    follow_up: bool
    paper_ids: list[str] = field(default_factory=list)  # the earlier papers it refers to, first = focus
    turns: list[Turn] = field(default_factory=list)  # the recent turns it continues (for an LLM)


def resolve(
    question: str,
    turns: Sequence[Turn],
    recent: int = 3,
    follow_up: bool | None = None,
    of_kind: Callable[[str, str], bool] | None = None,
) -> Resolved:
    """Resolve ``question`` against the conversation so far.

    A follow-up refers to the last turn whose answer cited papers: all of them for a
    plural reference ("these papers", "them"), else its first (the paper the answer
    was about). ``recent`` earlier turns are kept for an LLM's answer request.
    ``follow_up`` overrides whether the question refers back; a question that says it
    changes the subject (:func:`switches_topic`) never does. A bare definite description ("How was
    the dataset built?") refers to the paper in focus (:func:`assistant.definite.refers_to_focus`,
    ``of_kind(paper_id, kind)`` telling whether that paper is of the noun's kind).
    """
    if follow_up is None and turns and not refers_back(question):
        follow_up = refers_to_focus(question, turns, of_kind)
    if not turns or switches_topic(question) or not (refers_back(question) if follow_up is None else follow_up):
        return Resolved(question, follow_up=False)
    ids: list[str] = []
    if any(t.paper_ids for t in turns):
        several = in_focus(turns, recent)
        ordinal = ORDINAL.search(question)
        if ordinal and len(several) > 1:
            at = ORDINALS[ordinal.group(1).lower()]
            ids = [several[at]] if at < len(several) else several[:1]
        elif SEVERAL.search(question) or PLURAL.search(question):
            ids = several
        elif THEY.search(question) and not ONE.search(question) and not ASKED_FOR_ONE.search(_last_asked(turns)):
            ids = several
        else:
            ids = [t for t in turns if t.paper_ids][-1].paper_ids[:1]
    return Resolved(question, follow_up=True, paper_ids=ids, turns=list(turns)[-recent:])


def _last_asked(turns: Sequence[Turn]) -> str:
    """The question of the last turn whose answer cited papers."""
    return [t for t in turns if t.paper_ids][-1].question


def in_focus(turns: Sequence[Turn], recent: int = 3) -> list[str]:
    """The papers a plural or ordinal follow-up refers to, in the order they were discussed: every
    paper the last answer cited when it cited several ("What are MIBench and MMIE?"), else the
    paper each of the ``recent`` turns was about ("What is WavCaps?", "What is MMTrail?" → both)."""
    with_papers = [t for t in turns if t.paper_ids]
    last = with_papers[-1].paper_ids
    if len(last) > 1:
        return list(last)
    # Newest first, stopping at an earlier follow-up once two papers are in focus: its paper was
    # left behind when new ones were asked about ("What dataset does it use?" on Math-PUMA, then
    # "What is CMM-Math?", "What is PIN?", "Which one is bigger?" quoted Math-PUMA first: trial 16).
    leads: list[str] = []
    for turn in reversed(list(turns)[-recent:]):
        if len(leads) > 1 and refers_back(turn.question):
            break
        if turn.paper_ids and turn.paper_ids[0] not in leads:
            leads.insert(0, turn.paper_ids[0])
    return leads or list(last)


def paper_titles(store: Store, paper_ids: list[str]) -> list[str]:
    """The stored titles of ``paper_ids``, in that order (ids no longer stored are skipped)."""
    got = store.collection.get(where={"paper_id": {"$in": paper_ids}}, include=["metadatas"])
    titles = {m["paper_id"]: m["title"] for m in got["metadatas"]}
    return [titles[p] for p in paper_ids if p in titles]


def paper_texts(store: Store, paper_ids: list[str]) -> list[str]:
    """Title and abstract of each stored paper of ``paper_ids`` (chunk 0 carries the abstract)."""
    got = store.collection.get(
        where={"$and": [{"paper_id": {"$in": paper_ids}}, {"chunk_index": 0}]}, include=["metadatas"]
    )
    return [f"{m.get('title', '')}\n{m.get('abstract', '')}" for m in got["metadatas"]]


def pin_papers(
    retrieval: Retrieval, paper_ids: list[str], retriever: PaperRetriever, top_k: int
) -> Retrieval:
    """``retrieval`` with the referred papers first (fetched when not retrieved), renumbered
    from 1 and cut to ``top_k``; covered when any referred paper is still stored and passes
    ``retrieval.filters``. A referred paper the filters exclude is not pinned: a follow-up
    asked under a title filter ("mixup") used to be answered from the earlier, unfiltered papers."""
    have = {s.paper_id: s for s in retrieval.sources}
    chunks = dict(retrieval.chunks)
    filters = retrieval.filters
    pinned = []
    for pid in paper_ids:
        if pid not in have:
            if filters is not None and filters.paper_ids and pid not in filters.paper_ids:
                continue  # outside the papers the chat is scoped to
            scope = {**(filters.model_dump() if filters is not None else {}), "paper_ids": [pid]}
            one = retriever.retrieve(retrieval.query, top_k=1, filters=scope)
            if not one.sources:
                continue  # removed from the store since
            have[pid] = one.sources[0]
            chunks.update(one.chunks)
        pinned.append(have[pid])
    rest = [s for s in retrieval.sources if s.paper_id not in paper_ids]
    sources = [s.model_copy(update={"n": i}) for i, s in enumerate((pinned + rest)[:top_k], start=1)]
    return replace(retrieval, sources=sources, chunks=chunks, covered=retrieval.covered or bool(pinned))

# A first question that is all pointing has at most this many words of its own ("What score does
# it introduce?": score, introduce): nothing to search for but the paper it cannot point at.
_OWN_WORDS = 2


def dangling(
    question: str,
    resolved: Resolved,
    history: Sequence[Turn | str] | None = None,
    filters: Filters | dict[str, Any] | None = None,
) -> bool:
    """Whether ``question`` points back at a paper (:func:`points_back`) with none to point at: a
    follow-up whose earlier answers cited no paper, or a first question (no ``history``, no
    ``filters``, which may be "this work": Ask about this paper) naming nothing, with at most
    ``_OWN_WORDS`` words of its own (bad-input round 9: "What score does it introduce?" was
    searched as it stood and refused as not covered)."""
    if resolved.paper_ids or not points_back(question):
        return False
    if resolved.follow_up:
        return True
    unfiltered = Filters.of(filters) is None  # the Python API also takes the dict form
    own = terms(question) - GENERIC - ASKING_VERB_TERMS
    return not history and unfiltered and not question_names(question) and len(own) <= _OWN_WORDS
