"""Comparison tables: each cell carries what its column asks (issue 12, "Comparison tables").

Regression inputs are what a new user found on the bundled corpus: NoteLLM-2's "Code" cell,
Geodesic Mixup's "Reported result", CoAVT's "Method", MIBench's repeated first sentence,
"in-depth" read as depth, and aspects named in the question but not parsed.
"""

from __future__ import annotations

from functools import cache

import pytest

from assistant.ask import Assistant
from assistant.compare import build_table
from assistant.compare_aspects import DEFAULT_ASPECTS, aspects_from_question, in_terms_of
from assistant.compare_checks import (
    count_cue,
    modalities,
    states_data,
    states_release,
    states_result,
    states_size,
    states_task,
)
from assistant.compare_rows import of_kind, paper_kind
from assistant.settings import BUNDLED_CORPUS
from assistant.types import Answer, Source, TableCell
from ingest.collect import collect_papers


@cache
def _papers() -> dict[str, Source]:
    papers, _ = collect_papers([BUNDLED_CORPUS])
    return {
        p.title: Source(n=i, paper_id=pid, title=p.title, score=1.0, abstract=p.abstract, code_url=p.code_url)
        for i, (pid, p) in enumerate(papers.items(), start=1)
    }


def paper(prefix: str) -> Source:
    return next(s for t, s in _papers().items() if t.startswith(prefix))


def row(source: Source, aspects: list[str] | tuple[str, ...] = DEFAULT_ASPECTS) -> dict[str, TableCell]:
    table = build_table([source], list(aspects), {})
    return dict(zip(table.columns, table.rows[0], strict=True))


def quote(c: TableCell) -> str:
    return c.text.strip("“”").replace("…", "")


def test_code_cell_needs_a_release_statement_not_open_source_others() -> None:
    note = paper("NoteLLM-2")
    assert (
        states_release("This leads the community to rely heavily on open-source MLLMs, hindering it.") is None
    )
    assert states_release("Our code is available.") and states_release("Code and models will be released.")
    assert (
        states_release("Since the pre-trained weights are publicly available for many LLMs, it is cheap.")
        is None
    )
    code = row(note.model_copy(update={"code_url": None}))["Code"]
    assert "rely heavily" not in code.text
    assert code.text == "not stated" or states_release(quote(code))


def test_result_cell_needs_a_reported_outcome() -> None:
    geodesic = paper("Geodesic Multi-Modal Mixup")
    assert (
        states_result("However, the analysis of learned multi-modal embeddings is relatively unexplored.")
        is None
    )
    assert (
        states_result("We also demonstrate the use of shift vectors to capture these concepts changes.")
        is None
    )
    assert states_result("Experiments show that our framework outperforms previous methods.")
    assert states_result("It improves BLEU scores by +1.4 to +4.2.")
    result = row(geodesic)["Reported result"]
    assert "unexplored" not in result.text and result.n == geodesic.n
    assert states_result(quote(result))
    # Numbers that are names or sizes are not outcomes: "SEED-Bench-2", "AKI-4B", "13K samples".
    assert states_result("We propose SEED-Bench-2, a comprehensive benchmark.") is None
    assert states_result("We will release our AKI-4B model.") is None


def test_method_cell_is_never_a_fragment_or_the_opening_background() -> None:
    coavt = row(paper("CoAVT"))["Method"]
    assert not coavt.text.lstrip("“").startswith((":", "There has been")), coavt.text
    assert "CoAVT" in coavt.text and coavt.n is not None
    hours = row(paper("From Seconds to Hours"))["Method"]
    assert not hours.text.startswith(":"), hours.text


def test_one_sentence_does_not_fill_several_columns_and_background_is_not_quoted() -> None:
    mibench = row(paper("MIBench"))
    quoted = [quote(c) for c in mibench.values() if c.quoted]
    assert len(quoted) == len(set(quoted)), quoted
    assert not any("Built on the power of LLMs" in q for q in quoted)
    gap = "For video tasks, video LLMs are difficult to build due to the scarcity of curated video-text data."
    assert states_data(gap) is None and states_data("We construct the MMVP benchmark.")
    assert states_result(quote(mibench["Reported result"]))


def test_task_cell_is_neither_an_outcome_nor_the_opening_background() -> None:
    assert (
        states_task("Our approach outperforms baseline generation models on tasks with longer language.")
        is None
    )
    assert states_task("Weakly-supervised violence detection aims to distinguish violent snippets.")
    for prefix, opener in (
        ("CoAVT", "There has been"),
        ("Beyond Text", "Retrieval Augmented Generation (RAG) is one"),
    ):
        task = row(paper(prefix))["Task"]
        assert opener not in task.text, task.text


def test_modality_word_stands_on_its_own() -> None:
    assert "depth" not in modalities("For MIC, to enable an in-depth evaluation, we set four sub-tasks.")
    assert "depth" in modalities("We estimate depth from a single image.")
    # Regression: MMIE's "limitations in data scale, scope, and evaluation depth" made depth a modality.
    assert "depth" not in modalities("They suffer from limitations in data scale, scope, and evaluation depth.")
    assert "depth" not in modalities("We vary the depth of the network.")
    assert "depth" in modalities("We fuse RGB and depth maps.")
    # New-user trial 15: PIN's "improve both the depth and breadth of multimodal training" is figurative.
    assert "depth" not in modalities("It improves both the depth and breadth of multimodal training.")
    assert "depth" in modalities("Transfer tasks: semantic segmentation, depth estimation.")
    assert row(paper("PIN"))["Modalities"].text == "image"
    assert modalities("an audio-visual model") == ["image", "audio"]
    for prefix in ("MIBench", "Exploring Recommendation Capabilities of GPT-4V", "The Dawn of LMMs"):
        assert "depth" not in row(paper(prefix))["Modalities"].text, prefix


@pytest.mark.parametrize(
    "question",
    [
        "compare multimodal benchmarks by ability tested and number of samples",
        "benchmarks that evaluate multimodal large language models: what ability is tested and how many samples",
        "benchmarks that evaluate multimodal large language models in terms of ability tested,number of samples",
        # New-user trial 13: "on:" fell back to the default columns ("on" read as part of the subject).
        "Compare multimodal benchmarks on: ability tested, number of samples",
        "Compare multimodal benchmarks with respect to: ability tested and number of samples",
    ],
)
def test_aspects_named_in_the_question_are_parsed(question: str) -> None:
    assert aspects_from_question(question) == ["ability tested", "number of samples"]
    assert (
        in_terms_of(question).endswith("in terms of ability tested, number of samples")
        or "in terms of" in question
    )


def test_aspect_parsing_leaves_other_requests_alone() -> None:
    assert aspects_from_question("Compare these papers.") == list(DEFAULT_ASPECTS)
    assert aspects_from_question("Compare models trained by distillation and pruning.") != [
        "distillation",
        "pruning",
    ]
    fusion = "Compare the fusion strategies (early, late, intermediate) discussed across these papers."
    assert aspects_from_question(fusion) == ["fusion strategies (early, late, intermediate)"]
    assert in_terms_of(fusion) == fusion
    colon = "Compare the fusion strategies: early, late and intermediate"
    assert aspects_from_question(colon) == [
        "fusion strategies (early, late, intermediate)"
    ]  # values of one aspect
    assert aspects_from_question("Compare these papers: MoMa and Uni-MoE") == list(DEFAULT_ASPECTS)  # names
    assert aspects_from_question("Compare audio-visual models: task, data, result.") == [
        "task",
        "data",
        "result",
    ]


def test_count_column_needs_a_number_next_to_the_noun() -> None:
    assert count_cue("Their evaluation dimensions and samples are very limited.", "samples") is None
    assert count_cue("It constructs 13 tasks with a total of 13K annotated samples.", "samples")
    assert count_cue("CMM-Math contains over 28,000 high-quality samples.", "samples")
    mibench = row(paper("MIBench"), ["ability tested", "number of samples"])["Number of samples"]
    assert "13K annotated samples" in mibench.text and mibench.n is not None
    needle = row(paper("Multimodal Needle in a Haystack"), ["number of samples"])["Number of samples"]
    assert needle.text == "not stated" or count_cue(quote(needle), "samples")


def test_compare_by_aspects_end_to_end_every_cell_cited_and_verified(bot: Assistant) -> None:
    question = "compare multimodal benchmarks by ability tested and number of samples"
    *_, answer = bot.overview_stream("compare", question)
    assert isinstance(answer, Answer) and answer.table is not None
    assert answer.table.columns == ["Paper", "Ability tested", "Number of samples"]
    sources = {s.n: s for s in answer.sources}
    counts = [r[2] for r in answer.table.rows if r[2].n is not None]
    # "samples" are whatever a benchmark holds: a size column ("24K multiple-choice questions",
    # "20K queries", "2.1K image-text pairs" were "not stated" as no count of the word "samples";
    # new-user trial 9)
    assert len(counts) >= 4 and all(states_size(quote(c)) for c in counts)
    for r in answer.table.rows:
        for c in r[1:]:
            if c.n is not None:  # every stated cell: its row's paper, cited, quoted verbatim
                assert c.n == r[0].n and c.quoted and f"[{c.n}]" in answer.answer
                for piece in c.text.strip("“”").split("…"):
                    assert piece.strip() in sources[c.n].abstract, piece
    assert all(not c.flags for c in answer.sentences)


def test_on_topic_papers_keep_their_row_when_the_abstract_is_silent(bot: Assistant) -> None:
    # Regression (issue 12, fourth round): a compare "in terms of" named aspects dropped every chosen
    # paper whose abstract states none of them, so "... in terms of number of parameters" answered
    # "not covered" although seven audio-visual papers were on topic. The papers are the summaries'
    # selection; a silent abstract gives "not stated" cells, not a missing row.
    *_, answer = bot.overview_stream(
        "compare", "Compare the audio-visual models in terms of number of parameters."
    )
    assert answer.table is not None and len(answer.table.rows) >= 5, answer.answer
    titles = {c.title.split(":")[0] for c in answer.citations}
    assert {"MixSpeech", "CAT"} <= titles, titles
    assert any(c.text == "not stated" for row in answer.table.rows for c in row[1:])
    *_, moe = bot.overview_stream(
        "compare", "Compare the mixture-of-experts models in terms of number of experts and code."
    )
    assert any(c.title.startswith("Alternating Gradient Descent") for c in moe.citations)


# Second new-user trial (issue 12, round 5): SEED-Bench-2's "benchmark size" cell quoted a sentence
# that does not answer it, its stated counts were "not stated", non-benchmark papers took rows of a
# benchmark table, and IMP's "77.0% on Kinetics" was not its reported result.
SEED_ASPECTS = ["benchmark size", "number of questions", "number of dimensions", "models evaluated"]


def test_size_and_count_cells_carry_the_stated_numbers_even_from_one_sentence() -> None:
    cells = row(paper("SEED-Bench-2"), SEED_ASPECTS)
    assert "24K" in cells["Benchmark size"].text  # not "A comprehensive benchmark is imperative ..."
    assert "24K" in cells["Number of questions"].text
    assert "27 dimensions" in cells["Number of dimensions"].text  # one sentence may answer two counts
    assert "23 prominent" in cells["Models evaluated"].text  # "We further evaluate ... 23 MLLMs"
    # A size in units of data before a count of categories; a paper with no size says so.
    assert "2.1K" in row(paper("Tiny LVLM-eHub"), ["benchmark size"])["Benchmark size"].text
    assert row(paper("OmniBench"), ["benchmark size"])["Benchmark size"].text == "not stated"
    assert "13K" in row(paper("MIBench"), ["data"])["Data"].text  # the size of its data, not its name


def test_reported_result_prefers_a_measured_number_and_keeps_comparisons_with_existing_methods() -> None:
    imp = row(paper("Alternating Gradient Descent"))
    assert "77.0%" in imp["Reported result"].text  # "Most notably, ..." is no background either
    # "CAT outperforms existing methods": the paper's result, not others' work.
    assert "outperforms existing methods" in row(paper("CAT:"))["Reported result"].text
    assert states_result("However, existing methods fail to describe audio-visual events.") is None
    # "demonstrate the effectiveness of our benchmark" says less than what the evaluation found.
    assert "room for improvement" in row(paper("MMIE"), ["results"])["Results"].text


def test_data_cell_names_a_dataset_a_result_sentence_shares() -> None:
    macil = row(paper("Modality-Aware Contrastive"), ["task", "data", "reported result"])
    assert "XD-Violence" in macil["Data"].text and "outperforms" in macil["Reported result"].text
    assert "AudioSet" in row(paper("CoAVT"))["Data or benchmark"].text
    assert states_data("It outperforms GPT-4V on reasoning.") is None
    # A singular word after a number is a modifier, not what is counted ("4 image experts").
    assert (
        states_size("The MoMa 1.4B model, featuring 4 text experts and 4 image experts, saves FLOPs.") is None
    )
    assert states_size("It comprises a mere 2.1K image-text pairs.")
    # The paper's own name is no dataset: "work to be done on VITA".
    assert states_data("There is still lots of work to be done on VITA.", own="VITA") is None
    assert states_data("We evaluate on AudioSet and VGGSound.", own="CoAVT")


def test_a_benchmark_table_takes_only_papers_that_contribute_a_benchmark(bot: Assistant) -> None:
    assert paper_kind("Compare the benchmarks for multimodal LLMs in terms of data.") == "benchmark"
    assert paper_kind("compare multimodal benchmarks by ability tested and number of samples") == "benchmark"
    assert paper_kind("Compare the audio-visual models in terms of task, data and reported result.") is None
    assert of_kind(paper("SEED-Bench-2"), "benchmark") and of_kind(paper("Eyes Wide Shut"), "benchmark")
    assert not of_kind(paper("Seeing is Understanding"), "benchmark")  # evaluated "in 12 ... benchmarks"
    assert not of_kind(paper("Uni-MoE"), "benchmark")  # "We evaluate ... on ... datasets"
    # "we introduce a novel way of creating ... data ... across a range of benchmarks": a venue.
    assert not of_kind(paper("Understanding Alignment in Multimodal LLMs"), "benchmark")
    # New-user trial 15: MMTrail, a training dataset, was a row of `compare "multimodal LLM benchmarks"`
    # for "we provide evaluation metrics and benchmark results on our dataset" (words of measurement).
    assert not of_kind(paper("MMTrail"), "benchmark") and of_kind(paper("MMTrail"), "dataset")
    assert not of_kind(paper("Self-Supervised Model Adaptation"), "dataset")  # "incorporates" holds no corpora
    q = "Compare the benchmarks for multimodal LLMs in terms of benchmark size, number of dimensions and models evaluated."
    *_, answer = bot.overview_stream("compare", q)
    assert answer.table is not None and len(answer.table.rows) >= 5
    titles = {s.title for s in answer.sources}
    assert all(of_kind(s, "benchmark") for s in answer.sources)
    assert not any(t.startswith(("Uni-MoE", "Wings", "VITA", "Seeing is Understanding")) for t in titles)
    rows = {r[0].text: dict(zip(answer.table.columns, r, strict=True)) for r in answer.table.rows}
    seed = next(v for k, v in rows.items() if k.startswith("SEED-Bench-2"))
    assert "24K" in seed["Benchmark size"].text and "27 dimensions" in seed["Number of dimensions"].text
    assert not any(c.flags for c in answer.sentences)


def test_topic_kind_is_the_head_of_the_topics_first_noun_phrase() -> None:
    from assistant.compare_rows import topic_kind

    assert topic_kind("Draft related work on multimodal LLM benchmarks.") == "benchmark"
    assert topic_kind("vision-language benchmarks that expose failures of multimodal LLMs") == "benchmark"
    assert topic_kind("Summarize multimodal datasets for video.") == "dataset"
    for none in [
        "Summarize the work here on benchmarks and evaluation suites for multimodal LLMs",  # a conjunct is no kind
        "hallucination in multimodal LLMs",
        "Related work for a paper proposing a new benchmark for multi-image reasoning",  # the user's paper
    ]:
        assert topic_kind(none) is None, none


def test_related_work_on_benchmarks_cites_the_papers_that_contribute_one(bot: Assistant) -> None:
    # Regression (dev-overviews rw-09 cited 17 papers at precision 0.41): "related work on
    # multimodal LLM benchmarks" cited Uni-MoE, VITA, Wings, TS-LLaVA ..., models that are only
    # evaluated on benchmarks.
    *_, answer = bot.overview_stream("related_work", "Draft related work on multimodal LLM benchmarks.")
    titles = [c.title for c in answer.citations]
    assert any(t.startswith("SEED-Bench-2") for t in titles) and any(t.startswith("MIBench") for t in titles)
    assert not any(t.startswith(("Uni-MoE", "VITA", "Wings", "TS-LLaVA")) for t in titles), titles


def test_the_apps_compare_mode_without_the_word_compare_keeps_benchmark_rows(bot: Assistant) -> None:
    # Regression (new-user trial, the app's Compare mode sends the bare topic): "the benchmarks for
    # multimodal LLMs in terms of size and reported result" had 8 of 14 rows that are no benchmark
    # (Wings, Uni-MoE, VITA, TS-LLaVA) and lacked MMIE and OmniBench.
    *_, answer = bot.overview_stream("compare", "the benchmarks for multimodal LLMs in terms of size and reported result")
    titles = [c.title for c in answer.citations]
    assert not any(t.startswith(("Wings", "Uni-MoE", "VITA", "TS-LLaVA")) for t in titles), titles
    assert any(t.startswith("MMIE") for t in titles) and any(t.startswith("OmniBench") for t in titles)


def test_a_count_cell_counts_its_own_noun_not_any_number() -> None:
    # A new user's table ("Compare mixture-of-experts multimodal models by number of experts, training
    # data and reported result"): MoMa's "Number of experts" cell opened on "…a 1-trillion-token training
    # budget, the MoMa 1.4B model, …", and count_cue took any number up to three words before the noun.
    assert count_cue("The model uses 1.4B parameters and experts.", "experts") is None  # counts parameters
    assert count_cue("Under a 1-trillion-token training budget, the experts learn.", "experts") is None
    assert count_cue("We train 1-trillion-token experts.", "experts") is None  # the compound counts tokens
    assert count_cue("a 4-expert model", "experts")
    assert count_cue("MoE-LLaVA with 3B sparse parameters and 4 experts", "experts").group() == "4 experts"
    assert count_cue("Under a 1-trillion-token training budget, the model", "tokens").group() == "1-trillion-token"
    assert count_cue("We scale to 2 million image-text samples.", "samples")
    moma = row(paper("MoMa"), ["number of experts", "number of tokens", "training data"])
    experts, tokens = moma["Number of experts"], moma["Number of tokens"]
    assert quote(experts).startswith("the MoMa 1.4B model, featuring 4 text experts"), experts.text
    assert "8 mixed-modal experts" not in experts.text  # the baseline's count, not MoMa's
    assert "1-trillion-token" in tokens.text


def test_a_benchmark_table_named_in_a_users_words_states_its_cells(bot: Assistant) -> None:
    # Regression (new-user trial 9): "what they test, how many samples, and main finding" gave the
    # columns "They test | Number of samples | Main finding" and 27 of 33 cells "not stated",
    # though the abstracts state what each benchmark evaluates, its size and its finding.
    question = "Compare the multimodal benchmarks for evaluating MLLMs: what they test, how many samples, and main finding"
    *_, answer = bot.overview_stream("compare", question)
    assert answer.table is not None
    assert answer.table.columns == ["Paper", "Abilities evaluated", "Number of samples", "Main finding"]
    cells = [c for r in answer.table.rows for c in r[1:]]
    assert sum(c.n is None for c in cells) <= len(cells) // 3
    sizes = {r[0].text.split(" [")[0]: r[2] for r in answer.table.rows}
    assert "24K" in sizes["SEED-Bench-2"].text and "20K" in sizes["MMIE"].text
