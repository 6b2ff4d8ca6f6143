"""Evidence before words: the abstract sentences that answer a question, and how well.

Shared by the extractive writer (what to quote), the gap check and the answer's
relevance score. A sentence's answer score for a question (or one part of a
multi-part question) is

    score = SEMANTIC_WEIGHT * cos(question, sentence) + (1 - SEMANTIC_WEIGHT) * lexical

where the cosine is between all-MiniLM-L6-v2 embeddings (sentence vectors cached
per paper and sentence, so a paper's sentences are embedded once per process) and
``lexical`` is the IDF-weighted share of the question's *asked-for* terms in the
sentence: the question's stemmed content terms minus those of the paper's title,
which name the paper rather than ask something of it. With no asked-for terms left the
score is the cosine alone. When all that is asked is the paper's contribution ("What does
the Wings paper propose?": only the verb is left), a sentence stating a contribution holds
all of it, whichever verb it uses ("we present Wings ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from assistant.answer_type import expected_type, type_matches
from assistant.antecedents import opens_pointing_back, with_antecedents
from assistant.embed import Embedder
from assistant.part_answers import figure_lead, part_sentences
from assistant.question_terms import (  # noqa: F401 (question_parts, asks_for_several, ..._share: re-exported)
    ASKING_VERB_TERMS,
    MAKING_VERBS,
    asked_terms,
    asks_for_several,
    chosen_among,
    first_terms_share,
    main_clause,
    or_groups,
    question_parts,
    share_of,
    terms,
    topic_share,
    without_title,
)
from assistant.relevance import answer_relevance  # noqa: F401 (re-exported)
from assistant.sentence_vectors import SentenceVectors
from assistant.text import CONTRIBUTION, split_sentences
from assistant.types import Source

# Calibrated on eval/questions/dev.jsonl only (python -m eval answers --split dev).
SEMANTIC_WEIGHT = 0.5
# Added to the score of a sentence of the answer type its part expects (answer_type), to choose
TYPE_WEIGHT = 0.15  # what to quote. Dev only: 0.08 gains 1 paraphrase, 0.15-0.3 gain 2, none loses
# A sentence is quoted beside the best one when it scores this share of the best.
KEEP_RATIO = 0.6
# Below this best answer score the evidence is weak (a paraphrase that shares few words with
# the abstract): the first paper is quoted more fully, its WEAK_KEEP best sentences and every
# sentence stating its contribution, since which of its sentences answers is uncertain. More
# sentences of one paper cost no citation precision. Calibrated on dev only (key facts on
# lookups+paraphrases; see docs/answers.md).
CONFIDENT = 0.6
WEAK_KEEP = 5
# One sentence answers when its score (with the type bonus) leads the paper's next best by this
# much: then it is quoted alone (with the best sentence of each part, and the sentence it points
# back to), however low the score, rather than hedged with the WEAK_KEEP best. A new user saw 7
# of MMVP's 10 sentences quoted for "Which benchmark ...?", whose answer led by 0.22.
STANDOUT = 0.2
# A paper after the first is quoted only when its best sentence scores this share of the
# first paper's best: it must contribute an answering sentence, not share a topic.
INCLUDE_RATIO = 0.85
# ... and when its title and abstract hold this share of what the first paper's hold of the
# question's terms (topic_share): a sentence scoring well on a common word ("applied") does
# not make a paper on capsule routing one of the "papers that apply multimodal models to
# recommendation". The answer score leaves each paper's own title words out (they name it);
# this share counts them, since a title says what a paper is about. Calibrated on dev only.
TOPIC_RATIO = 0.5
# ... and when it holds this IDF-weighted share of the question's terms the first paper holds
# (first_terms_share): "Which papers apply multimodal models to recommendation?" is answered by
# papers on recommendation, not by papers sharing only "multimodal". On dev (the 172 of before
# d4) the further papers quoted wrongly held 0.04-0.81 of them, the right ones 0.31-1.00; 0.25
# dropped 3 wrong papers (multi-04 x2, summ-01) and no right one: precision 0.898 -> 0.904.
FIRST_TERMS_SHARE = 0.25
# Below this answer relevance (answer_relevance) the answer carries a notice. Not a refusal:
# on dev, right answers to paraphrases score 0.20-0.30, as low as off-topic questions
# (0.33-0.35), so relevance alone cannot refuse. Calibrated on dev only: of the 154 answered dev
# questions (217-question dev), 0.35 flagged 20 of the 109 with every key fact found (18%) for
# 7 of the 19 wrong or unanswerable ones; 0.25 flags 5 of 109 (5%) for 4 of 19. A new user saw
# the notice on right answers ("What does MoMa propose?", 0.14 still is) and stopped trusting it.
LOW_RELEVANCE = 0.25
# A contribution sentence that introduces a name: a capitalised word after its first
# ("we present Wings, ...", "we construct the Multimodal Visual Patterns (MMVP) benchmark").
_NAMES_ONE = re.compile(r"(?<=\s)(?<![.!?]\s)[A-Z][\w+-]*")


@dataclass
class PaperEvidence:
    """One candidate paper: its sentences and their answer scores."""

    source: Source
    sentences: list[str]
    scores: np.ndarray  # [parts + 1, sentences]: row 0 the whole question, then each part
    chosen: list[int] = field(default_factory=list)  # sentence indices to quote, abstract order
    # [parts + 1, sentences]: 1 where a sentence holds the row's expected answer type (answer_type)
    types: np.ndarray | None = None
    names: list[str] = field(default_factory=list)  # names the question uses, not in this paper's title
    asks_name: bool = False  # the question asks which paper/model/method it is (asked.asks_which_thing)
    semantic: np.ndarray | None = None  # [parts + 1, sentences]: the cosine half of ``scores``
    title_semantic: np.ndarray | None = None  # [parts + 1]: each text's cosine to the paper's title
    asked_type: str | None = None  # the whole question's expected answer type (answer_type)

    @property
    def best(self) -> float:
        return float(self.scores[0].max()) if self.sentences else 0.0

    def quoted(self) -> list[str]:
        return [self.sentences[i] for i in self.chosen]


@dataclass
class Evidence:
    """The papers to quote (first = the one the question is about) and the answer relevance."""

    question: str
    parts: list[str]
    papers: list[PaperEvidence]
    candidates: list[PaperEvidence]
    relevance: float = 0.0
    focused: bool = False  # the papers were given (named, or referred to by a follow-up), not found

    @property
    def paper_ids(self) -> list[str]:
        return [p.source.paper_id for p in self.papers]


def score_paper(
    question: str,
    parts: list[str],
    vectors: np.ndarray,
    source: Source,
    sentence_vectors: SentenceVectors,
    idf: dict[str, float],
    keep_title: bool = False,
) -> PaperEvidence:
    """Answer scores of every sentence of ``source`` for the question and each part.

    With ``keep_title`` (a question asking for several papers, none named) the paper's title
    words count as asked: they are the topic each paper must answer, not a name.

    ``vectors`` [2 * (parts + 1), dim]: each text's embedding, then each text's main clause
    without the first paper's title words; the cosine used is the mean of the two. The
    lexical share is the mean of the whole text's and its main clause's.
    """
    sentences = split_sentences(source.abstract)
    if not sentences:
        return PaperEvidence(source, [], np.zeros((len(vectors) // 2, 0)))
    matrix = np.stack(sentence_vectors.get([(source.paper_id, s) for s in sentences]))
    cosines = np.clip(vectors @ matrix.T, 0.0, 1.0)
    half = len(vectors) // 2
    semantic = (cosines[:half] + cosines[half:]) / 2
    sentence_terms = [terms(s) for s in sentences]
    rows = []
    groups = or_groups(question)  # "audio or speech": a sentence on either holds it
    types = np.stack([type_matches(t, sentences, alone=len(parts) < 2) for t in [question, *parts]])
    for text, row, kinds in zip([question, *parts], semantic, types, strict=True):
        asked = asked_terms(text, source, keep_title)
        core = asked_terms(main_clause(text), source, keep_title)
        if expected_type(text) == "procedure":
            # "How was it built?" asks for the steps, whichever verb states them: the word "built" in a
            # background sentence ("Built on the power of LLMs, ...", "video LLMs are difficult to build")
            # is no answer, a step ("we select few equidistant frames") is (new-user trial 17).
            asked, core = asked - MAKING_VERBS, core - MAKING_VERBS
        if not asked:
            rows.append(row)
            continue
        lexical = np.array([share_of(asked, st, idf, groups) for st in sentence_terms])
        if core and core != asked:  # the main clause counts as much as the whole question
            lexical = (lexical + np.array([share_of(core, st, idf, groups) for st in sentence_terms])) / 2
        if asked <= ASKING_VERB_TERMS and expected_type(text) == "proposal":
            # "What does the Wings paper propose?" asks for the contribution alone: a sentence stating
            # it holds what is asked, whichever verb it uses ("we present Wings" scored 0.08).
            lexical = np.maximum(lexical, kinds)
        rows.append(SEMANTIC_WEIGHT * row + (1 - SEMANTIC_WEIGHT) * lexical)
    # The title against the whole texts only: their second half lacks the title's words.
    title = np.clip(vectors[:half] @ sentence_vectors.get([(source.paper_id, source.title)])[0], 0.0, 1.0)
    return PaperEvidence(
        source, sentences, np.stack(rows), types=types, semantic=semantic, title_semantic=title, asked_type=expected_type(question)
    )


def choose_sentences(
    paper: PaperEvidence, keep: int, required: list[int] = (), expand_weak: bool = False
) -> list[int]:
    """Indices to quote, in abstract order.

    When one sentence answers (its score, with the type bonus, leads the next by ``STANDOUT``)
    it is quoted alone; else the ``keep`` best within ``KEEP_RATIO`` of the best, or, with
    ``expand_weak`` and a best score below ``CONFIDENT``, the ``WEAK_KEEP`` best (of the
    question's answer type when it has one) and the best contribution sentence. Then, in
    every case: the contribution sentence naming the thing a "which model ...?" question asks
    for, the best sentence of each part (and of each part's answer type), the best sentence
    holding each name the question uses, the ``required`` ones (a gap check's stating
    sentences), and the sentence a chosen one points back to (:func:`~assistant.antecedents.opens_pointing_back`:
    "From that, we construct ..."). The contribution sentence is one that stands alone."""
    if not paper.sentences:
        return []
    typed = paper.scores + (TYPE_WEIGHT * paper.types if paper.types is not None else 0.0)
    whole = typed[0]
    ranked = [int(i) for i in np.argsort(-whole)]
    # a contribution sentence that opens by pointing back ("From that, we construct ...") is no answer alone
    contributions = [i for i in ranked if CONTRIBUTION.search(paper.sentences[i]) and not opens_pointing_back(paper.sentences[i])]
    lead = whole[ranked[0]] - (whole[ranked[1]] if len(ranked) > 1 else 0.0)
    figure = figure_lead(paper, whole, ranked, STANDOUT)
    if figure is not None:  # the one sentence stating the asked figure (ranked first): quoted alone
        lead = max(lead, STANDOUT)
    if lead >= STANDOUT:
        chosen = {ranked[0]}
    elif expand_weak and paper.best < CONFIDENT:
        # A question with an expected answer type is hedged with sentences of that type only
        # ("What did they conclude?" gets the concluding sentences, not the five nearest).
        typed_only = paper.types is not None and paper.types[0].any()
        pool = [i for i in ranked if paper.types[0][i] > 0] if typed_only else ranked
        chosen = {ranked[0], *pool[: max(keep, WEAK_KEEP)]}
    else:
        chosen = {i for i in ranked[:keep] if whole[i] >= KEEP_RATIO * whole[ranked[0]]}
    naming = [i for i in contributions if _NAMES_ONE.search(paper.sentences[i])]
    if paper.asks_name and naming:  # "Which model ...?" is answered by the sentence naming it
        chosen.add(naming[0])
    elif contributions and lead < STANDOUT:
        chosen.add(contributions[0])
    chosen |= set(part_sentences(paper, typed))
    if paper.types is not None and paper.types[0].any():  # the question's answer type: its best sentence of it
        chosen.add(int(np.argmax(np.where(paper.types[0] > 0, paper.scores[0], -1.0))))
    for name in paper.names:  # a name the question uses is quoted where the abstract states it
        holding = [i for i in ranked if name.lower() in paper.sentences[i].lower()]
        if holding and not any(i in chosen for i in holding):
            chosen.add(holding[0])
    chosen |= set(required)
    # Skipping a sentence that points back instead lost key facts on 8 dev questions ("With this MIS,
    # we demonstrate ...", "Instead, we propose UniMM-Chat ... 1.1M"): they are the answers.
    # A figure reads right without what its opening clause points back at ("To fulfill this gap, we
    # present MMTrail, ... more than 20M trailer clips"); a subject pointing back still needs it.
    return sorted(with_antecedents(paper.sentences, chosen, opening_clause=figure is None))


def gather_evidence(
    question: str,
    sources: list[Source],
    embedder: Embedder,
    sentence_vectors: SentenceVectors,
    idf: dict[str, float],
    focus_ids: list[str] = (),
    max_papers: int = 4,
    candidates: int = 5,
) -> Evidence:
    """Score the sentences of the first ``candidates`` sources and pick what to quote.

    The papers in ``focus_ids`` (named by the question, or referred to by a follow-up)
    come first and are the only ones quoted; without them, the first retrieved paper is
    quoted, then, in retrieval order, each paper whose best sentence reaches
    ``INCLUDE_RATIO`` of the first paper's best.
    """
    parts = question_parts(question)
    texts = [question] + (parts if len(parts) > 1 else [])
    focus = [s for pid in focus_ids for s in sources if s.paper_id == pid]
    focus = chosen_among(question, focus, idf, TOPIC_RATIO)  # "Which of them ...?": those it holds for
    ordered = focus + [s for s in sources if s not in focus][: max(0, candidates - len(focus))]
    if not ordered:
        return Evidence(question, texts[1:] or [question], [], [])
    several = asks_for_several(question) and not focus
    asked = [main_clause(t) if several else without_title(main_clause(t), ordered[0].title) or t for t in texts]
    vectors = embedder.embed(texts + asked)
    scored = [score_paper(question, texts[1:], vectors, s, sentence_vectors, idf, several) for s in ordered]
    scored = [p for p in scored if p.sentences]
    evidence = Evidence(question, texts[1:] or [question], [], scored, focused=bool(focus))
    if not scored:
        return evidence
    first = scored[0]
    from assistant.asked import asks_which_thing, question_names  # asked imports this module

    names = question_names(question, idf)
    for paper in scored:
        paper.asks_name = asks_which_thing(question)
        paper.names = [n for n in names if n.lower() not in paper.source.title.lower()]
    if not several and not focus:
        max_papers = 1  # a question about one thing is answered by the paper that answers it best
    for paper in scored:
        if len(evidence.papers) == max_papers:
            break
        # A question about given papers is answered from them; otherwise a paper must answer
        # nearly as well as the best one to be quoted.
        if (
            paper is first
            or paper.source in focus
            or (
                not focus
                and paper.best >= INCLUDE_RATIO * first.best
                and topic_share(question, paper.source, idf) >= TOPIC_RATIO * topic_share(question, first.source, idf)
                and first_terms_share(question, paper.source, first.source, idf) >= FIRST_TERMS_SHARE
            )
        ):
            paper.chosen = choose_sentences(paper, keep=3 if paper is first else 2, expand_weak=paper is first)
            evidence.papers.append(paper)
    evidence.relevance = answer_relevance(evidence, idf)
    return evidence
