"""Paper Assistant: cited answers over a collection of paper abstracts."""

from assistant.offline import configure_offline

configure_offline()
