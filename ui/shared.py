"""State and components the tabs share, created once per app by ``app.build_app``."""

from __future__ import annotations

from dataclasses import dataclass, field

import gradio as gr

from assistant.ask import Assistant
from ui.auth import OPEN, Access


@dataclass
class Shared:
    """What one tab needs from another.

    - ``bot``: the one assistant behind every session.
    - ``status``: the status line (papers in the collection, which writer answers);
      any tab that changes the collection refreshes it.
    - ``tabs``: the tab container, so a tab can switch to another (``gr.Tabs(selected=...)``).
    - ``scope``: per browser session, the paper ids the chat is scoped to ([] = whole collection).
    - ``cited``: per browser session, the paper ids the latest answer cited.
    - ``access``: who may do what (``ui.auth``); handlers check it server-side.
    - ``admin_only``: components shown to admins only (``app.build_app`` hides them from readers
      on page load; the handlers behind them check the role again).
    """

    bot: Assistant
    status: gr.Markdown
    tabs: gr.Tabs
    scope: gr.State
    cited: gr.State
    access: Access = OPEN
    admin_only: list[gr.components.Component | gr.blocks.Block] = field(default_factory=list)
