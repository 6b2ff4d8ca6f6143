"""The lock files pin every dependency pyproject.toml names (make run/test install only from them)."""

from __future__ import annotations

import re
import tomllib

from assistant.settings import PROJECT_DIR


def pinned(lock: str) -> dict[str, str]:
    text = (PROJECT_DIR / lock).read_text(encoding="utf-8")
    return {m.group(1).lower().replace("_", "-"): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, re.M)}


def requirement_name(spec: str) -> str:
    return re.split(r"[\[=<>!~ ;]", spec, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_in_the_lock_files() -> None:
    # Regression: scikit-learn, plotly and py3langid were added to pyproject.toml but not to the
    # lock, so `make run` on a fresh clone failed with "No module named 'plotly'".
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    app, dev = pinned("requirements.lock"), pinned("requirements-dev.lock")
    for spec in project["dependencies"]:
        name = requirement_name(spec)
        assert name in app, f"{name} is in pyproject.toml but not in requirements.lock: run `make lock`"
        assert dev.get(name) == app[name], f"{name}: requirements-dev.lock disagrees with requirements.lock"
    for extra in ("dev", "llm"):
        for spec in project["optional-dependencies"][extra]:
            name = requirement_name(spec)
            assert name in dev, f"{name} ({extra}) is not in requirements-dev.lock: run `make lock`"
