"""The web UI (Gradio), one module per tab; ``app.py`` builds the tabs and launches.

No module here retrieves or verifies anything: each turns user input into a call on
:class:`assistant.ask.Assistant` (or the ingest pipeline) and renders the result.
"""
