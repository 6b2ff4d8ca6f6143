"""The one settings object: every knob, its env var, its offline default.

Env vars are ``PA_<FIELD>`` (e.g. ``PA_STORE``, ``PA_LLM_BASE_URL``), read from the
environment or a ``.env`` file in the working directory. ``CHROMA_HOST`` and
``CHROMA_PORT`` are accepted as well, as Chroma's own tools name them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = PROJECT_DIR / "data" / "hf-daily-papers-multimodal.txt"


class Settings(BaseSettings):
    """All configuration of Paper Assistant. Defaults work offline with no API key."""

    model_config = SettingsConfigDict(env_prefix="PA_", env_file=".env", extra="ignore")

    # --- store -------------------------------------------------------------
    store: Path = Field(
        PROJECT_DIR / "store",
        description="Folder of the persistent Chroma store (ignored when chroma_host is set).",
    )
    collection: str = Field("papers", description="Chroma collection name.")
    chroma_host: str | None = Field(
        None,
        description="Host of a Chroma server; when set, the store is reached over HTTP.",
        validation_alias=AliasChoices("PA_CHROMA_HOST", "CHROMA_HOST"),
    )
    chroma_port: int = Field(
        8000,
        description="Port of the Chroma server.",
        validation_alias=AliasChoices("PA_CHROMA_PORT", "CHROMA_PORT"),
        ge=1,
        le=65535,
    )

    # --- embedding ---------------------------------------------------------
    embedder: Literal["minilm-onnx", "openai"] = Field(
        "minilm-onnx",
        description="'minilm-onnx': all-MiniLM-L6-v2 int8 ONNX shipped in a PyPI package "
        "(offline); 'openai': an OpenAI-compatible /v1/embeddings endpoint.",
    )
    embed_base_url: str | None = Field(None, description="Base URL of the embeddings endpoint.")
    embed_api_key: str = Field("not-needed", description="API key of the embeddings endpoint.")
    embed_model: str = Field("text-embedding-3-small", description="Model name at the embeddings endpoint.")
    # 16, not 64: MiniLM's attention tensors grow with the batch; embedding the bundled corpus
    # peaked at 1475 MiB RSS with 64 and 736 MiB with 16, no slower (2026-11-30, 2 cores).
    embed_batch_size: int = Field(
        16, description="Texts per embedding call (per request with PA_EMBEDDER=openai).", ge=1
    )
    embed_threads: int = Field(2, description="ONNX Runtime intra-op threads.", ge=1)
    embed_concurrency: int = Field(
        4,
        description="Embedding requests in flight at once (PA_EMBEDDER=openai); see bench/embed_concurrency.py.",
        ge=1,
    )
    embed_max_retries: int = Field(
        6,
        description="Retries of a failed embedding request (connection errors, 429, 5xx), "
        "honouring Retry-After, else exponential backoff.",
        ge=0,
    )
    embed_timeout: float = Field(60.0, description="Seconds allowed for one embedding request.", gt=0)
    chunk_tokens: int = Field(
        200,
        description="Chunk size in the embedder's word pieces. MiniLM truncates at 256; "
        "the title is prepended to every chunk, so leave room for it.",
        ge=16,
    )
    chunk_overlap: int = Field(40, description="Overlap between chunks, in word pieces.", ge=0)

    # --- retrieval ---------------------------------------------------------
    top_k: int = Field(5, description="Papers passed to the writer and listed as sources.", ge=1)
    candidates: int = Field(30, description="Chunks each retriever returns before fusion.", ge=1)
    overview_candidates: int = Field(
        80, description="Papers in the pool an overview selects from (scored against each other).", ge=1
    )
    overview_chunks: int = Field(
        200, description="Chunks each retriever returns when building that pool.", ge=1
    )
    overview_papers: int = Field(
        20, description="Most papers a summary, related-work draft or table covers.", ge=1
    )
    overview_min_coverage: float = Field(
        0.3,
        description="Share of the topic's IDF²-weighted terms a paper's title + abstract must hold to count "
        "as on topic (assistant/overview_select.py; chosen on the dev split).",
        ge=0,
        le=1,
    )
    overview_min_z: float = Field(
        0.9,
        description="On-topic cut: standard deviations above the pool's mean on-topic score "
        "(assistant/overview_select.py; chosen on the dev split).",
    )
    overview_strong_z: float = Field(
        2.0,
        description="In a related-work draft, a paper this many standard deviations above the pool's mean on-topic "
        "score needs only overview_strong_min_coverage of the topic's terms (assistant/overview.py; chosen on "
        "the dev split).",
    )
    overview_strong_min_coverage: float = Field(
        0.2,
        description="The term floor for a paper at least overview_strong_z above the pool's mean.",
        ge=0,
        le=1,
    )
    # Fusion chosen by `python -m eval retrieval --fusions` and a sweep of k in {10, 60},
    # dense weight in {0.5, 1}, adaptive BM25 weight on/off, on the 82 answerable
    # questions of eval/questions/dev.jsonl (2026-11-29). Hybrid recall@5 / MRR:
    #   relative + adaptive, w=0.5: 0.873 / 0.896  (chosen; 0.875 / 0.908 once terms in
    #   no chunk stopped weighing in the adaptive weight)
    #   rrf k=10 + adaptive, w=0.5: 0.854 / 0.885
    #   rrf k=60, w=1 (Cormack et al.): 0.809 / 0.864
    #   llama-index QueryFusionRetriever rrf: 0.843 / 0.839; relative: 0.822 / 0.860
    #   BM25 alone 0.794 / 0.849; dense alone 0.810 / 0.821
    fusion: Literal["rrf", "relative", "llama-rrf", "llama-relative", "llama-dist"] = Field(
        "relative",
        description="How hybrid retrieval fuses BM25 and dense: RRF or relative-score fusion over "
        "papers (ours), or llama-index's QueryFusionRetriever over chunks (llama-*).",
    )
    rrf_k: int = Field(10, description="Reciprocal rank fusion constant k (Cormack et al., 2009).", ge=0)
    dense_weight: float = Field(0.5, description="Weight of the dense ranking in fusion; BM25's is 1.", ge=0)
    adaptive_bm25: bool = Field(
        True,
        description="Weight BM25 in the fusion by how much of the query its best chunk covers.",
    )
    # Dev paraphrases' recall@1 (offline sweep over the top 5, relative fusion, no sentence floor):
    # 0.919 at 0, 0.935 at 0.3, 0.941 at 0.4-0.5, 0.935 at 0.6; 0.5 is the dense list's weight.
    sentence_weight: float = Field(
        0.5,
        description="Weight of the best-abstract-sentence cosine when reordering the first top_k papers "
        "(assistant/sentence_rerank.py; relative fusion only; 0 turns it off).",
        ge=0,
    )
    # 0.24: on eval/questions/dev.jsonl, 1.2% false refusals (1 of 82 answerable) and
    # 75% false answers (9 of 12 unanswerable: near-misses whose paper *is* in the
    # collection; retrieval cannot tell those apart, the answer layer must).
    min_relevance: float = Field(
        0.24,
        description="Relevance gate: the best paper's dense cosine similarity must reach this, "
        "or the answer says the collection does not cover the question.",
        ge=-1,
        le=1,
    )

    store_recheck_s: float = Field(
        5.0,
        description="Seconds between checks that another process changed the store (an ingest "
        "while the app runs); answers may miss papers added since, for at most this long.",
        ge=0,
    )

    # --- scale and faults (ingest, BM25 index, embedding endpoint) -----------
    ingest_round: int | None = Field(
        None,
        description="Papers embedded and written per ingest round (a crash loses at most one round). "
        "Default 128, or enough for every PA_EMBED_CONCURRENCY request with PA_EMBEDDER=openai.",
        ge=1,
    )
    bm25_dir: Path | None = Field(
        None,
        description="Folder of the saved BM25 index. Default: STORE/bm25 beside the Chroma store; "
        "with a Chroma server, a per-server folder in ~/.cache/paper-assistant/bm25.",
    )
    test_pause_after_rounds: int = Field(
        0,
        description="Test hook: after this many write rounds an ingest prints 'ingest paused after N "
        "rounds' to stderr and waits, holding its lock, to be killed (0: off). Lets the crash "
        "tests kill at a point they control.",
        ge=0,
    )

    # --- language model ----------------------------------------------------
    llm_base_url: str | None = Field(
        None,
        description="Base URL of an OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, "
        "llama.cpp server). Unset: the extractive writer answers, no LLM is called.",
    )
    llm_gguf: Path | None = Field(
        None,
        description="A GGUF model file: start llama.cpp's OpenAI-compatible server on 127.0.0.1 "
        "for it and answer through it (needs llama-cpp-python[server]).",
    )
    llm_api_key: str = Field("not-needed", description="API key for the LLM endpoint.")
    llm_model: str = Field("gpt-4o-mini", description="Model name at the LLM endpoint.")
    llm_timeout: float = Field(
        120.0,
        description="Seconds the LLM may take per question, rewrite and answer together, from its first call.",
        gt=0,
    )
    llm_context: int = Field(
        4096, description="The model's context window, in tokens; prompts are trimmed to fit.", ge=256
    )
    llm_max_tokens: int = Field(512, description="Most tokens the LLM may write per answer.", ge=1)

    # --- app ---------------------------------------------------------------
    feedback_path: Path | None = Field(
        None,
        description="SQLite file of the answers' 👍/👎 feedback (created on first use). Unset: "
        "feedback.sqlite3 in the store folder, or in the working directory with a Chroma server.",
    )
    host: str = Field("127.0.0.1", description="Address the web app binds to.")
    port: int = Field(7860, description="Port of the web app.", ge=1, le=65535)
    queue_concurrency: int = Field(
        4,
        description="Requests the app works on at once (Gradio's queue); the rest wait and see their "
        "place in the queue. Set from bench/load.py on 2 cores.",
        ge=1,
    )
    llm_concurrency: int = Field(
        4,
        description="With an LLM: chat requests sent to the LLM endpoint at once (the queue's limit "
        "then); match the endpoint's own parallel slots.",
        ge=1,
    )

    # --- access control and uploads (ui/auth.py, ui/upload.py) -------------
    users: str | None = Field(
        None,
        description="Users of the web app, as 'name:role:secret' entries separated by commas or "
        "newlines; role is 'admin' (adds and removes papers) or 'reader' (asks); secret is a hash "
        "written by `python -m ui.auth add` or a plain password. Any user turns the login on.",
    )
    users_file: Path | None = Field(
        None,
        description="File of users, one 'name:role:scrypt$...' line each, written by "
        "`python -m ui.auth add NAME --role admin|reader --file FILE`.",
    )
    insecure_no_auth: bool = Field(
        False,
        description="Serve a non-loopback address with no login: anyone who reaches the port can "
        "add and remove papers. Without it (or users) the app refuses to bind beyond 127.0.0.1.",
    )
    max_upload_mb: float = Field(50.0, description="Largest file of papers an upload may be, in MiB.", gt=0)
    upload_dir: Path | None = Field(
        None,
        description="Folder uploaded files are kept in (who uploaded what, when); default: "
        "the 'uploads' folder inside the store folder.",
    )
    map_clusters: int = Field(8, description="Theme clusters (k-means) coloured on the Map tab.", ge=1)

    @model_validator(mode="after")
    def _overlap_below_chunk(self) -> Settings:
        if self.chunk_overlap >= self.chunk_tokens:
            raise ValueError(
                f"PA_CHUNK_OVERLAP ({self.chunk_overlap}) must be smaller than PA_CHUNK_TOKENS ({self.chunk_tokens})"
            )
        return self

    @property
    def upload_folder(self) -> Path:
        """Where uploads land: ``upload_dir``, or ``<store>/uploads``."""
        return self.upload_dir or self.store / "uploads"

    @property
    def llm_configured(self) -> bool:
        """True when answers should come from an LLM endpoint."""
        return bool(self.llm_base_url)


def settings_errors(exc: ValidationError) -> str:
    """What is wrong with the settings, one line per value, each naming its env var (and so
    the CLI flag that sets it: ``--top-k`` is ``PA_TOP_K``) and the value given::

        PA_TOP_K = -5: Input should be greater than or equal to 1
    """
    lines = []
    for err in exc.errors():
        loc = str(err["loc"][0]) if err["loc"] else ""
        name = loc if loc.upper().startswith(("PA_", "CHROMA_")) else f"PA_{loc.upper()}"
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{name} = {err['input']!r}: {msg}" if loc else msg)
    return "\n".join(lines)
