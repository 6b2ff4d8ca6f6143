"""The reasoning model's MMVP conversation through ``python -m assistant ask`` (issue 10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from assistant.ask import Assistant
from assistant.settings import PROJECT_DIR, Settings
from tests.reasoning_server import (
    ANSWER,
    EYES,
    FOLLOW_UP,
    FOLLOW_UP_ANSWER,
    MMVP_Q,
    THINKING,
    reasoning_server,
)


def run_cli(settings: Settings, base_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PA_LLM_BASE_URL": base_url, "PA_LLM_MODEL": "reasoner", "PA_LLM_TIMEOUT": "120"}
    return subprocess.run(
        [sys.executable, "-m", "assistant", "ask", *args, "--store", str(settings.store)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_reasoning_model_mmvp_question_and_follow_up_in_the_cli(corpus_settings: Settings, bot: Assistant) -> None:
    with reasoning_server() as (base_url, received):
        first = run_cli(corpus_settings, base_url, MMVP_Q)
        follow = run_cli(corpus_settings, base_url, FOLLOW_UP, "--history", MMVP_Q, "--json")
    assert first.returncode == 0, first.stderr
    assert ANSWER in " ".join(first.stdout.split()) and f"*[1] {EYES}" in first.stdout
    assert "Flagged" not in first.stdout and "Note:" not in first.stdout  # verified, no notice
    assert "reasoning" in first.stderr and "[9]" not in first.stdout and "think>" not in first.stdout

    assert follow.returncode == 0, follow.stderr
    data = json.loads(follow.stdout)
    assert data["answer"].strip() == FOLLOW_UP_ANSWER and data["reasoning"] == THINKING
    assert data["finish"] == "stop" and data["verification"] == "lexical" and data["rejected"] is None
    assert data["citations"][0]["title"] == EYES and not any(s["flags"] for s in data["sentences"])
    assert "rewrite_s" in data["timings"]
    assert [r["model"] for r in received] == ["reasoner"] * 3  # answer; rewrite, answer
