"""How the chat tab looks: its page CSS, the [n] click script, and its column widths.

Kept apart from ui/chat.py (the tab's behaviour) so that the layout's reasons stay next to it.
"""

from __future__ import annotations

import gradio as gr

# A click on [n] in an answer opens source card n and scrolls to it; so does a #pa-src-n URL.
CITE_JS = """
if (!window.__paCite) {
  window.__paCite = true;
  const openCard = (n) => {
    const card = document.querySelector(`#sources details.pa-source[data-n="${n}"]`);
    if (!card) return false;
    let node = card;
    while (node) { if (node.tagName === 'DETAILS') node.open = true; node = node.parentElement; }
    card.scrollIntoView({block: 'center'});
    card.classList.add('pa-flash');
    setTimeout(() => card.classList.remove('pa-flash'), 1500);
    return true;
  };
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a.pa-cite');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    // (Gradio's sanitizer drops data-* attributes in chat messages: the number is in the href.)
    const n = (link.getAttribute('href') || '').replace('#pa-src-', '');
    if (openCard(n)) history.replaceState(null, '', `#pa-src-${n}`);
  }, true);
  const fromHash = () => { const m = location.hash.match(/^#pa-src-(\\d+)$/); if (m) openCard(m[1]); };
  window.addEventListener('hashchange', fromHash);
}
"""
CSS = """
details.pa-source.pa-flash > summary { background: var(--color-accent-soft); }
details.pa-also > summary { cursor: pointer; color: var(--body-text-color-subdued); }
a.pa-cite { text-decoration: none; font-weight: 600; }
#mode .wrap { gap: 0; }
"""


# Page-wide (Blocks.launch(css=...)): a comparison table fits the chat column. Its cells wrap
# between words, never inside one ("modalit/ies"; new-user trial): break-word does not lower a
# column's minimum width, so a column is at least its longest word wide. A 7-column table was cut
# off and had to be scrolled sideways when each column kept 10em (third trial); the chat column
# is wider too (CHAT_SCALE). The table stays a table (display: block dropped its table role in
# the accessibility tree); only if even its longest words do not fit does its message scroll.
# The downloads box shows only while it holds an answer's files: an empty box before any answer
# said nothing (second trial). CSS, not a visibility update: the chat API's outputs stay plain
# values, and no event can race the streamed answer's updates.
#
# The selected mode keeps its filled circle and dot under the pointer: Gradio 6.31's radio hover
# style (white fill, transparent border) is as specific as its checked style and comes later, so
# a hovered, unfocused checked radio (the pointer left on it, the focus taken by an answer)
# showed neither (new-user trial). An id selector outranks both.
PAGE_CSS = """
/* Retry and Undo wait until the chat box is editable again: Gradio enables them when the answer
   ends but copies the finished chat into the state Retry reads a moment later; a Retry in between
   re-asked the previous question under the new answer (ingest15). */
.gradio-container:has(.input-container textarea:disabled) #chat button:is([aria-label="Retry"], [aria-label="Undo"]) {
  pointer-events: none; opacity: 0.4;
}
#mode input:checked, #mode input:checked:hover {
  background-color: var(--checkbox-background-color-selected);
  border-color: var(--checkbox-border-color-selected);
  background-image: var(--radio-circle);
}
.message-content:has(> * > table), .message-content:has(> table) { overflow-x: auto; }
.message-content table { display: table; width: 100%; table-layout: auto; font-size: 0.9em; }
.message-content th, .message-content td {
  min-width: 0; word-break: normal; overflow-wrap: break-word; hyphens: manual; vertical-align: top;
  padding: 0.35em 0.5em;
}
.message-content td a { overflow-wrap: anywhere; }
#downloads:not(:has([data-testid="download-link"])) { display: none; }
"""


# The chat column against the sources column: 2 to 1 (it was 3 to 2), and at least CHAT_MIN_WIDTH
# px: the chat column also holds the saved conversations, and a 7-column comparison table needs
# about 700 px with its cells wrapped between words (new-user trial). In a window too narrow for
# both, the sources go under the chat (Gradio's row wraps a column below its min_width).
CHAT_SCALE, SOURCES_SCALE = 2, 1
CHAT_MIN_WIDTH = 1000

# The saved-conversations column: Gradio gives it min_width=100 at scale 1 of 7, about 70 px
# beside the sources column, so each title wrapped to five lines (new-user trial).
SAVED_CHATS_MIN_WIDTH = 220


def widen_saved_chats(chat: gr.ChatInterface) -> None:
    """Give the saved-conversations column (``elem_id="saved-chats"``) a readable minimum width."""
    column = chat.chat_history_dataset.parent
    if column is not None:
        column.min_width = SAVED_CHATS_MIN_WIDTH
        column.elem_id = "saved-chats"
