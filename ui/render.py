"""How an :class:`Answer` looks in the browser: the chat message and the sources panel (HTML).

Every ``[n]`` of the answer is a link (``a.pa-cite``) to source card ``n`` of the sources
panel (``details.pa-source#pa-src-n``); ui/chat.py's script opens and scrolls to the card.
"""

from __future__ import annotations

import html
import re

from assistant.gaps import LOW_RELEVANCE
from assistant.presentation import (
    WRITER_NOTICE_PREFIX,
    cite_before_stop,
    shown_timings,
    without_writer_notice,
)
from assistant.text import split_sentences
from assistant.types import Answer, Source
from ui.glyphs import ERROR, WARNING

_CITE = re.compile(r"\[(\d+)\]")
OPEN_CITED_UP_TO = 5  # cited cards start open when there are at most this many
FINISH_NOTES = {
    "length": "The answer was cut at the model's token limit.",
    "cut": "The answer may be incomplete: the model's reply ended with no finish reason.",
    "empty": "The model returned no text.",
    "error": "The model stopped with an error.",
}


def plain(text: str) -> str:
    """Text shown as it reads: ``<`` and ``&`` escaped, so a question echoed into an answer
    (``<script>``, ``<img onerror=…>``) or an abstract's ``<image>`` token is text, never markup
    the chat's sanitizer would run or drop. Markdown (``**``, tables) is left to render."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def link_citations(text: str) -> str:
    """``[n]`` -> a link to source card n (kept as ``[n]`` text, so copying reads the same)."""
    return _CITE.sub(lambda m: f'<a class="pa-cite" href="#pa-src-{m.group(1)}">[{m.group(1)}]</a>', text)


def render_checked(answer: Answer) -> str:
    """The answer text rebuilt from its verified sentences, flagged ones visibly marked;
    the writer's "No language model is configured" notice left to the status line."""
    out: list[str] = []
    for check in answer.sentences:
        if check.text.startswith(WRITER_NOTICE_PREFIX):
            continue
        if check.text.startswith("**"):  # a paper heading of the extractive writer
            out.append(f"\n\n{check.text}\n")
        elif check.flags:
            out.append(f"{WARNING} *{check.text}* `{', '.join(check.flags)}` ")
        else:
            out.append(check.text + " ")
    return "".join(out).strip()


def render_reasoning(answer: Answer) -> str:
    """A reasoning model's thinking, collapsed (never verified, so never shown open)."""
    if not answer.reasoning.strip():
        return ""
    return (
        '<details class="pa-reasoning"><summary>Reasoning</summary>\n\n'
        f"{html.escape(answer.reasoning.strip())}\n\n</details>"
    )


def _plain(text: str) -> str:
    """``text`` without citation markers, Markdown emphasis or spacing, lower-cased: for telling
    whether the answer already says a gap sentence."""
    return " ".join(re.sub(r"\[\d+\]|[*_`]", " ", text).lower().split()).rstrip(".")


def render_message(answer: Answer) -> str:
    """Chat message: reasoning (collapsed), the answer (flags marked, [n] linked), what the
    abstracts do not say, notices, the cited papers with their own numbers, a status line."""
    # A comparison table is shown as written (its cells were verified one by one).
    checked = answer.done and answer.sentences and answer.table is None
    # While streaming, [n] before the full stop as in the verified text: a new user saw ". [1]"
    # turn into " [1]." when the answer ended (trial 17).
    body = render_checked(answer) if checked else cite_before_stop(without_writer_notice(answer.answer).strip())
    parts = [render_reasoning(answer), link_citations(plain(body))]
    if answer.done:
        noticed = any(n.startswith("Low answer relevance") for n in answer.notices)
        if answer.covered and answer.relevance is not None and answer.relevance < LOW_RELEVANCE and not noticed:
            parts.append(
                f"> {WARNING} Low relevance ({answer.relevance:.2f}): the cited abstracts may not answer the question."
            )
        unsaid = [g for g in answer.gaps if _plain(g) not in _plain(body)]  # not already in the text
        if unsaid:
            parts.append("**Not stated in the cited abstracts:**\n" + "\n".join(f"- {plain(g)}" for g in unsaid))
        if answer.finish in FINISH_NOTES:
            parts.append(f"> {WARNING} {FINISH_NOTES[answer.finish]}")
        parts += [f"> {WARNING} {plain(n)}" for n in answer.notices if not n.startswith(WRITER_NOTICE_PREFIX)]
        if answer.error:
            parts.append(f"> {ERROR} **{plain(answer.error)}** The retrieved papers are listed in the sources panel.")
        if answer.rejected is not None:
            parts.append("**The model's rejected answer, as verified:**\n\n> " + plain(render_checked(answer.rejected)))
        if answer.citations:
            # "- [n] title", not "n. title": a Markdown ordered list renumbers from 1.
            parts.append(
                "**Cited papers**\n"
                + "\n".join(f"- {link_citations(f'[{c.n}]')} {html.escape(c.title)}" for c in answer.citations)
            )
        parts.append(f"<sub>{status_of(answer)}</sub>")
    return "\n\n".join(p for p in parts if p)


def status_of(answer: Answer) -> str:
    """The line that ends a finished answer: writer, relevance, how it finished, timings."""
    items = [f"writer: {answer.writer}"]
    if answer.relevance is not None:
        # The quoted sentences against the question, not retrieval's cosine on a source card.
        items.append(f"answer relevance {answer.relevance:.2f}")
    if answer.finish and answer.finish != "stop":
        items.append(f"finish: {answer.finish}")
    items.append(", ".join(f"{k.removesuffix('_s')} {v:.2f} s" for k, v in shown_timings(answer).items()))
    return " · ".join(i for i in items if i)


def _card(s: Source, evidence: set[str], cited: bool, open_: bool) -> str:
    abstract = html.escape(s.abstract)
    for sentence in evidence:  # the sentences that support the answer
        escaped = html.escape(sentence)
        if escaped and escaped in abstract:
            abstract = abstract.replace(escaped, f'<mark class="pa-evidence">{escaped}</mark>', 1)
    links = " · ".join(
        f'<a href="{html.escape(u)}" target="_blank" rel="noopener">{label}</a>'
        for label, u in (("code", s.code_url), ("page", s.url))
        if u
    )
    badge = "cited" if cited else "retrieved, not cited"
    return (
        f'<details class="pa-source" id="pa-src-{s.n}" data-n="{s.n}" {"open" if open_ else ""}>'
        f"<summary><b>[{s.n}]</b> {html.escape(s.title)} <small>({badge}; "
        f"retrieval: its best chunk's cosine to the query {s.dense or 0:.2f})</small></summary>"
        f"<p>{abstract}</p><p>{links}</p></details>"
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def used_sentences(answer: Answer) -> dict[int, set[str]]:
    """Source n → the abstract sentences the answer uses: each verified sentence's evidence,
    and every abstract sentence the answer repeats word for word (a quote; a refusal's "the
    closest it states" has no verified sentences). A new user saw a one-sentence quote's card
    mark the paper's whole best-matching chunk, nine sentences."""
    used: dict[int, set[str]] = {}
    for check in answer.sentences:
        if check.evidence is not None:
            used.setdefault(check.evidence.n, set()).add(check.evidence.sentence)
    said = _flat(answer.answer)
    for s in answer.sources:
        quoted = {x for x in split_sentences(s.abstract) if len(x) > 20 and _flat(x) in said}
        if quoted:
            used.setdefault(s.n, set()).update(quoted)
    return used


def card_marks(answer: Answer) -> dict[int, set[str]]:
    """Source n → the text its card marks: a cited paper's sentences the answer uses
    (:func:`used_sentences`). While nothing is cited (the answer is still streaming, or cites
    nothing) a listed paper's best-matching chunk instead: why it was retrieved. An uncited
    paper beside cited ones marks nothing."""
    cited = {c.n for c in answer.citations}
    used = used_sentences(answer)
    if cited:
        return {n: used[n] for n in cited if used.get(n)}
    return {s.n: used.get(s.n) or {s.evidence.strip()} for s in answer.sources if used.get(s.n) or s.evidence.strip()}


def render_sources(answer: Answer, marks: dict[int, set[str]] | None = None) -> str:
    """Sources panel (HTML): the cited papers, each marking ``marks`` (default
    :func:`card_marks`), then the others collapsed under "Also retrieved"."""
    if not answer.sources:
        return "<p><em>No sources: nothing in the collection is relevant enough.</em></p>"
    cited = {c.n for c in answer.citations}
    marked = card_marks(answer) if marks is None else marks
    open_cited = len(cited) <= OPEN_CITED_UP_TO
    first = [s for s in answer.sources if s.n in cited] if cited else answer.sources
    rest = [s for s in answer.sources if s.n not in cited] if cited else []
    items = [_card(s, marked.get(s.n, set()), s.n in cited, open_cited and s.n in cited) for s in first]
    if rest:
        items.append(
            f'<details class="pa-also"><summary>Also retrieved ({len(rest)} papers, not cited)</summary>'
            + "\n".join(_card(s, set(), False, False) for s in rest)
            + "</details>"
        )
    return "\n".join(items)


def message_text(content: object) -> str:
    """The text of a chat message as Gradio sends it: a string, or (Gradio 6) a list of
    parts like ``[{"type": "text", "text": ...}]``."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""
