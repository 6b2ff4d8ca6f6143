"""Related-work selection: the kind of paper a request's named topic asks for (fix9c)."""

from __future__ import annotations

from assistant.ask import Assistant


def test_the_named_topic_decides_the_kind_not_the_users_work(bot: Assistant) -> None:
    # Regression (dev rw-01): "Related work on benchmarks for multimodal LLMs, for a paper that proposes
    # a multi-image reasoning benchmark" cited 14 papers, 8 of them models (Uni-MoE, VITA, TS-LLaVA ...)
    # and missed MMIE, OmniBench, Tiny LVLM-eHub, HEMM: the "for a paper" clause turned the kind check off.
    request = (
        "Related work on benchmarks for multimodal LLMs, for a paper that proposes a multi-image reasoning benchmark."
    )
    *_, answer = bot.overview_stream("related_work", request)
    cited = {c.title.split(":")[0] for c in answer.citations}
    assert {"MMIE", "OmniBench", "SEED-Bench-2", "MIBench"} <= cited, cited
    assert not cited & {"Uni-MoE", "VITA", "TS-LLaVA"}, cited


def test_a_request_for_the_users_own_benchmark_keeps_methods() -> None:
    # "Related work for a paper proposing a benchmark for X" names no topic of its own: its related work
    # includes methods, so no kind filter (the user's work is not the named topic).
    from assistant.compare_rows import topic_kind
    from assistant.overview_topic import topic_of_request

    request = "Related work for a paper proposing a benchmark for video question answering."
    named = topic_of_request(request)
    assert not (request.startswith(named) and topic_kind(named))
