"""The chat as stored in the browser: each answer carries its papers, so state survives a reload.

Every bot message ends with a hidden HTML comment holding the answer's mode, cited paper
ids, sources (with the sentences their cards mark), text and table (``<!-- pa:{json} -->``).
The browser renders nothing for it, Gradio's saved conversations (localStorage) keep it, and
it comes back with the history on every turn. From it we rebuild the conversation state
(:class:`Turn`, for follow-ups such as "that paper"), feedback records, the Markdown export,
and a reopened saved chat's sources panel and downloads (:func:`restored_answer`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from assistant.presentation import without_writer_notice
from assistant.store import decode_list
from assistant.text import split_sentences
from assistant.types import Answer, Citation, Source, Table, Turn
from ui.render import card_marks, message_text

_META = re.compile(r"<!-- pa:(\{.*?\}) -->", re.S)
_TAGS = re.compile(r"<(details|sub)\b[^>]*>.*?</\1>|<[^>]+>", re.S)
_LINK = re.compile(r'<a class="pa-cite"[^>]*>(\[\d+\])</a>')
_CITED_LIST = re.compile(r"\*\*Cited papers\*\*\n(?:- .*(?:\n|$))*")


def _flat(text: str) -> str:
    return " ".join(text.split())


def marked_indices(source: Source, marks: set[str]) -> list[int]:
    """Which sentences of ``source``'s abstract (:func:`split_sentences`) ``marks`` cover."""
    flat = [_flat(m) for m in marks]
    return [i for i, x in enumerate(split_sentences(source.abstract)) if any(_flat(x) in m for m in flat)]


def meta_comment(answer: Answer) -> str:
    """The hidden comment for a finished answer (``--`` escaped so titles cannot end it): what
    :func:`restored_answer` needs to show its sources and downloads again, the abstracts
    aside (they are read from the store then)."""
    cited = {c.n for c in answer.citations}
    marks = card_marks(answer)
    data: dict[str, Any] = {
        "mode": answer.mode,
        "question": answer.question,
        "cited": [c.paper_id for c in answer.citations],
        "sources": [
            {
                "n": s.n, "paper_id": s.paper_id, "title": s.title, "url": s.url, "code_url": s.code_url,
                "cited": s.n in cited,
                "dense": s.dense, "marked": marked_indices(s, marks.get(s.n, set())),
            }  # fmt: skip
            for s in answer.sources
        ],
        "text": without_writer_notice(answer.answer),  # the status line says it; the drafts leave it out
    }
    if answer.table is not None:
        data["table"] = answer.table.model_dump(exclude_defaults=True)
    payload = json.dumps(data, ensure_ascii=True).replace("--", "\\u002d\\u002d")
    return f"\n\n<!-- pa:{payload} -->"


def message_meta(content: object) -> dict[str, Any]:
    """The hidden data of a bot message, or {} for one without (e.g. an error)."""
    found = _META.search(message_text(content))
    if not found:
        return {}
    try:
        return json.loads(found.group(1))
    except ValueError:
        return {}


def visible_text(content: object) -> str:
    """A bot message as Markdown, without the hidden data, the reasoning block or the link markup."""
    text = _META.sub("", message_text(content))
    text = _LINK.sub(r"\1", text)
    return html.unescape(_TAGS.sub("", text)).strip()


def pairs(history: list[dict]) -> list[tuple[str, dict]]:
    """``(question, bot message)`` for each answered turn of a Gradio messages history."""
    out: list[tuple[str, dict]] = []
    question = ""
    for message in history:
        if message.get("role") == "user":
            question = message_text(message.get("content"))
        elif message.get("role") == "assistant" and question:
            out.append((question, message))
            question = ""
    return out


def turns(history: list[dict]) -> list[Turn]:
    """The conversation state: each earlier question, its answer and the papers it cited."""
    return [
        Turn(question=q, answer=visible_text(m.get("content")), paper_ids=message_meta(m.get("content")).get("cited", []))
        for q, m in pairs(history)
    ]


def rated_answer(history: list[dict], index: int) -> tuple[Answer, list[str]] | None:
    """The answer at message ``index`` of ``history`` rebuilt for feedback, and the earlier
    questions; None when that message is not an answer."""
    answered = pairs(history[: index + 1])
    if not answered or answered[-1][1] is not history[index]:
        return None
    question, message = answered[-1]
    meta = message_meta(message.get("content"))
    sources = [
        Source(n=s["n"], paper_id=s["paper_id"], title=s["title"], score=0.0, url=s.get("url"))
        for s in meta.get("sources", [])
    ]
    citations = [Citation(n=s.n, paper_id=s.paper_id, title=s.title) for s, m in zip(sources, meta.get("sources", []), strict=True) if m.get("cited")]
    answer = Answer(
        question=question,
        answer=visible_text(message.get("content")),
        covered=bool(sources),
        writer="",
        mode=meta.get("mode", "ask"),
        sources=sources,
        citations=citations,
    )
    return answer, [q for q, _ in answered[:-1]]


def conversation_markdown(history: list[dict]) -> str:
    """The conversation as Markdown: each question, its answer, and the papers it cited."""
    lines = [f"# Paper Assistant conversation\n\n_Exported {datetime.now(UTC):%Y-%m-%d %H:%M} UTC._\n"]
    for i, (question, message) in enumerate(pairs(history), start=1):
        meta = message_meta(message.get("content"))
        lines.append(f"## {i}. {question}\n")
        lines.append(_CITED_LIST.sub("", visible_text(message.get("content"))).strip() + "\n")
        cited = [s for s in meta.get("sources", []) if s.get("cited")]
        if cited:
            lines.append("**References**\n")
            lines += [f"- [{s['n']}] {s['title']}" + _links(s) for s in cited]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _links(saved: dict[str, Any]) -> str:
    """" — <page> · code: <repo>" for a saved source, as far as it has them: the bundled papers
    have a code link and no page (a new user's export listed titles alone; trial 17)."""
    links = [f"<{saved['url']}>" if saved.get("url") else "", f"code: <{saved['code_url']}>" if saved.get("code_url") else ""]
    shown = " · ".join(x for x in links if x)
    return f" — {shown}" if shown else ""


def _source(saved: dict[str, Any], record: dict[str, Any] | None) -> Source:
    """A source of a saved answer: its number, id and title as saved, the rest from the store's
    record (none when the paper was removed since)."""
    meta = record or {}
    return Source(
        n=saved["n"], paper_id=saved["paper_id"], title=meta.get("title") or saved.get("title", ""), score=0.0,
        dense=saved.get("dense"), abstract=meta.get("abstract", ""), url=meta.get("url", saved.get("url")),
        code_url=meta.get("code_url", saved.get("code_url")), authors=decode_list(meta.get("authors")), year=meta.get("year"),
        arxiv_id=meta.get("arxiv_id"), doi=meta.get("doi"),
    )  # fmt: skip


def restored_answer(
    history: list[dict], records: Callable[[list[str]], dict[str, dict[str, Any]]]
) -> tuple[Answer, dict[int, set[str]]] | None:
    """The last answer of a saved conversation, rebuilt to show its sources panel and downloads
    again, and what each source card marked; None when the conversation's last bot message is no
    answer (an error) or it has none.

    ``records``: paper id → the store's metadata (``Store.paper_records``), for the abstracts
    and the BibTeX fields. A new user reopened a saved chat and saw the other chat's sources."""
    bots = [m for m in history if m.get("role") == "assistant"]
    meta = message_meta(bots[-1].get("content")) if bots else {}
    if not meta.get("sources"):
        return None
    stored = records([s["paper_id"] for s in meta["sources"]])
    sources = [_source(s, stored.get(s["paper_id"])) for s in meta["sources"]]
    marks: dict[int, set[str]] = {}
    for source, saved in zip(sources, meta["sources"], strict=True):
        sentences = split_sentences(source.abstract)
        if chosen := {sentences[i] for i in saved.get("marked", []) if 0 <= i < len(sentences)}:
            marks[source.n] = chosen
    cited = {s["n"] for s in meta["sources"] if s.get("cited")}
    text = meta.get("text")
    if text is None:  # saved before answers kept their text: the message, less what we added
        text = _CITED_LIST.sub("", visible_text(bots[-1].get("content"))).strip()
    answer = Answer(
        question=meta.get("question", ""), answer=text, covered=True, writer="", mode=meta.get("mode", "ask"),
        sources=sources, citations=[Citation(n=s.n, paper_id=s.paper_id, title=s.title) for s in sources if s.n in cited],
        table=Table.model_validate(meta["table"]) if meta.get("table") else None,
    )  # fmt: skip
    return answer, marks
