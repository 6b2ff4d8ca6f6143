"""Access control against the app bound to a non-loopback address of this machine, with a login.

Through ``gradio_client`` and raw HTTP, and in real Chromium: a request with no
credentials is refused, a reader cannot add or remove papers (the server checks the role,
not only the page), an admin can. The address is this machine's first non-loopback IPv4
(``hostname -I``); traffic goes only to it. Skipped when the machine has none.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file

from assistant.ask import Assistant
from assistant.embed import MiniLMOnnxEmbedder
from assistant.library import list_papers
from assistant.settings import Settings
from ingest.pipeline import ingest_paths
from tests.conftest import serve, write_digest
from ui.auth import Access, add_user, load_users

ABSTRACT = "We study {topic} with a new model and report results on three benchmarks. " * 6
NEW_PAPER = (
    '{"title": "Quokka: Sparse Marsupial Transformers for Bioacoustic Tagging", '
    '"abstract": "We introduce Quokka, a sparse transformer that tags marsupial calls in field recordings."}\n'
)
USERS = {"alice": ("admin", "alice-pw-1"), "bob": ("reader", "bob-pw-2")}


def shared_address() -> str | None:
    """This machine's first non-loopback IPv4 address (from ``hostname -I``), or None."""
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=10).stdout
    except OSError:
        return None
    return next((a for a in out.split() if "." in a and not a.startswith("127.")), None)


HOST = shared_address()
if HOST is None:
    pytest.skip("this machine has no non-loopback IPv4 address", allow_module_level=True)


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder) -> Assistant:
    """A small store of its own (the corpus store keeps its 79 papers), with a users file."""
    tmp = tmp_path_factory.mktemp("team")
    users_file = tmp / "users.txt"
    for name, (role, password) in USERS.items():
        add_user(users_file, name, role, password)
    topics = ["graph learning", "speech recognition", "protein folding", "robot grasping"]
    path = write_digest(tmp / "few.txt", [(f"A Paper on {t}", ABSTRACT.format(topic=t)) for t in topics])
    settings = Settings(store=tmp / "store", host=HOST, users_file=users_file, max_upload_mb=1.0)
    ingest_paths([path], settings, embedder, progress=False)
    return Assistant(settings, embedder)


@pytest.fixture(scope="module")
def team_url(team: Assistant) -> Iterator[str]:
    with serve(team, HOST, Access(load_users(team.settings))) as url:
        yield url


def paper_file(tmp_path: Path) -> Path:
    path = tmp_path / "quokka.jsonl"
    path.write_text(NEW_PAPER, encoding="utf-8")
    return path


def titles(bot: Assistant) -> set[str]:
    return {r.title for r in list_papers(bot.store)}


def test_no_credentials_no_access(team_url: str, tmp_path: Path) -> None:
    with pytest.raises(Exception):  # noqa: B017 - gradio_client raises its own or httpx's errors
        Client(team_url, verbose=False).predict(
            handle_file(str(paper_file(tmp_path))), api_name="/add_papers"
        )
    with httpx.Client(base_url=team_url, timeout=30) as http:
        assert http.get("config").status_code == 401
        with paper_file(tmp_path).open("rb") as handle:
            upload = http.post("gradio_api/upload", files={"files": handle})
        assert upload.status_code == 401
        assert http.post("gradio_api/queue/join", json={"fn_index": 0, "data": []}).status_code == 401
        wrong = http.post("login", data={"username": "alice", "password": "bob-pw-2"})
        assert wrong.status_code == 400 and "Incorrect credentials" in wrong.text


def test_reader_cannot_add_or_remove_papers(team: Assistant, team_url: str, tmp_path: Path) -> None:
    before = titles(team)
    client = Client(team_url, auth=("bob", USERS["bob"][1]), verbose=False)
    report, _status = client.predict(handle_file(str(paper_file(tmp_path))), api_name="/add_papers")
    assert "only admins may add papers" in report and "bob is not one" in report
    client.predict(api_name="/library_remove_paper")
    assert titles(team) == before
    assert not team.settings.upload_folder.exists()  # nothing kept either


def test_admin_adds_papers_within_the_size_limit(team: Assistant, team_url: str, tmp_path: Path) -> None:
    client = Client(team_url, auth=("alice", USERS["alice"][1]), verbose=False)
    big = tmp_path / "big.jsonl"
    big.write_text(NEW_PAPER * 20_000, encoding="utf-8")  # ~3 MiB, over the 1 MiB limit
    with pytest.raises(Exception, match="(?i)size|large|413"):  # noqa: B017 - gradio refuses the upload
        client.predict(handle_file(str(big)), api_name="/add_papers")
    report, status = client.predict(handle_file(str(paper_file(tmp_path))), api_name="/add_papers")
    assert "1 added" in report and "quokka.jsonl" in report, report
    assert "Quokka: Sparse Marsupial Transformers for Bioacoustic Tagging" in titles(team)
    (kept,) = team.settings.upload_folder.iterdir()
    assert kept.name.endswith("-alice-quokka.jsonl")
