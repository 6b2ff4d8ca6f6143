"""How an :class:`Answer` looks in the browser: the chat message and the sources panel (HTML)."""

from __future__ import annotations

import html

from assistant.types import Answer


def render_checked(answer: Answer) -> str:
    """The answer text rebuilt from its verified sentences, flagged ones visibly marked."""
    out: list[str] = []
    for check in answer.sentences:
        if check.text.startswith("**"):  # a paper heading of the extractive writer
            out.append(f"\n\n{check.text}\n")
        elif check.flags:
            out.append(f"⚠️ *{check.text}* `{', '.join(check.flags)}` ")
        else:
            out.append(check.text + " ")
    return "".join(out).strip()


def render_message(answer: Answer) -> str:
    """Chat message: the answer (flags marked), notices, cited papers, and a status line."""
    body = render_checked(answer) if answer.done and answer.sentences else answer.answer.strip()
    parts = [body]
    if answer.done:
        parts += [f"> ⚠️ {n}" for n in answer.notices]
        if answer.error:
            parts.append(f"> ❌ **{answer.error}** The retrieved papers are listed in the sources panel.")
        if answer.rejected is not None:
            parts.append(
                "**The model's rejected answer, as verified:**\n\n> " + render_checked(answer.rejected)
            )
        if answer.citations:
            parts.append("**Cited papers**\n" + "\n".join(f"{c.n}. {c.title}" for c in answer.citations))
        timing = ", ".join(f"{k.removesuffix('_s')} {v:.2f} s" for k, v in answer.timings.items())
        parts.append(f"<sub>writer: {answer.writer} · {timing}</sub>")
    return "\n\n".join(p for p in parts if p)


def render_sources(answer: Answer) -> str:
    """Sources panel (HTML): each retrieved paper, its abstract with the evidence marked."""
    if not answer.sources:
        return "<p><em>No sources: nothing in the collection is relevant enough.</em></p>"
    cited = {c.n for c in answer.citations}
    evidence: dict[int, set[str]] = {}
    for check in answer.sentences:
        if check.evidence is not None:
            evidence.setdefault(check.evidence.n, set()).add(check.evidence.sentence)
    items = []
    for s in answer.sources:
        abstract = html.escape(s.abstract)
        marks = evidence.get(s.n) or ({s.evidence.strip()} if s.evidence else set())
        for sentence in marks:  # the sentences that support the answer
            escaped = html.escape(sentence)
            if escaped and escaped in abstract:
                abstract = abstract.replace(escaped, f'<mark class="pa-evidence">{escaped}</mark>', 1)
        links = " · ".join(
            f'<a href="{html.escape(u)}" target="_blank" rel="noopener">{label}</a>'
            for label, u in (("code", s.code_url), ("page", s.url))
            if u
        )
        badge = "cited" if s.n in cited else "retrieved, not cited"
        items.append(
            f'<details class="pa-source" data-n="{s.n}" {"open" if s.n in cited else ""}>'
            f"<summary><b>[{s.n}]</b> {html.escape(s.title)} <small>({badge}; "
            f"cosine similarity of its best chunk {s.dense:.2f})</small></summary>"
            f"<p>{abstract}</p><p>{links}</p></details>"
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
