"""Make every library we use work with no internet, before any of them runs.

Called once, on import of :mod:`assistant` (and so of :mod:`ingest`, :mod:`eval`).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


def tiktoken_cache_dir() -> Path | None:
    """llama-index-core's bundled tiktoken cache (``cl100k_base``, ``o200k_base``), or None.

    Found without importing llama-index, which is slow to import.
    """
    spec = importlib.util.find_spec("llama_index.core")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "_static" / "tiktoken_cache"
    return path if path.is_dir() else None


def configure_offline() -> None:
    """Point tiktoken at bundled BPE files and switch off phone-home features.

    ``tiktoken.get_encoding`` downloads its BPE file on first use unless
    ``TIKTOKEN_CACHE_DIR`` holds it; importing llama-index does not set it.
    Values the user already set win.
    """
    cache = tiktoken_cache_dir()
    if cache is not None:
        os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(cache))
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # chromadb
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
