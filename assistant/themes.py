"""Themes of an overview's papers, each named by a noun phrase.

- Groups: average-linkage agglomerative clustering of the papers' embeddings (mean of
  their chunk vectors), about one theme per 3–4 papers and at most ``MAX_THEME`` a theme;
  then each paper moves to the theme whose other papers it is most similar to (one
  reassignment pass, as in k-means), and a one-paper theme is folded into its nearest
  theme unless it is far from all of them (cosine below ``ALONE``).
- Names: candidate noun phrases are runs of 1–3 title/abstract words with no stopword
  or verb form inside (an "of" may join two nouns: "mixture of experts"), ending in a
  noun-like word, and a phrase of two or more words ends where its run does (the compound's
  head: not "audio-visual violence" of "audio-visual violence detection"); each is scored by class-based TF-IDF (how many of the theme's papers
  hold it, against how many themes do), longer phrases preferred on ties. Letters of any
  script are kept ("Müller-style").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from assistant.prose import contribution_sentence
from assistant.question_terms import NOT_TOPIC, TASK_WORDS
from assistant.text import STOPWORDS
from assistant.types import Source

MAX_THEME = 6
ALONE = 0.35  # below this cosine to every other theme, a single paper keeps its own theme
_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
# Words that end or break a noun phrase: function words and verb forms abstracts use.
_BREAK = frozenset(
    """is are was were be been being has have had do does did can could may might will would
    should shall not no nor but yet so if because although though while whereas however thus
    therefore hence via over under above below up down out off again further very just only
    own same too most more less few all any both each either neither such than then once here
    there when where why how what which who whom whose whether into onto upon within without
    through during before after between among against toward towards per across along around
    existing novel new various different several large small high low strong weak better best
    first second third simple efficient effective significant significantly recent previous
    current state-of-the-art sota well also even still often many much key main given due based
    able like including include includes""".split()
)
# Words too general in this field to name a theme on their own.
GENERIC = frozenset(
    """multimodal multi-modal model models language large llm llms mllm mllms lmm lmms lvlm lvlms
    vision visual task tasks performance results data approach approaches framework frameworks
    capabilities capability abilities ability method methods work paper system systems text image
    images modality modalities learning representation representations information""".split()
)
_NOT_HEAD = re.compile(r"(?:ing|ed|ly|ive|ous|ful|able|ible|al|ic)$")
_KEEP_HEAD = frozenset("modeling learning reasoning understanding training benchmarking captioning".split())


@dataclass
class Theme:
    """A group of related papers and its name."""

    name: str
    sources: list[Source]


def cluster_papers(vectors: np.ndarray, max_size: int = MAX_THEME) -> list[list[int]]:
    """Themes as index lists over L2-normalised rows [n, dim], larger themes first."""
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
    clusters = _reassign(clusters, sims, max_size)
    for single in [c for c in clusters if len(c) == 1]:
        others = [c for c in clusters if c is not single and len(c) < max_size]
        if not others:
            continue
        home = max(others, key=lambda c: float(sims[np.ix_(single, c)].mean()))
        if float(sims[np.ix_(single, home)].mean()) >= ALONE:
            home += single
            clusters.remove(single)
    return sorted(clusters, key=len, reverse=True)


def _reassign(clusters: list[list[int]], sims: np.ndarray, max_size: int) -> list[list[int]]:
    """Each paper to the theme it is most about (highest mean similarity to the others in it)."""
    for i in [i for c in clusters for i in c]:
        current = next(c for c in clusters if i in c)
        if len(current) == 1:
            continue

        def affinity(c: list[int], i: int = i) -> float:
            others = [j for j in c if j != i]
            return float(sims[i, others].mean()) if others else -1.0

        best = max(clusters, key=affinity)
        if best is not current and len(best) < max_size and affinity(best) > affinity(current) + 0.02:
            current.remove(i)
            best.append(i)
    return [c for c in clusters if c]


def noun_phrases(text: str) -> set[str]:
    """Candidate noun phrases of ``text`` (lower-cased, 1–3 words), see the module docstring."""
    phrases: set[str] = set()
    for segment in re.split(r"[.,;:!?()\[\]{}\"“”]|\s[-–—]\s", text):
        words = _WORD.findall(segment)
        verbs = _infinitives(words)
        run: list[str] = []
        for i, word in enumerate([*words, ""]):
            lower = word.lower()
            if i not in verbs and lower and lower not in STOPWORDS and lower not in _BREAK and lower not in TASK_WORDS:
                run.append(word)
                continue
            if lower == "of" and run and len(run) <= 2:
                run.append("of")
                continue
            _add_runs(run, phrases)
            run = []
    return phrases


def _infinitives(words: list[str]) -> set[int]:
    """Indices of verbs after "to" (past -ly adverbs), and of one joined to it by and/or: "To
    Evaluate and Enhance", "to comprehensively evaluate". They name no theme ("concerns enhance")."""
    found: set[int] = set()
    for i, word in enumerate(words):
        if word.lower() != "to":
            continue
        j = i + 1
        while j < len(words) and words[j].lower().endswith("ly"):
            j += 1
        if j < len(words) and words[j].lower() not in STOPWORDS:  # "to the X": X is a noun
            found.add(j)
            if j + 2 < len(words) and words[j + 1].lower() in ("and", "or"):
                found.add(j + 2)
    return found


def _add_runs(run: list[str], phrases: set[str]) -> None:
    while run and run[-1] == "of":
        run = run[:-1]
    for size in (1, 2, 3):
        for start in range(len(run) - size + 1):
            gram = run[start : start + size]
            head = gram[-1].lower()
            if gram[0] == "of" or gram[-1] == "of" or len(head) < 3:
                continue
            if size > 1 and start + size < len(run) and run[start + size] != "of":
                continue  # a compound's head is its last word: "audio-visual violence" cut "detection" off
            if _NOT_HEAD.search(head) and head not in _KEEP_HEAD and not gram[-1].isupper():
                continue
            if size > 1 and gram[0].lower().endswith("ing") and gram[0].lower() not in _KEEP_HEAD:
                continue  # "Enhancing multi-modal ...": a gerund opens a clause, not a noun phrase
            phrases.add(
                " ".join(w if w.isupper() or any(c.isdigit() for c in w) else w.lower() for w in gram)
            )
            if (
                size == 1 and "-" in gram[0] and not gram[0].isupper()
            ):  # "Mixture-of-Experts" ~ "mixture of experts"
                phrases.add(gram[0].lower().replace("-", " "))


def theme_names(
    groups: list[list[Source]], exclude: set[str] | None = None, fallback: str = "", most: float = 0.5
) -> list[str]:
    """A noun phrase naming each group, distinct across groups ("Hallucination benchmarks").

    A group of several papers is named only by a phrase most of them hold (in the title or the
    contribution sentence, :func:`assistant.prose.contribution_sentence`): one paper's title
    words named a theme of five ("A first line of work concerns early multimodal experiments", Tiny
    LVLM-eHub's title, over Eyes Wide Shut and three others; new-user trial). When its papers share
    no phrase, the group is named by ``fallback`` (the request's own topic phrase), else
    :data:`UNNAMED`; a one-paper group may keep its title's phrase. A single group is the topic
    itself: it is named ``fallback`` when there is one. ``most`` is the share of a group's papers
    that must hold its name (the Map's k-means themes of 10-30 papers share no phrase by half)."""
    exclude = {e.lower() for e in (exclude or set())}
    if len(groups) == 1 and fallback:  # one theme: it is the topic itself
        return [fallback[:1].upper() + fallback[1:]]
    all_titles = set().union(*(noun_phrases(s.title) for g in groups for s in g)) if groups else set()
    # Candidates come from titles (written as noun phrases); a paper holds a phrase when its title
    # or its contribution sentence does: what the paper is about, not a word its abstract mentions
    # (HEMM, Eyes Wide Shut, the modality-bias paper and MMTrail were a theme "Reasoning").
    held = []
    for g in groups:
        papers = []
        for s in g:
            claim = noun_phrases(_no_urls(contribution_sentence(s)))
            papers.append(noun_phrases(s.title))
            papers[-1] |= {p for p in claim if p in all_titles}
        held.append(papers)
    in_groups: dict[str, int] = {}
    for papers in held:
        for phrase in set().union(*papers) if papers else set():
            in_groups[phrase] = in_groups.get(phrase, 0) + 1
    names: list[str] = []
    taken: set[str] = set()
    for group, papers in zip(groups, held, strict=True):
        counts: dict[str, int] = {}
        for phrase_set in papers:
            for phrase in phrase_set:
                counts[phrase] = counts.get(phrase, 0) + 1
        allowed = {
            p: c
            for p, c in counts.items()
            if not set(p.lower().split()) <= exclude | GENERIC and p.lower() not in taken
        }
        # held by most of the theme's papers (any phrase of a one-paper theme): a name describes the
        # theme ("holistic evaluation" of two of five papers, "training" of two of five named it)
        pool = {p: c for p, c in allowed.items() if len(papers) == 1 or c > most * len(papers)}
        scored = {
            p: c * math.log(1 + len(groups) / in_groups[p]) * len([w for w in p.split() if w != "of"])
            for p, c in pool.items()
        }
        unnamed = fallback if fallback and fallback.lower() not in taken else UNNAMED
        best = max(scored, key=lambda p: (scored[p], len(p), p), default=unnamed)
        if best in pool:
            best = _plural_if_used(best, group)
        taken.add(best.lower())
        names.append(best[:1].upper() + best[1:])
    return names


def _plural_if_used(name: str, papers: list[Source]) -> str:
    """A one-word name in its plural when the theme's papers write it so: titles hold the singular
    ("MMIE: … Comprehension Benchmark"), and "A second line of work concerns benchmark" reads wrong;
    "benchmarks" stands in their abstracts. "reasoning" stays (no paper writes "reasonings")."""
    if " " in name or name.isupper() or name.endswith("s"):
        return name
    plural = re.compile(rf"\b{re.escape(name)}s\b", re.IGNORECASE)
    return name + "s" if any(plural.search(f"{s.title} {s.abstract}") for s in papers) else name


# A theme whose papers share no phrase, when the request names no topic phrase either.
UNNAMED = "further related approaches"


def topic_phrase(request: str) -> str:
    """The topic a request names, as a phrase for a theme: the words after "on/about/regarding ..."
    ("Draft related work on hallucination in multimodal LLMs." → "hallucination in multimodal LLMs"),
    up to a clause break; "" when it names none or the phrase runs past eight words. A bare topic (twelve words without a relative clause),
    as the app's Summarize mode and ``summarize TOPIC`` take it ("hallucination in multimodal
    LLMs": its first word is no request or function word), is its own phrase (new-user trial: a
    one-theme summary of it was headed "Alignment", two of its four papers' word)."""
    match = _NAMED_TOPIC.search(request)
    if not match:
        words = _WORD.findall(request)
        # the user's own phrase: up to twelve words ("text recognition and text-rich image understanding
        # in multimodal LLMs", nine, gave a one-theme draft no lead, so it opened on a paper's background)
        size, clause = len(request.split()), _CLAUSE_WORD.search(request)
        bare = bool(words) and words[0].lower() not in NOT_TOPIC and (size <= 8 or (size <= 12 and not clause))
        return request.strip(" .,;:!?'\"") if bare else ""
    phrase = re.split(r"[.;:?!]|,\s*(?:for|with|which|that)\b|\s+for (?:a|my|our|this) ", match.group(1))[0].strip(" ,'\"")
    return phrase if 0 < len(phrase.split()) <= 8 else ""


# A relative clause: a longer bare topic that holds one is a sentence, not a phrase for a heading.
_CLAUSE_WORD = re.compile(r"\b(?:that|which|who|whose|where|when)\b", re.IGNORECASE)
_NAMED_TOPIC = re.compile(r"\b(?:on|about|regarding|concerning|covering)\s+(.+)", re.IGNORECASE | re.DOTALL)


def _no_urls(text: str) -> str:
    """``text`` without URLs and code-host paths (their parts are not phrases)."""
    return re.sub(r"\S*(?:https?://|www\.|github\.com|\.com/|\.org/|\.io/)\S*", " ", text)


def group_into_themes(
    sources: list[Source], vectors: dict[str, np.ndarray], topic: str, request: str | None = None, lead: bool = False
) -> list[Theme]:
    """Themes of the selected papers (see :func:`cluster_papers`, :func:`theme_names`); a theme whose
    papers share no phrase is named by the topic phrase of ``request`` (default ``topic``).

    ``lead``: ``sources[0]`` is the closest work to the user's, and its group is named first, so that the
    topic phrase falls to it when its papers share no phrase (TS-LLaVA, closest to a token-pruning method,
    was left "further related approaches" and written seventh, after the topic's name went to a group of
    six papers on other things; new-user trial 14)."""
    if not sources:
        return []
    matrix = np.stack([vectors[s.paper_id] for s in sources])
    groups = [[sources[i] for i in idx] for idx in cluster_papers(matrix)]
    if lead:
        groups.sort(key=lambda g: sources[0] not in g)
    exclude = {w.lower() for w in _WORD.findall(topic)}
    names = theme_names(groups, exclude=exclude, fallback=topic_phrase(topic if request is None else request))
    themes = [Theme(name, group) for name, group in zip(names, groups, strict=True)]
    # Groups no phrase describes are one theme of further approaches, not several headed alike.
    rest = [s for t in themes if t.name.lower() == UNNAMED for s in t.sources]
    named = [t for t in themes if t.name.lower() != UNNAMED]
    return [*named, Theme(UNNAMED[:1].upper() + UNNAMED[1:], rest)] if rest else named
