"""The ingest lock: one writer per store, so two ingests never interleave their rounds."""

from __future__ import annotations

import fcntl
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.settings import Settings
from assistant.store import StoreError, describe, store_folder


def lock_path(settings: Settings) -> Path:
    """The lock file of the configured store.

    A persistent store's is ``STORE/.ingest.lock``. A Chroma server's is a file in
    the temp folder named after host, port and collection: it serialises ingests
    started on this machine only (Chroma has no lock of its own).
    """
    if settings.chroma_host:
        key = f"{settings.chroma_host}:{settings.chroma_port}/{settings.collection}"
        return (
            Path(tempfile.gettempdir())
            / f"paper-assistant-ingest-{hashlib.sha256(key.encode()).hexdigest()[:16]}.lock"
        )
    return store_folder(settings) / ".ingest.lock"


@contextmanager
def ingest_lock(settings: Settings, wait: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock on the store for the whole ingest.

    Args:
        wait: seconds to wait for another ingest to finish; 0 refuses at once.

    Raises:
        StoreError: another ingest still holds it after ``wait`` seconds.
    """
    path = lock_path(settings)
    deadline = time.monotonic() + wait
    announced = False
    with path.open("a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if wait and not announced:
                    handle.seek(0)
                    holder = handle.read().strip() or "?"
                    sys.stderr.write(
                        f"waiting up to {wait:g} s for another ingest (pid {holder}) to finish\n"
                    )
                    sys.stderr.flush()
                    announced = True
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "?"
                    waited = f" (waited {wait:g} s)" if wait else ""
                    raise StoreError(
                        f"another ingest (pid {holder}) is writing to {describe(settings)}{waited}; "
                        "wait for it to finish and run this again, or pass --wait SECONDS."
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
