"""Prompts live as files in ``prompts/``; this loads and fills them.

Placeholders use ``$name`` (``string.Template``) so that braces in abstracts and
LaTeX pass through untouched.
"""

from __future__ import annotations

from functools import cache
from string import Template

from assistant.settings import PROJECT_DIR

PROMPTS_DIR = PROJECT_DIR / "prompts"


@cache
def load_prompt(name: str) -> Template:
    """The prompt ``prompts/<name>.md``. Raises FileNotFoundError naming the file."""
    path = PROMPTS_DIR / f"{name}.md"
    if not path.is_file():
        raise FileNotFoundError(f"prompt file {path} is missing")
    return Template(path.read_text(encoding="utf-8").strip())


def render_prompt(name: str, **values: str) -> str:
    """``prompts/<name>.md`` with its ``$placeholders`` filled. Raises KeyError on a missing one."""
    return load_prompt(name).substitute(**values)
