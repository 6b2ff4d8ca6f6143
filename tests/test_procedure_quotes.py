"""A "how" question about the paper's own procedure quotes its steps, not the scene-setting before them
(assistant/answer_type.py, assistant/evidence.py): new-user trial 17."""

from __future__ import annotations

from assistant.answer_type import expected_type, states_type, type_matches
from assistant.ask import Assistant


def test_steps_come_after_the_paper_introduces_itself() -> None:
    assert expected_type("How does TS-LLaVA build visual tokens?") == "procedure"
    assert states_type("procedure", "During data construction, for MII and MKS, we extract correct options.")
    assert states_type("procedure", "Given a video, we select few equidistant frames from all input frames.")
    sentences = [
        "Built on the power of LLMs, numerous MLLMs have recently achieved remarkable performance.",
        "Therefore, in this paper, we propose a new benchmark MIBench.",
        "During data construction, we extract correct options from manual annotations.",
    ]
    assert type_matches("How was the MIBench dataset built?", sentences).tolist() == [0.0, 0.0, 1.0]


def test_how_questions_quote_the_method_not_the_background(bot: Assistant) -> None:
    mibench = bot.ask("How was the MIBench dataset built?").answer
    assert "During data construction" in mibench and "Built on the power of LLMs" not in mibench, mibench
    tsllava = bot.ask("How does TS-LLaVA build visual tokens?").answer
    assert "which constructs visual tokens through a Thumbnail-and-Sampling strategy" in tsllava, tsllava
    assert "we select few equidistant frames" in tsllava, tsllava
    assert "difficult to build" not in tsllava, tsllava
