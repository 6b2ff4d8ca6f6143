"""The records that flow through the pipeline: Paper → chunks → Source → Answer."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

from pydantic import BaseModel, Field, field_validator

from assistant.text import split_sentences

# LaTeX's escapes of text characters, as arXiv abstracts carry them ("CMLR (11.1\%)"): the
# character is the content; every export escapes it again for its own format. Read left to
# right so that an escaped backslash ("\\%": a line break, then a comment) and math ("$\$5$")
# stay as they are: unescaping is then idempotent, so a paper rebuilt from the store keeps its text.
_LATEX_ESCAPED = re.compile(r"(\\\\|\$(?:\\.|[^$\\])+\$)|\\([%&#_$])")


def folded(text: str) -> str:
    """``text`` casefolded, accents dropped, in one Unicode form (NFKD), for comparisons:
    "Müller" typed decomposed (as macOS does) or as "muller" matches the stored "Müller"."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def normalize_title(title: str) -> str:
    """Casefolded, accent-free form of a title, letters and digits of any script only, for
    identity and lookup ("Ünïcode: A–B" → "unicode a b", "多模态 综述" → "多模态 综述");
    "" when the title has no letter or digit."""
    return " ".join(re.findall(r"[^\W_]+", folded(title)))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters, and invisible format characters that only hide text from search and
# identity: soft hyphen (PDF copy-paste "trans\xadformer"), zero-width space, word joiner,
# BOM, LRM/RLM and the bidi embeddings, overrides and isolates (U+202A-E, U+2066-9, which can
# make a title display reversed). ZWNJ/ZWJ (U+200C/D) are kept: Persian, Indic scripts and
# emoji sequences need them. Removed from stored fields (ingest) and from what a user types
# ("SPH\u200bINX" was looked up as "SPH").
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)

# A terminal's escape sequence (ECMA-48: CSI "ESC [ … m" colours, OSC "ESC ] … BEL" titles, and
# two-character escapes), pasted with a name from a coloured terminal: INVISIBLE drops the ESC, but
# its residue stuck to the word ("What is \x1b[31mWavCaps\x1b[0m?" asked for "[31mWavCaps" and was
# refused; a title was stored as "Evil [2J[31mRed"; bad-input trial 10).
TERMINAL_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def visible(text: str) -> str:
    """``text`` without terminal escape sequences (:data:`TERMINAL_ESCAPE`) and invisible format
    characters (:data:`INVISIBLE`)."""
    return INVISIBLE.sub("", TERMINAL_ESCAPE.sub("", text))


def repaired(text: str) -> str:
    """``text`` without lone UTF-16 surrogates, which the embedder's tokenizer rejects
    (``TypeError: TextEncodeInput must be ...``) and no file or terminal can print.

    A byte that was not UTF-8, carried in by Python's ``surrogateescape`` (a command-line
    argument typed in a Latin-1 terminal: U+DC80-U+DCFF), is read as Windows-1252, as the JSONL
    ingest reads such lines ("caf\\xe9" -> "café"); any other lone surrogate (JSON's
    ``"\\ud800"``) becomes U+FFFD. Terminal escapes and invisible format characters are dropped (:func:`visible`)."""
    text = visible(text)
    if _LONE_SURROGATE.search(text) is None:
        return text

    def one(match: re.Match[str]) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:
            return bytes([code - 0xDC00]).decode("cp1252", errors="replace")
        return "\ufffd"

    return _LONE_SURROGATE.sub(one, text)


# Most words of a question that are read: a long paragraph (the dev set's longest has 47). A pasted
# paper (20,000 sentences, 1 MB) took 179 s in the evidence step, each of its parts scored.
MAX_QUESTION_WORDS = 300


def first_words(text: str, limit: int) -> tuple[str, int]:
    """``text`` cut to its first ``limit`` whitespace-separated words (unchanged when it has no
    more), and how many words it had."""
    words = text.split()
    return (text if len(words) <= limit else " ".join(words[:limit])), len(words)


# Longest closing question kept after the cut: a pasted abstract usually comes first and the
# question last ("I work on … Which papers are closest, and what datasets do they use?").
MAX_CLOSING_WORDS = 60


def closing_question(text: str) -> str:
    """The last sentence of ``text`` when it ends with "?" and has at most
    :data:`MAX_CLOSING_WORDS` words, else ""."""
    tail = text.rstrip()[-2000:]
    sentences = split_sentences(tail) if tail.endswith("?") else []
    last = sentences[-1] if sentences else ""
    return last if 0 < len(last.split()) <= MAX_CLOSING_WORDS and last.endswith("?") else ""


def bounded_question(question: str) -> tuple[str, str]:
    """``question`` cut to :data:`MAX_QUESTION_WORDS` words — its first words, plus its closing
    question when it ends with one — and a notice saying so (else "")."""
    cut, n = first_words(question, MAX_QUESTION_WORDS)
    if n <= MAX_QUESTION_WORDS:
        return question, ""
    tail = closing_question(question)
    if not tail:
        return cut, f"The question has {n:,} words; only its first {MAX_QUESTION_WORDS} were read (ask about one thing at a time)."
    kept = MAX_QUESTION_WORDS - len(tail.split()) - 1  # the "…" joining them counts as a word
    head, _ = first_words(question, kept)
    return f"{head} … {tail}", (
        f"The question has {n:,} words; its first {kept} and its closing question were read "
        "(ask about one thing at a time)."
    )


def has_words(text: str) -> bool:
    """True when ``text`` holds a letter or digit in any script: something to search for.
    Spaces, punctuation, symbols and emoji alone ("?!", "🤖❓") are not a question."""
    return re.search(r"[^\W_]", text) is not None


class Paper(BaseModel):
    """One paper of a collection: what every reader yields.

    ``paper_id`` is stable across runs and machines: a hash of the arXiv id or DOI
    when there is one, else of the normalized title, so a corrected abstract keeps
    its id and is updated in place rather than added twice.
    """

    title: str
    abstract: str
    url: str | None = None
    code_url: str | None = None
    authors: list[str] = Field(default_factory=list)
    year: int | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    categories: list[str] = Field(default_factory=list)
    source: str = Field("", description="file:line the paper was read from")

    @field_validator("title", "abstract")
    @classmethod
    def _unescape_latex(cls, text: str) -> str:
        return _LATEX_ESCAPED.sub(lambda m: m.group(1) or m.group(2), text)

    @property
    def paper_id(self) -> str:
        key = (
            f"arxiv:{self.arxiv_id}"
            if self.arxiv_id
            else f"doi:{self.doi.lower()}"
            if self.doi
            else f"title:{normalize_title(self.title)}"
            if normalize_title(self.title)
            # No letter or digit ("%"): the title as written, so two such papers stay two.
            else f"title-text:{' '.join(self.title.split())}"
        )
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    @property
    def content_hash(self) -> str:
        """Hash of everything stored for the paper; a change means re-embedding."""
        payload = self.model_dump(exclude={"source"})
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


class Source(BaseModel):
    """A retrieved paper as shown to the writer and the user, numbered ``n`` from 1."""

    n: int
    paper_id: str
    title: str
    score: float = Field(description="fused retrieval score; only the order means something")
    dense: float | None = Field(None, description="best chunk's cosine similarity to the query")
    abstract: str = ""
    evidence: str = Field("", description="the paper's best-matching chunk")
    url: str | None = None
    code_url: str | None = None
    authors: list[str] = Field(default_factory=list)
    year: int | None = None
    arxiv_id: str | None = None
    doi: str | None = None


class Citation(BaseModel):
    """A source that the answer text cites as ``[n]``."""

    n: int
    paper_id: str
    title: str


class Evidence(BaseModel):
    """The sentence of a cited abstract that best supports an answer sentence."""

    n: int
    sentence: str
    support: float = Field(description="IDF-weighted share (0..1) of the claim's terms it contains")


class SentenceCheck(BaseModel):
    """Verification of one answer sentence."""

    text: str
    citations: list[int] = Field(default_factory=list)
    evidence: Evidence | None = None
    claim: bool = Field(True, description="False for notices and connectives, which need no source")
    flags: list[str] = Field(
        default_factory=list,
        description="'uncited', 'unsupported', 'invalid_citation', 'unsourced_number:<x>', "
        "'unsourced_name:<x>'",
    )


class Turn(BaseModel):
    """One earlier turn of a conversation, as state: what was asked and which papers the
    answer was about, so a follow-up ("that paper") resolves to them without re-guessing."""

    question: str
    answer: str = ""
    paper_ids: list[str] = Field(default_factory=list, description="papers the answer cited, in order")


class TableCell(BaseModel):
    """One cell of a comparison table: text quoted or derived from one paper's abstract."""

    text: str
    n: int | None = Field(None, description="the source the cell comes from; None for 'not stated'")
    quoted: bool = Field(False, description="True when the text is quoted verbatim from the abstract")
    short: str = Field(
        "", description="the text cut to the clause that answers the column, for a wide table's view; '' when short"
    )


class Table(BaseModel):
    """A comparison table: one row per paper; the first column names the paper."""

    columns: list[str]
    rows: list[list[TableCell]] = Field(default_factory=list)


class Answer(BaseModel):
    """What every writer returns and every interface renders (``--json`` prints it)."""

    question: str
    answer: str
    covered: bool
    writer: str
    mode: str = Field("ask", description="'ask', 'summary', 'related_work' or 'compare'")
    citations: list[Citation] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list, description="things the user should know")
    sentences: list[SentenceCheck] = Field(default_factory=list, description="per-sentence verification")
    error: str | None = Field(None, description="what failed, when something did")
    done: bool = Field(True, description="False on the partial answers yielded while streaming")
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage")
    invalid_citations: list[int] = Field(
        default_factory=list, description="[n] the writer used that name no listed source (removed)"
    )
    gaps: list[str] = Field(
        default_factory=list, description="what the question asks that the cited abstracts do not state"
    )
    relevance: float | None = Field(
        None, description="answer relevance (0..1): how well the evidence answers the question"
    )
    reasoning: str = Field("", description="a reasoning model's thinking; shown collapsed, never verified")
    finish: str | None = Field(
        None, description="how the writer ended: 'stop', 'length' (cut at the token limit), 'cut' (no finish reason), 'empty', 'error'"
    )
    verification: str = Field(
        "",
        description="how claims were checked: 'lexical' (against the abstracts' words), 'cross-lingual' "
        "(an answer in another language, by meaning), 'not verified (language)' (some could not be "
        "checked across languages), '' (nothing to check)",
    )
    table: Table | None = Field(None, description="for mode 'compare': the table the text renders")
    about: str = Field("", description="for overviews: the user's own work as given; the exports end with it")
    rejected: Answer | None = Field(
        None, description="the LLM's verified answer, when it failed verification and was replaced"
    )
