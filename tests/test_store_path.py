"""A store path that cannot be a folder (sixth bad-input round): named, nothing written.

Before: ``FileExistsError: [Errno 17] File exists`` / ``NotADirectoryError`` tracebacks from
``Path.mkdir`` in every command. Tests run as root, where permissions do not bite, so the
"cannot create" case uses /proc, where no one can make a folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.__main__ import main as assistant_main
from assistant.settings import Settings
from assistant.store import StoreError, store_folder
from ingest.__main__ import main as ingest_main
from tests.conftest import write_digest

ABSTRACT = "We present a model that reads images and text and answers questions about them. " * 4


def _cases(tmp_path: Path) -> list[tuple[Path, str]]:
    blocker = tmp_path / "store"
    blocker.write_text("not a folder\n")
    return [
        (blocker, f"store {blocker} (PA_STORE / --store): is a file, not a folder; give a folder"),
        (blocker / "sub", f"is inside {blocker}, which is a file, not a folder"),
        (Path("/proc/no-such-pid/store"), "cannot create the folder ("),
    ]


def test_store_folder_names_the_path_and_the_reason(tmp_path: Path) -> None:
    for store, message in _cases(tmp_path):
        with pytest.raises(StoreError, match=r".*") as info:
            store_folder(Settings(store=store))
        assert message in str(info.value), str(info.value)
    assert store_folder(Settings(store=tmp_path / "new" / "store")).is_dir()


def test_ingest_and_ask_say_so_and_leave_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    papers = write_digest(tmp_path / "papers.txt", [("Paper A", ABSTRACT)])
    for store, message in _cases(tmp_path):
        assert ingest_main([str(papers), "--store", str(store), "--quiet"]) == 1
        assert message in capsys.readouterr().err
        monkeypatch.setenv("PA_STORE", str(store))
        assert assistant_main(["ask", "What does the model read?"]) == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
    assert (tmp_path / "store").read_text() == "not a folder\n"  # the file in the way is kept


def test_a_damaged_chroma_database_is_named_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression (eighth round): a store folder whose chroma.sqlite3 is not a database (a
    # half-copied store, a file overwritten by mistake) gave a chromadb InternalError traceback
    # ("file is not a database") from `ask`, `ingest` and app.py; app.py did the same for a
    # store that is a file.
    import app

    store = tmp_path / "store"
    store.mkdir()
    junk = b"\x00not sqlite\xff" * 400
    (store / "chroma.sqlite3").write_bytes(junk)
    papers = write_digest(tmp_path / "papers.txt", [("Paper A", ABSTRACT)])
    message = f"store {store} (PA_STORE / --store): its Chroma database (chroma.sqlite3) cannot be opened"
    assert ingest_main([str(papers), "--store", str(store), "--quiet"]) == 1
    assert message in capsys.readouterr().err
    monkeypatch.setenv("PA_STORE", str(store))
    assert assistant_main(["ask", "What does the model read?"]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    monkeypatch.setenv("PA_PORT", "1")  # refused before binding: never served
    monkeypatch.setattr(app, "port_in_use", lambda host, port: False)
    for bad, said in [(store, message), (tmp_path / "afile", "is a file, not a folder")]:
        if bad.name == "afile":
            bad.write_text("x")
        with pytest.raises(SystemExit) as exit_:
            app.main(["--store", str(bad)])
        assert exit_.value.code == 1 and said in capsys.readouterr().err
    assert (store / "chroma.sqlite3").read_bytes() == junk  # left as it was, for the user to look at
