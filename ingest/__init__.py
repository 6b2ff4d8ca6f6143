"""Ingestion: read paper collections, chunk, embed, and sync them into the store."""

from assistant.offline import configure_offline

configure_offline()
