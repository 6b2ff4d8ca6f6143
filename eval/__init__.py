"""Evaluation: the question set, ranking metrics and the runners behind ``python -m eval``."""

from assistant.offline import configure_offline

configure_offline()
