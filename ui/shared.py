"""State and components the tabs share, created once per app by ``app.build_app``."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from assistant.ask import Assistant


@dataclass
class Shared:
    """What one tab needs from another.

    - ``bot``: the one assistant behind every session.
    - ``status``: the status line (papers in the collection, which writer answers);
      any tab that changes the collection refreshes it.
    - ``tabs``: the tab container, so a tab can switch to another (``gr.Tabs(selected=...)``).
    - ``scope``: per browser session, the paper ids the chat is scoped to ([] = whole collection).
    - ``cited``: per browser session, the paper ids the latest answer cited.
    """

    bot: Assistant
    status: gr.Markdown
    tabs: gr.Tabs
    scope: gr.State
    cited: gr.State
