"""Comparison tables: one row per paper, one column per aspect, every cell from that paper's abstract.

Columns are the aspects a question names (:mod:`assistant.compare_aspects`: "Compare the
fusion strategies (early, late, intermediate) ..." → "Fusion strategies"; "... in terms of
data and results", "... by ability tested and number of samples", "X: what ability is
tested and how many samples" → two columns), else :data:`DEFAULT_ASPECTS`. A cell is
either quoted (an abstract sentence that carries what its column asks, checked by
:mod:`assistant.compare_checks`, cut to a window of about ``WINDOW`` words around its cue)
or derived (the modalities the paper's own sentences name, not its background; the code
link; the method in the third person), and carries the paper's ``[n]``. Where no sentence passes its column's check the
cell says "not stated": a wrong quote is worse than none. One sentence fills one loose quoted
column of a row (task, a column matched by its words); a sentence that passes a strict check
(code, counts, size, result, data) may also fill that column when no other sentence does
("24K ... questions ... 27 dimensions"), or when it ranks above every unused one; an
efficiency column ("efficiency gain") always takes its best: the paper's own measured gain
("featuring 4 text experts ... FLOPs savings: 3.7x" states both). Abilities, source and training-data
columns have checks of their own (:mod:`assistant.compare_fits`). A quoted cell also keeps the clause
that answers its column (``TableCell.short``), which a wide table shows. Which fitting sentence comes first:
:mod:`assistant.compare_rank`; which papers are rows of a table of benchmarks or datasets:
:mod:`assistant.compare_rows`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant import compare_fits as fits
from assistant.compare_aspects import (
    DEFAULT_ASPECTS,
    aspects_from_question,
    column_key,
    column_name,
    counted_noun,
)
from assistant.compare_checks import (
    OUTCOME,
    count_cue,
    is_background,
    modalities,
    states_data,
    states_efficiency,
    states_language,
    states_modality_range,
    states_release,
    states_result,
    states_size,
    states_task,
)
from assistant.compare_rank import by_words, own_work, participle_stem, rank, wrong_kind
from assistant.overview_select import topic_terms
from assistant.own_name import given_name
from assistant.prose import clean_latex, contribution_sentence, is_scene_setting, short_name
from assistant.table_markdown import cell_markdown, clause_at, table_markdown
from assistant.text import CONTRIBUTION, split_sentences
from assistant.types import Source, Table, TableCell

__all__ = [
    "DEFAULT_ASPECTS",
    "NOT_STATED",
    "aspects_from_question",
    "build_table",
    "cell",
    "cell_markdown",
    "column_name",
    "relevant_rows",
    "table_markdown",
]
NOT_STATED = "not stated"
WINDOW = 28
Cue = re.Match[str] | None
# A column's check: the cue in a sentence that carries what the column asks, else None.
_CHECKS: dict[str, Callable[[str], Cue]] = {
    "task": states_task,
    "data or benchmark": states_data,
    "reported result": states_result,
    "code": states_release,
    "size": states_size,
    "efficiency": states_efficiency,
    "languages": states_language,
    "abilities": fits.states_abilities,
    "source": fits.states_source,
    "training data": fits.states_training_data,
    "models evaluated": lambda s: (found := fits.models_evaluated(s)) and found[1],
}

_STRICTNESS = {
    "code": 0, "count": 1, "size": 1, "languages": 1, "efficiency": 2, "reported result": 2, "abilities": 2,
    "source": 3, "training data": 3, "data or benchmark": 3, "models evaluated": 3, "task": 4,
}  # fmt: skip
# Columns whose check is strict enough that a sentence passing it answers the column even when
# another column of the row quotes it too ("outperforms ... on the XD-Violence dataset" is both
# the result and the data); looser columns (task, a named aspect matched by its words) never reuse.
_REUSABLE = set(_STRICTNESS) - {"task"}
def _window(sentence: str, cue: Cue) -> str:
    words = sentence.split()
    if len(words) <= WINDOW:
        return sentence
    at = len(sentence[: cue.start()].split()) if cue else 0
    start = max(0, min(at - WINDOW // 3, len(words) - WINDOW))
    # A window cut mid-sentence opens at the clause the cue stands in ("…the MoMa 1.4B model, featuring
    # 4 text experts …", not "…a 1-trillion-token training budget, the MoMa …": the first thing read
    # in a count column's cell was another number).
    clause = next((i + 1 for i in range(start, at - 1) if words[i].endswith((",", ";", ":"))), start) if start else 0
    start = clause
    piece = " ".join(words[start : start + WINDOW])
    return ("…" if start else "") + piece + ("…" if start + WINDOW < len(words) else "")


def _quote(source: Source, sentence: str, cue: Cue) -> TableCell:
    text = clean_latex(_window(sentence, cue), short_name(source.title)).replace("|", "/")
    at = text.find(cue.group(0)) if cue else -1
    short = clause_at(text, max(at, 0))  # for a wide table's view (table_markdown short=True)
    return TableCell(text=f"“{text}”", n=source.n, quoted=True, short=f"“{short}”" if short else "")


def _others(sentence: str) -> bool:
    """True for a sentence about the field or others' work. Only the words before an outcome
    count: "CAT outperforms existing methods" is this paper's result."""
    outcome = OUTCOME.search(sentence)
    return is_background(sentence[: outcome.start()] if outcome else sentence)


def _sentences(source: Source) -> list[str]:
    return [s for s in split_sentences(source.abstract) if not is_scene_setting(s) and not _others(s)]


def _method(source: Source) -> tuple[TableCell, str]:
    """The method cell and the abstract sentence it comes from ("" when none).

    The contribution sentence in the third person when the abstract opens with one ("we
    propose X"); else the first sentence that states a contribution anywhere, quoted;
    else "not stated" (the abstract's first sentence is not its method)."""
    sentences = split_sentences(source.abstract)
    for s in sentences:
        match = CONTRIBUTION.search(s)
        if match and match.start() < 40:
            text = re.sub(r"^\S.*?\(\*.*?\*\)\s*|^\*[^*]+\*\s+", "", contribution_sentence(source, titled=True))
            text = _window(text, None).replace("|", "/")
            text = text[:1].upper() + text[1:]
            return TableCell(text=text, n=source.n, short=clause_at(text, 0)), s
    for s in sentences:
        match = CONTRIBUTION.search(s)
        if match and not is_background(s[: match.start()]):
            return _quote(source, s, match), s
    return TableCell(text=NOT_STATED), ""


def _candidates(source: Source, aspect: str, idf: dict[str, float]) -> list[tuple[str, Cue]]:
    """The sentences that carry what ``aspect`` asks, best first, each with its cue."""
    key = column_key(aspect)
    sentences = _sentences(source)
    pointing: list[str] = []
    if key == "task" or (key not in _CHECKS and key != "count"):
        # a column chosen by its words quotes a sentence that stands alone: PILL's task was
        # "This poses a particularly prominent challenge ..." (new-user trial 9); strict columns
        # keep "Thirdly, it comprises a mere 2.1K image-text pairs", whose number is the answer.
        # A named aspect's own word is an answer too: MoMa's only routing sentence opens "These
        # groups ... employing learned routing within each group" (every cell was "not stated").
        # A sentence that points back is read only when none that stands alone holds the words.
        # A sentence whose opening clause alone points back stands alone without it ("To overcome this
        # issue, we propose a three-stage processing pipeline ...": WavCaps's captioning method), and so
        # does one in which the paper does what the column names ("We further evaluate various CLIP-based
        # ... models and found ... those problematic for ...": Eyes Wide Shut's models evaluated).
        alone = []
        for x in sentences:
            own = fits.stand_alone(x) or (x if own_work(x, short_name(source.title), aspect) == 2 else None)
            (alone if own else pointing).append(own or x)
        pointing = [] if key == "task" else pointing
        sentences = alone
    noun = counted_noun(aspect.lower().strip())
    # "multiple transfer tasks (image classification, ...)": an enumeration answers a count too (MultiMAE)
    check = _CHECKS.get(key) or ((lambda s: count_cue(s, noun) or fits.enumerates(s, noun)) if noun else None)
    if key == "data or benchmark":
        check = lambda s: states_data(s, short_name(source.title))  # noqa: E731
    if check is not None:
        found = [(s, check(s)) for s in sentences]
        ranked = [(s, cue) for s, cue in found if cue and not wrong_kind(key, s, cue, short_name(source.title))]
        name = short_name(source.title)
        ranked.sort(key=lambda x: rank(key, x[0], name))  # stable: abstract order within a rank
        return ranked
    # "fusion strategies (early, late, intermediate)": the head must be stated; the listed
    # values are alternatives, any one of which counts.
    head, _, listed = aspect.partition("(")
    terms = topic_terms(head) or topic_terms(aspect)
    alternatives = [topic_terms(a) for a in re.split(r",|\bor\b|\band\b", listed.strip(") ")) if a.strip()]
    # one that points back says less on its own: it must hold every term ("learned routing"), not a
    # share (VIMI's "pretraining on these augmented datasets" took a row of a masked-modeling table)
    # A purpose clause of the column's verb ("to evaluate and enhance ...") says what a work is for, not what it did.
    aim = participle_stem(head)
    scored = by_words(sentences, terms, alternatives, idf, purpose=aim) or by_words(
        pointing, terms, alternatives, idf, 1.0, purpose=aim
    )
    name = short_name(source.title)
    # Equal shares: the sentence about the paper's own work first ("We further evaluate 23
    # MLLMs" before "... an objective assessment of model performance").
    scored.sort(key=lambda x: (-x[0], -own_work(x[1], name, head)))
    strongest = max(terms, key=lambda t: idf.get(t, 0.0), default="")
    return [
        (s, re.search(rf"\b{re.escape(strongest[:5])}", s, re.IGNORECASE) if strongest else None)
        for _, s in scored
    ]


def _row(source: Source, aspects: list[str], idf: dict[str, float]) -> list[TableCell]:
    """One paper's cells. Derived cells (modalities, the code link, the method) are fixed;
    each quoted column then takes its best sentence not already used by another column of
    the row, the columns with the fewest fitting sentences choosing first. A sentence fills
    one quoted column only ("not stated" in the others); the method's sentence may also be
    quoted where it is a column's only fit (an analysis paper's finding is its result)."""
    cells: dict[int, TableCell] = {}
    used: set[str] = set()
    method = ""
    options: dict[int, list[tuple[str, Cue]]] = {}
    for i, aspect in enumerate(aspects):
        key = column_key(aspect)
        if key == "modalities":
            cells[i] = _modalities(source)
        elif key == "code" and source.code_url:
            cells[i] = TableCell(text=source.code_url, n=source.n)
        elif key == "method":
            cells[i], method = _method(source)
            used.add(method)
        else:
            options[i] = _candidates(source, aspect, idf)
    # The strictest columns choose first: a sentence with a number next to "samples" or a
    # reported outcome fits those columns better than "task", whose cue is a word like "tasks".
    name = short_name(source.title)
    for i in sorted(
        options, key=lambda i: (_STRICTNESS.get(column_key(aspects[i]), len(_STRICTNESS)), len(options[i]))
    ):
        ranked, key = options[i], column_key(aspects[i])
        pick = next((c for c in ranked if not _seen(c[0], used)), None)
        # A sentence another column quotes fills this one too only when it passes this column's
        # strict check and ranks above every unused one: it states both ("featuring 4 text
        # experts ... FLOPs savings: 3.7x" is the number of experts and the efficiency gain).
        # An efficiency column takes its best sentence whatever else quotes it: its check and rank
        # ask for the paper's own measured gain (MoMa's "3.7x", not a later "4.2x" with MoD).
        best = ranked[0] if ranked else None
        if best and key in _REUSABLE and (pick is None or key == "efficiency" or rank(key, best[0], name) < rank(key, pick[0], name)):
            pick = best
        if key != "task":  # the paper's finding is its method; its task cell would repeat the method cell
            pick = pick or next((c for c in ranked if _seen(c[0], {method})), None)
        if pick is None:
            cells[i] = TableCell(text=NOT_STATED)
        else:
            used.add(pick[0])
            cells[i] = _quote(source, *pick)
    return [cells[i] for i in range(len(aspects))]


def _seen(sentence: str, used: set[str]) -> bool:
    """Whether another column quotes ``sentence``, whole or without its opening clause ("…we propose ...")."""
    tail = sentence.lstrip("…")
    return any(u.lstrip("…").endswith(tail) or tail.endswith(u.lstrip("…")) for u in used if u.strip("…"))


def _modalities(source: Source) -> TableCell:
    """The modalities the paper's own sentences name (not its background or motivation:
    "However, ... will likely need to handle ... speech, video" is what others lack), else its
    sentence on their range ("can handle a wide array of modalities"), quoted, else "not stated"."""
    own = _sentences(source)
    # The abstract's own enumeration says more than the canonical set ("text, images, geometric, and semantic
    # modalities, as well as neural network feature maps" was "text, image"; new-user trial 16).
    for sentence in own:
        if cue := fits.states_modality_list(sentence):
            return _quote(source, sentence, cue)
    found = modalities(" ".join(own))
    if found:
        return TableCell(text=", ".join(found), n=source.n)
    for sentence in own:
        if cue := states_modality_range(sentence):
            return _quote(source, sentence, cue)
    return TableCell(text=NOT_STATED)


def cell(source: Source, aspect: str, idf: dict[str, float]) -> TableCell:
    """The cell for one paper and one aspect on its own (see the module docstring)."""
    return _row(source, [aspect], idf)[0]


def _row_name(source: Source) -> str:
    """The name a row goes by: the title's head ("MIBench"), else the name the abstract gives its work
    ("IMP" for "Alternating Gradient Descent and ... Perception"; new-user trial 15), else the title."""
    name = short_name(source.title)
    return name if name != source.title else given_name(source.abstract, source.title) or source.title


def build_table(sources: list[Source], aspects: list[str], idf: dict[str, float]) -> Table:
    """One row per source: its short name, then one cell per aspect."""
    rows = [[TableCell(text=_row_name(s), n=s.n), *_row(s, aspects, idf)] for s in sources]
    return Table(columns=["Paper", *(column_name(a) for a in aspects)], rows=rows)


def relevant_rows(table: Table, named: bool) -> Table:
    """For named aspects, only the papers whose abstract states at least one of them."""
    if not named:
        return table
    kept = [r for r in table.rows if any(c.n is not None for c in r[1:])]
    return table.model_copy(update={"rows": kept})
