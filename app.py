"""The web app: ``python app.py [--store DIR] [--host H] [--port P] [--llm-gguf FILE]``.

The entry point: it opens the store (ingesting the bundled corpus into an empty one),
builds the tabs of :mod:`ui` (Chat, Library, Map) around one :class:`Assistant` and
launches Gradio. It binds to 127.0.0.1 unless told otherwise, with no share link; any
other address needs users (``PA_USERS`` / ``PA_USERS_FILE``, see :mod:`ui.auth`) or
``--insecure-no-auth``, else it refuses to start.
"""

from __future__ import annotations

import argparse
import html
import socket
from pathlib import Path
from typing import Any

import gradio as gr
from pydantic import ValidationError

import assistant  # noqa: F401  (offline set-up before gradio and llama-index import)
from assistant.ask import Assistant
from assistant.llm_server import local_llm
from assistant.settings import BUNDLED_CORPUS, Settings, settings_errors
from assistant.store import EmptyStore, StoreError, describe
from ingest.pipeline import ingest_paths
from ui.auth import OPEN, Access, AuthError, access_for
from ui.chat import build_chat
from ui.library import LIBRARY_CSS, build_library
from ui.look import PAGE_CSS
from ui.map import build_map_tab
from ui.scope import build_scope_bar
from ui.shared import Shared
from ui.status import collection_line, refresh_on_load, status_line


def ensure_ingested(bot: Assistant) -> str:
    """Ingest the bundled corpus when the store is empty; returns a status line."""
    try:
        bot.store.count()
    except EmptyStore:
        print(f"{describe(bot.settings)} is empty: ingesting {BUNDLED_CORPUS.name} ...")
        report = ingest_paths([BUNDLED_CORPUS], bot.settings, bot.embedder)
        print(report.summary())
    return collection_line(bot)


def build_app(bot: Assistant, status: str, access: Access = OPEN) -> gr.Blocks:
    """The Gradio app around one :class:`Assistant`; each browser session has its own history.

    ``access`` says who may add and remove papers (default: no login, everyone is admin,
    as on 127.0.0.1); ``main`` passes the same policy to ``launch(auth=...)``.
    """
    # fill_width: the page uses the whole window (Gradio caps it near 1150 px): the chat column
    # needs the width for a comparison table (new-user trial).
    with gr.Blocks(title="Paper Assistant", delete_cache=(3600, 86400), fill_width=True) as demo:
        header = gr.Markdown(status_line(bot, status), elem_id="status")
        who = gr.HTML(elem_id="who")
        # The states live outside gr.Tabs: a non-tab child there shifts the tab buttons
        # (Gradio 6.31 then labels the third tab with the first one's name).
        scope, cited = gr.State([]), gr.State([])
        with gr.Tabs() as tabs:
            shared = Shared(bot=bot, status=header, tabs=tabs, scope=scope, cited=cited, access=access)
            with gr.Tab("Chat", id="chat"):
                build_scope_bar(shared)
                build_chat(shared)
            build_library(shared)
            build_map_tab(shared)

        def show_role(request: gr.Request) -> list[Any]:
            role = access.role_of(request)
            line = (
                f"<small>Signed in as <b>{html.escape(request.username or '')}</b> ({role or 'no role'}) · "
                "<a href='logout' target='_self'>Log out</a></small>"  # relative: works under a proxy path
                if access.login
                else ""
            )
            return [line, *(gr.update(visible=role == "admin") for _ in shared.admin_only)]

        demo.load(show_role, outputs=[who, *shared.admin_only])
        refresh_on_load(demo, bot, header)
    return demo


def launch_options(settings: Settings, access: Access) -> dict[str, Any]:
    """``Blocks.launch`` arguments: address, the login (when there are users) and the upload limit."""
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "share": False,
        "auth": access.check if access.login else None,
        "auth_message": "Paper Assistant: sign in. An admin adds users with `python -m ui.auth add`.",
        "max_file_size": f"{int(settings.max_upload_mb * 1024)}kb",  # refused by Gradio before our check
        "css": PAGE_CSS + LIBRARY_CSS,
        # Gradio 6.31's status tracker announces a finished event to screen readers with the key
        # "common.complete", for which it ships no text: a reader said "common.complete".
        "i18n": gr.I18n(en={"common.complete": "Done"}),
    }


def port_in_use(host: str, port: int) -> bool:
    """Whether ``host:port`` is taken, tested by binding to it as Gradio's own check does. Checked
    before the store is opened, so a second app fails in a second with a hint instead of Gradio's
    traceback (whose advice, GRADIO_SERVER_PORT, this app overrides with PA_PORT)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Paper Assistant chat UI")
    parser.add_argument("--store", type=Path, help="store folder (env PA_STORE)")
    parser.add_argument("--host", help="bind address (default 127.0.0.1; env PA_HOST)")
    parser.add_argument("--port", type=int, help="port (default 7860; env PA_PORT)")
    parser.add_argument(
        "--llm-gguf", type=Path, help="GGUF model: answer through a local llama.cpp server (env PA_LLM_GGUF)"
    )
    parser.add_argument(
        "--insecure-no-auth",
        action="store_true",
        default=None,
        help="serve a non-loopback --host with no login; everyone may add and remove papers "
        "(env PA_INSECURE_NO_AUTH)",
    )
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in vars(args).items() if v is not None}
    try:
        access = access_for(Settings(**overrides))
    except AuthError as exc:  # before the store is opened or a model loaded
        parser.exit(2, f"{exc}\n")
    except ValidationError as exc:  # PA_PORT=abc, --port 0: named, not a traceback
        parser.exit(2, f"bad setting: {settings_errors(exc)}\n")
    wanted = Settings(**overrides)
    if port_in_use(wanted.host, wanted.port):
        other = wanted.port + 1
        parser.exit(
            2,
            f"app.py: port {wanted.port} on {wanted.host} is already in use (another Paper Assistant?). "
            f"Serve on another port: PA_PORT={other} make run, or .venv/bin/python app.py --port {other}\n",
        )
    with local_llm(Settings(**overrides)) as settings:
        try:
            bot = Assistant(settings)
            status = ensure_ingested(bot)
            bot.retriever.retrieve("warm-up")  # build BM25 and load the model before the first user
        except StoreError as exc:  # a store that is a file, a damaged chroma.sqlite3: named, exit 1
            parser.exit(1, f"app.py: {exc}\n")
        limit = settings.llm_concurrency if settings.llm_configured else settings.queue_concurrency
        build_app(bot, status, access).queue(default_concurrency_limit=limit).launch(
            **launch_options(settings, access)
        )


if __name__ == "__main__":
    main()
