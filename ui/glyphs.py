"""The glyphs that mark the UI's messages: ones every browser here renders.

Debian's Chromium has no colour-emoji font: ``fc-list ':charset=274c'`` (❌) lists no font, so
❌, 🔎, 👍 and 👎 showed as tofu boxes (new-user trial). These two are in DejaVu Sans
(``fonts-dejavu-core``, on every Debian desktop) and in the usual Windows and macOS fonts, and
carry no emoji variation selector (U+FE0F), so they render as text wherever no emoji font is.
tests/test_ui_look.py draws every symbol in ui/ in Chromium and fails on a tofu box.
"""

ERROR = "\u2718"  # ✘ HEAVY BALLOT X: something failed; nothing was done
WARNING = "\u26a0"  # ⚠ WARNING SIGN (text presentation): the answer stands, with a caveat
