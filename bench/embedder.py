"""Our MiniLM embedder vs chromadb's ``ONNXMiniLM_L6_V2`` on the same texts and model file.

``python bench/embedder.py``: embeds every chunk of the bundled corpus with both
(chromadb's pointed at a temp folder holding the same ``model.onnx`` and tokenizer
files, so nothing downloads), prints seconds, texts/s, the ratio, and the largest
cosine difference between the two embeddings of a text.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

import assistant  # noqa: E402,F401
from assistant.embed import TOKENIZER_DIR, MiniLMOnnxEmbedder  # noqa: E402
from assistant.settings import BUNDLED_CORPUS, Settings  # noqa: E402
from ingest.pipeline import chunk_paper, collect_papers  # noqa: E402


def main() -> None:
    from chromadb.utils.embedding_functions import ONNXMiniLM_L6_V2

    ours = MiniLMOnnxEmbedder()
    ours.cache_items = 0  # every path embeds its texts: none may reuse another's vectors
    papers, _ = collect_papers([BUNDLED_CORPUS])
    texts = [f"{p.title}\n{c}" for p in papers.values() for c in chunk_paper(p, ours, Settings())]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / ONNXMiniLM_L6_V2.EXTRACTED_FOLDER_NAME
        folder.mkdir()
        (folder / "model.onnx").symlink_to(ours._model_path)
        for name in (
            "tokenizer.json",
            "vocab.txt",
            "tokenizer_config.json",
            "special_tokens_map.json",
            "config.json",
        ):
            (folder / name).symlink_to(TOKENIZER_DIR / name)
        ONNXMiniLM_L6_V2.DOWNLOAD_PATH = Path(tmp)
        theirs = ONNXMiniLM_L6_V2(preferred_providers=["CPUExecutionProvider"])
        ours.embed(texts[:4])
        theirs(texts[:4])  # warm both sessions
        started = time.perf_counter()
        a = ours.embed(texts)
        t_ours = time.perf_counter() - started
        started = time.perf_counter()
        b = np.asarray(theirs(texts), dtype=np.float32)
        t_theirs = time.perf_counter() - started
    diff = float(np.max(np.abs(np.sum(a * b, axis=1) - 1.0)))
    print(f"{len(texts)} chunks of the bundled corpus")
    print(f"ours (dynamic padding, length-sorted batches): {t_ours:.2f} s, {len(texts) / t_ours:.1f} texts/s")
    print(
        f"chromadb ONNXMiniLM_L6_V2 (pads to 256):        {t_theirs:.2f} s, {len(texts) / t_theirs:.1f} texts/s"
    )
    print(f"chromadb / ours time: {t_theirs / t_ours:.2f}x; max |1 - cosine(ours, theirs)| = {diff:.2e}")


if __name__ == "__main__":
    main()
