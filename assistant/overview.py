"""Subfield summaries and related-work drafts, from the retrieved abstracts alone.

Without an LLM (the default) both are assembled, not generated:
- papers are selected for coverage: a wide retrieval, a relevance cut, and maximal
  marginal relevance (MMR; Carbonell & Goldstein, SIGIR 1998) so one theme does not
  crowd out the others;
- themes come from average-linkage agglomerative clustering of the papers' embeddings
  (mean of their chunk vectors), 2–6 papers a theme, each named by its most
  distinctive terms (class-based TF-IDF over the selected abstracts);
- each paper contributes the sentence that states what it proposes or finds, rewritten
  in the third person with the paper's name ("MoMa (MoMa: Efficient ...) introduces ...").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from assistant.retrieve import Retrieval
from assistant.text import CONTRIBUTION as _CONTRIBUTION
from assistant.text import STOPWORDS, content_terms, split_sentences, stemmed_terms, weighted_share
from assistant.types import Source

MAX_THEME = 6
# Words of a request that say what to do, not what about.
TASK_WORDS = frozenset(
    """summarize summarise summary overview give approaches approach related work works survey
    literature recent research paper papers collection draft section write methods""".split()
)
_OPEN_PROBLEM = re.compile(
    r"remains? (?:an? )?(?:open|challenging|unclear|unexplored|underexplored|limited)|open (?:problem|challenge|question)"
    r"|future (?:work|research)|limitation|still (?:struggle|lag|fall)|yet to be|largely unexplored",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^(?:In this (?:paper|work|study)|Here|To (?:address|tackle|bridge|fill|this end)[^,]*|"
    r"Specifically|Therefore|Thus|Consequently|As a result|Motivated by[^,]*|Inspired by[^,]*),\s*",
)


@dataclass
class Theme:
    """A group of related papers and its name."""

    name: str
    sources: list[Source]


def topic_terms(topic: str) -> set[str]:
    """The stemmed content terms of a request, without the words that name the task."""
    words = [w for w in content_terms(topic) if w not in TASK_WORDS]
    return stemmed_terms(" ".join(words))


def select_for_overview(
    retrieval: Retrieval,
    topic: str,
    vectors: dict[str, np.ndarray],
    min_relevance: float,
    limit: int,
    min_coverage: float = 0.3,
) -> tuple[list[Source], list[Source]]:
    """Relevant papers in MMR order (at most ``limit``), and relevant ones left out.

    A paper is relevant when its best chunk passes the relevance gate and its abstract
    or title holds at least ``min_coverage`` of the topic's IDF-weighted terms.
    """
    terms = topic_terms(topic)
    relevant = [
        s
        for s in retrieval.sources
        if (s.dense or 0.0) >= min_relevance
        and weighted_share(terms, stemmed_terms(f"{s.title} {s.abstract}"), retrieval.idf) >= min_coverage
    ]
    chosen: list[Source] = []
    pool = [s for s in relevant if s.paper_id in vectors]
    query = retrieval.query_vector
    while pool and len(chosen) < limit:  # MMR, lambda = 0.7 (relevance over novelty)

        def mmr(s: Source) -> float:
            novelty = max((float(vectors[s.paper_id] @ vectors[c.paper_id]) for c in chosen), default=0.0)
            return 0.7 * float(vectors[s.paper_id] @ query) - 0.3 * novelty

        best = max(pool, key=mmr)
        chosen.append(best)
        pool.remove(best)
    return chosen, pool


def cluster_papers(vectors: np.ndarray, max_size: int = MAX_THEME) -> list[list[int]]:
    """Average-linkage agglomerative clustering on cosine similarity; rows L2-normalised.

    Merges until about one theme per 3–4 papers, never above ``max_size`` a theme,
    then folds singletons into their nearest theme with room. Returns index lists,
    larger themes first.
    """
    n = len(vectors)
    if n <= 2:
        return [list(range(n))] if n else []
    sims = vectors @ vectors.T
    clusters = [[i] for i in range(n)]
    target = max(1, round(n / 3.5))
    while len(clusters) > target:
        best, pair = -2.0, None
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                if len(clusters[a]) + len(clusters[b]) > max_size:
                    continue
                link = float(sims[np.ix_(clusters[a], clusters[b])].mean())
                if link > best:
                    best, pair = link, (a, b)
        if pair is None:
            break
        a, b = pair
        clusters[a] += clusters.pop(b)
    for single in [c for c in clusters if len(c) == 1]:
        others = [c for c in clusters if c is not single and len(c) < max_size]
        if others:
            home = max(others, key=lambda c: float(sims[np.ix_(single, c)].mean()))
            home += single
            clusters.remove(single)
    return sorted(clusters, key=len, reverse=True)


def theme_names(groups: list[list[Source]], exclude: set[str] | None = None) -> list[str]:
    """Name each group by its 2 most distinctive title/abstract terms (class-based TF-IDF)."""
    exclude = exclude or set()
    docs = [Counter(_terms(" ".join(f"{s.title} {s.title} {s.abstract}" for s in g))) for g in groups]
    names = []
    for counts in docs:
        scored = {
            t: c * math.log(1 + len(docs) / sum(1 for d in docs if t in d))
            for t, c in counts.items()
            if t not in exclude
        }
        top = sorted(scored, key=lambda t: (-scored[t], t))[:2]
        names.append(" and ".join(top) if top else "other work")
    return names


def _terms(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z0-9\-]+", text)
    return [
        w.lower() for w in words if w.lower() not in STOPWORDS and w.lower() not in TASK_WORDS and len(w) > 3
    ]


def short_name(title: str) -> str:
    """The name a paper goes by: the part of its title before a colon, else the title."""
    head = title.split(":", 1)[0].strip()
    return head if head != title and len(head.split()) <= 5 else title


def _third_person(verb: str) -> str:
    verb = verb.lower()
    if verb.endswith(("s", "sh", "ch", "x")):
        return verb + "es"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _label(source: Source) -> str:
    """ "Name (*Title*)", or "*Title*" when the title has no short name."""
    name = short_name(source.title)
    return f"*{source.title}*" if name == source.title else f"{name} (*{source.title}*)"


def third_person(text: str) -> str:
    """An abstract's first-person pronouns in the third person ("our results" → "its results")."""
    text = re.sub(r"\b[Oo]ur\b", lambda m: "Its" if m.group(0)[0] == "O" else "its", text)
    text = re.sub(r"\bWe\b", "It", text)
    return re.sub(r"\b(?:we|us)\b", "it", text)


def contribution_sentence(source: Source) -> str:
    """The sentence stating what the paper proposes or finds, in the third person.

    "In this paper, we present Wings, a novel MLLM ..." becomes
    "Wings (Wings: Learning ...) presents Wings, a novel MLLM ...". Falls back to
    the abstract's first sentence with the paper's name in front.
    """
    sentences = split_sentences(source.abstract)
    label = _label(source)
    for sentence in sentences:
        match = _CONTRIBUTION.search(sentence)
        if match and match.start() < 40:
            rest = third_person(sentence[match.end() :].strip())
            return f"{label} {_third_person(match.group(1))} {rest}"
    first = _LEAD_IN.sub("", sentences[0]) if sentences else source.abstract
    return f"In {label}: {first}"


def open_problems(sources: list[Source]) -> list[tuple[Source, str]]:
    """Sentences in which an abstract itself states an open problem or limitation."""
    found = []
    for s in sources:
        for sentence in split_sentences(s.abstract):
            if _OPEN_PROBLEM.search(sentence):
                found.append((s, sentence))
                break
    return found


def group_into_themes(sources: list[Source], vectors: dict[str, np.ndarray], topic: str) -> list[Theme]:
    """Themes of the selected papers (see :func:`cluster_papers`, :func:`theme_names`)."""
    if not sources:
        return []
    matrix = np.stack([vectors[s.paper_id] for s in sources])
    groups = [[sources[i] for i in idx] for idx in cluster_papers(matrix)]
    names = theme_names(groups, exclude={w.lower() for w in re.findall(r"[A-Za-z\-]+", topic)})
    return [Theme(name, group) for name, group in zip(names, groups, strict=True)]


@dataclass
class OverviewPlan:
    """What an overview covers: themes of the selected papers, the relevant ones left out,
    and, for related work, the user's description and the papers closest to it."""

    themes: list[Theme]
    left_out: list[Source]
    about: str = ""
    closest: list[Source] | None = None

    def themes_line(self) -> str:
        """ "name: [1], [3]; name: [2]" for prompts."""
        return "; ".join(f"{t.name}: " + ", ".join(f"[{s.n}]" for s in t.sources) for t in self.themes)


OVERVIEW_NOTICE = (
    "No language model is configured, so this overview is assembled from the abstracts: themes "
    "come from clustering the papers' embeddings, and each paper's sentence is its own abstract's."
)
# Our own list of the relevant papers a summary leaves out: titles, not claims.
LEFT_OUT_LEAD = "Also relevant, not summarized above:"
# Our own sentence relating the papers to the user's description: not checkable
# against the abstracts, so verification treats it as a non-claim.
CLOSEST_LEAD = "Closest to the work described here are"
# Transitions between themes: ours, not the papers', so not claims to verify.
TRANSITIONS = (
    "A first line of work concerns",
    "A second line of work concerns",
    "A third line of work concerns",
)


class SummaryWriter:
    """Extractive subfield summary: themed contribution sentences, open problems, left-out papers."""

    name = "extractive"

    def __init__(self, plan: OverviewPlan) -> None:
        self.plan = plan

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        yield OVERVIEW_NOTICE + "\n\n"
        for theme in self.plan.themes:
            lines = [f"- {_end(f'{contribution_sentence(s)} [{s.n}]')}" for s in theme.sources]
            yield f"**Theme: {theme.name}**\n" + "\n".join(lines) + "\n\n"
        problems = open_problems([s for t in self.plan.themes for s in t.sources])
        if problems:
            yield "**Open problems stated in the abstracts**\n"
            yield (
                "\n".join(
                    f"- {_end(f'{_label(s)}: {third_person(sentence)} [{s.n}]')}" for s, sentence in problems
                )
                + "\n\n"
            )
        if self.plan.left_out:
            listed = "; ".join(f"{s.title} [{s.n}]" for s in self.plan.left_out)
            yield f"{LEFT_OUT_LEAD} {listed}.\n"


class RelatedWorkWriter:
    """Extractive related-work draft: one paragraph per theme (at most three), plain transitions."""

    name = "extractive"

    def __init__(self, plan: OverviewPlan) -> None:
        self.plan = plan

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        yield OVERVIEW_NOTICE + "\n\n"
        themes = list(self.plan.themes)
        if len(themes) > 3:  # fold the smallest themes into the third paragraph
            themes = themes[:2] + [Theme(themes[2].name, [s for t in themes[2:] for s in t.sources])]
        for i, theme in enumerate(themes):
            sentences = [f"{contribution_sentence(s)} [{s.n}]" for s in theme.sources]
            lead = f"{TRANSITIONS[i]} {theme.name}."
            yield " ".join([lead] + [_end(s) for s in sentences]) + "\n\n"
        if self.plan.about and self.plan.closest:
            names = " and ".join(f"{short_name(s.title)} [{s.n}]" for s in self.plan.closest)
            yield f"{CLOSEST_LEAD} {names}.\n"


def _end(sentence: str) -> str:
    """Move the final [n] inside the sentence's full stop: "... results. [3]" → "... results [3]."."""
    return re.sub(r"([.!?])\s*((?:\[\d+\])+)$", r" \2\1", sentence)
