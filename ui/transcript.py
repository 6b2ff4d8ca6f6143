"""The chat as stored in the browser: each answer carries its papers, so state survives a reload.

Every bot message ends with a hidden HTML comment holding the answer's mode, cited paper
ids and sources (``<!-- pa:{json} -->``). The browser renders nothing for it, Gradio's
saved conversations (localStorage) keep it, and it comes back with the history on every
turn. From it we rebuild the conversation state (:class:`Turn`, for follow-ups such as
"that paper"), feedback records and the Markdown export.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from typing import Any

from assistant.types import Answer, Citation, Source, Turn
from ui.render import message_text

_META = re.compile(r"<!-- pa:(\{.*?\}) -->", re.S)
_TAGS = re.compile(r"<(details|sub)\b[^>]*>.*?</\1>|<[^>]+>", re.S)
_LINK = re.compile(r'<a class="pa-cite"[^>]*>(\[\d+\])</a>')
_CITED_LIST = re.compile(r"\*\*Cited papers\*\*\n(?:- .*(?:\n|$))*")


def meta_comment(answer: Answer) -> str:
    """The hidden comment for a finished answer (``--`` escaped so titles cannot end it)."""
    cited = {c.n for c in answer.citations}
    data = {
        "mode": answer.mode,
        "question": answer.question,
        "cited": [c.paper_id for c in answer.citations],
        "sources": [
            {"n": s.n, "paper_id": s.paper_id, "title": s.title, "url": s.url, "cited": s.n in cited}
            for s in answer.sources
        ],
    }
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
            lines += [f"- [{s['n']}] {s['title']}" + (f" — <{s['url']}>" if s.get("url") else "") for s in cited]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
