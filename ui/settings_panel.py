"""The chat tab's settings panel: the filters its boxes make, its title, the models offered."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from assistant.ask import Assistant
from assistant.filters import Filters, filter_error
from assistant.llm import list_models


def model_choices(bot: Assistant) -> list[str]:
    """Models the LLM endpoint offers ([] when no LLM is configured or it cannot say)."""
    if not bot.settings.llm_configured:
        return []
    try:
        models = list(list_models(bot.settings))
    except Exception:  # an unreachable endpoint must not stop the app; the default stays usable
        models = []
    return models if bot.settings.llm_model in models else [bot.settings.llm_model, *models]


def box_filters(
    has_code: bool, year_min: float | None, year_max: float | None, author: str, title: str,
    scope: list[str] | None = None,
) -> Filters | None:
    """The settings panel's boxes as :class:`Filters` (None when they filter nothing).

    Raises ``pydantic.ValidationError`` or ``ValueError`` as ``Filters`` does."""
    return Filters.of(
        {
            "has_code": bool(has_code),
            # an empty number box arrives as 0 from the browser: 0 means no limit
            "year_min": int(year_min) if year_min else None,
            "year_max": int(year_max) if year_max else None,
            "author": author or None,
            "title": title or None,
            "paper_ids": list(scope or []) or None,
        }
    )


def filters_note(*boxes: Any) -> str:
    """The line under the settings panel naming the filters in force, so they show while it is
    closed (e.g. ``"Filters in force: author ~ 'lecun'"``), why they are rejected, or "" when
    none is set. ``boxes`` are :func:`box_filters`' first five arguments."""
    try:
        filters = box_filters(*boxes)
    except (ValidationError, ValueError) as exc:
        return f"Check the filters: {filter_error(exc)}"
    return f"Filters in force: {filters.describe()}" if filters else ""
