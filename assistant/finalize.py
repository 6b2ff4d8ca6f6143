"""A writer's text made into the final :class:`Answer`: streamed, citations resolved, every
sentence verified, and an LLM answer that fails badly replaced by the extractive one.

:func:`write_answer` is what :meth:`assistant.ask.Assistant.ask_stream` and the overview
modes stream through.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from assistant.answer_plan import AnswerPlan
from assistant.crosslingual import NOT_VERIFIED, check_language
from assistant.embed import Embedder
from assistant.evidence import LOW_RELEVANCE
from assistant.filtered_out import LEAD as FILTER_LEAD
from assistant.filtered_out import NONE_PASS
from assistant.language import NOT_ENGLISH, detect_language
from assistant.llm import Reply
from assistant.llm_writer import LLMWriter
from assistant.overview_writers import (
    CLOSEST_LEAD,
    DIFFERS_LEAD,
    LEFT_OUT_LEAD,
    LIKE_LEAD,
    OVERVIEW_NOTICE,
    SAME_LEAD,
    TRANSITIONS,
)
from assistant.retrieve import Retrieval
from assistant.settings import Settings
from assistant.superlative import COMPARED_LEAD
from assistant.types import Answer, Turn
from assistant.verify import flagged_share, resolve_citations, verify_answer
from assistant.writers import (
    CLOSEST_STATED,
    CLOSEST_STATED_HEAD,
    NO_LLM_NOTICE,
    REFUSALS,
    ExtractiveWriter,
    Writer,
    WriterError,
    not_covered,
)

# Sentences that need no source: our own notices.
NON_CLAIMS = (
    NO_LLM_NOTICE.split(",")[0],
    OVERVIEW_NOTICE.split(",")[0],
    CLOSEST_LEAD,
    DIFFERS_LEAD,
    LIKE_LEAD,
    SAME_LEAD,
    LEFT_OUT_LEAD,
    *TRANSITIONS,
    "The language model's answer failed verification",
    "The language model failed",
    "The language model returned nothing",
    "The language model's draft was not used",
    *REFUSALS,
    CLOSEST_STATED,
    CLOSEST_STATED_HEAD,
    # our gap sentences (assistant.gaps): they name what is missing, they claim nothing
    "The abstract of “",
    "No retrieved abstract mentions",
    "No retrieved abstract is about",
    "No paper in the collection is about",  # a name only mentioned (a refusal, or a gap beside a partial answer)
    COMPARED_LEAD,  # a superlative's comparison of stated amounts (assistant.superlative)
    FILTER_LEAD,  # an active filter excludes the paper that would answer (assistant.filtered_out)
)
# An LLM answer with more than this share of flagged claim sentences is replaced by
# the extractive answer. Measured: extractive answers on the eval set flag 0%
# of sentences; SmolLM2-135M answers flag most (see the closing notes of issue 4).
FALLBACK_FLAGGED_SHARE = 0.5
FALLBACK_NOTICE = (
    "The language model's answer failed verification, so this answer quotes the most relevant "
    "sentences of the retrieved abstracts."
)
# The fallback answer's opening line, by how the model's answer ended.
FALLBACK_OPENINGS = {
    "error": FALLBACK_NOTICE.replace("'s answer failed verification", " failed"),
    "empty": FALLBACK_NOTICE.replace("'s answer failed verification", " returned nothing"),
}


def refusal_detail(settings: Settings, retrieval: Retrieval) -> str:
    """Why a not-covered refusal refuses, after its first sentence: the closest paper's score
    against the relevance gate, else (no paper retrieved under filters) that none passes them,
    else ""."""
    best = retrieval.sources[0] if retrieval.sources else None
    if best is not None:
        return (
            f" The closest paper, “{best.title}”, scores {best.dense:.2f} against a "
            f"relevance threshold of {settings.min_relevance:.2f}."
        )
    if retrieval.filters is not None:
        return f" {NONE_PASS} ({retrieval.filters.describe()})." + retrieval.filters.unrecorded()
    return ""


def write_answer(
    settings: Settings,
    embedder: Embedder,
    question: str,
    retrieval: Retrieval,
    writer: Writer,
    fallback: Writer,
    mode: str,
    plan: AnswerPlan | None = None,
    turns: Sequence[Turn] = (),
) -> Iterator[Answer]:
    """Stream ``writer``'s text, then verify it; an LLM that fails badly is replaced by ``fallback``."""
    # The follow-up rewrite's share comes first (an LLM writer records it).
    timings = {**getattr(writer, "timings", {}), "retrieval_s": round(retrieval.seconds, 3)}
    if plan is not None:  # sentence embeddings, answer scores and the gap check
        timings["evidence_s"] = round(plan.seconds, 3)
    base = Answer(
        question=question,
        answer="",
        covered=retrieval.covered,
        writer=writer.name,
        mode=mode,
        sources=retrieval.sources,
        timings=timings,
        gaps=plan.gaps if plan else [],
        relevance=plan.relevance if plan else None,
    )
    if not retrieval.covered:
        refusal = NOT_ENGLISH if detect_language(question) != "en" else not_covered(mode)
        yield base.model_copy(update={"answer": refusal + refusal_detail(settings, retrieval), "sources": []})
        return
    started = time.perf_counter()
    text, reasoning, finish, error = "", "", None, None
    try:
        # The recent turns go to a writer that takes them (an LLM's request).
        pieces = (
            writer.stream(question, retrieval, turns=turns)
            if turns and isinstance(writer, LLMWriter)
            else writer.stream(question, retrieval)
        )
        for piece in pieces:
            if isinstance(piece, Reply):  # an LLM writer's snapshot (assistant.llm)
                text, reasoning, finish = piece.answer, piece.reasoning, piece.finish
            else:
                text += piece
            if (text or reasoning) and "first_token_s" not in timings:
                timings["first_token_s"] = round(time.perf_counter() - started, 3)
            if finish is None:
                yield base.model_copy(update={"answer": text, "reasoning": reasoning, "done": False})
    except WriterError as exc:
        error = str(exc)
    if finish is not None and finish.kind == "error":
        error = finish.why
    timings["generation_s"] = round(time.perf_counter() - started, 3)
    base = base.model_copy(update={"timings": timings, "reasoning": reasoning})
    final = verified(embedder, base, text, retrieval, error)
    if not isinstance(writer, LLMWriter):
        yield final
        return
    kind = finish.kind if finish is not None else "error" if error else "stop"
    final = final.model_copy(update={"finish": kind})
    if kind == "error":
        reason = f"The language model failed: {error}"
    elif kind == "empty":
        reason = f"The language model returned nothing ({finish.why})."  # type: ignore[union-attr]
    else:
        why = fails_badly(final)
        reason = f"The language model's answer failed verification ({why})." if why else None
    cut = (
        f"The model's answer was cut off at the model's token limit ({finish.why})."  # type: ignore[union-attr]
        if kind == "length"
        else f"The model's answer may be incomplete ({finish.why})."  # type: ignore[union-attr]
        if kind == "cut"
        else None
    )
    if reason:
        if isinstance(fallback, ExtractiveWriter) and kind in FALLBACK_OPENINGS:
            fallback = ExtractiveWriter(settings, FALLBACK_OPENINGS[kind], plan=plan)
        replacement = "".join(fallback.stream(question, retrieval))
        # The overview writers open with "No language model is configured": not so here.
        replacement = replacement.replace(
            OVERVIEW_NOTICE.split(",")[0], "The language model's draft was not used", 1
        )
        final = verified(embedder, base, replacement, retrieval, error).model_copy(
            update={"writer": f"extractive (fallback from {writer.name})", "rejected": final, "finish": kind}
        )
        kept = " Its answer is kept under 'rejected'." if final.rejected and final.rejected.answer else ""
        final.notices.insert(0, f"{reason} Showing the answer assembled from the abstracts instead.{kept}")
    if cut:
        final.notices.insert(1 if reason else 0, cut)
    yield final


def verified(embedder: Embedder, base: Answer, text: str, retrieval: Retrieval, error: str | None) -> Answer:
    """The final :class:`Answer` for ``text``: citations resolved, every sentence checked."""
    clean, citations, dropped = resolve_citations(text, retrieval.sources)
    notices = []
    if dropped:
        notices.append(
            "Removed citations to sources that were not retrieved: "
            + ", ".join(f"[{n}]" for n in dropped)
        )
    refused = clean.strip().startswith(REFUSALS)
    checks = [] if refused else verify_answer(clean, retrieval.sources, retrieval.idf, NON_CLAIMS)
    # An answer in another language is checked by meaning (assistant/crosslingual.py).
    checks, verification, language_notices = check_language(clean, checks, retrieval.sources, embedder)
    notices += language_notices
    flagged = sum(bool(set(c.flags) - {NOT_VERIFIED}) for c in checks if c.claim)
    if flagged:
        notices.append(f"{flagged} sentence(s) flagged by verification: see the marks.")
    if base.relevance is not None and base.relevance < LOW_RELEVANCE and not refused:
        notices.append(
            f"Low answer relevance ({base.relevance:.2f}): the quoted sentences may not answer "
            "the question."
        )
    return base.model_copy(
        update={
            "answer": clean,
            "citations": citations,
            "covered": base.covered and not refused,
            "notices": notices,
            "error": error,
            "sentences": checks,
            "invalid_citations": dropped,
            "timings": dict(base.timings),
            "verification": verification,
        }
    )


def fails_badly(answer: Answer) -> str | None:
    """Why an LLM answer should be replaced by the extractive one, or None.

    Badly = it cited a source that was not listed, or more than
    ``FALLBACK_FLAGGED_SHARE`` of its claim sentences were flagged, or it
    answered a covered question without one valid citation.
    """
    if not answer.covered:
        return None  # the model said the sources do not answer: a valid refusal
    if answer.invalid_citations:
        return "it cited sources that were not retrieved: " + ", ".join(
            f"[{n}]" for n in answer.invalid_citations
        )
    # Sentences only marked not verified (language) are shown, not held against the answer.
    share = flagged_share(
        [c.model_copy(update={"flags": [f for f in c.flags if f != NOT_VERIFIED]}) for c in answer.sentences]
    )
    if share > FALLBACK_FLAGGED_SHARE:
        return f"{share:.0%} of its sentences were unsupported, uncited or had unsourced numbers"
    if not answer.citations:
        return "it cited no source"
    return None
