"""Comparison cells from the right sentence (new-user trial, `python -m assistant compare
"mixture-of-experts multimodal models" --aspects "number of experts, modalities, efficiency gain"`).

- Modalities come from the paper's own sentences, not its background or motivation: Uni-MoE's
  "text, image" came from a sentence about earlier models, PILL's "video, speech" from "However,
  ... models will likely need to handle ... speech, video".
- An efficiency column prefers the paper's own measured gain: IMP's "15% of their total training
  computational cost", MoMa's "3.7x".
- A sentence fills two columns of a row only when it states both.
"""

from __future__ import annotations

from assistant.compare import NOT_STATED, build_table
from assistant.compare_aspects import column_key
from assistant.compare_checks import states_efficiency, states_language, states_modality_range
from assistant.compare_fits import (
    enumerates,
    models_evaluated,
    stand_alone,
    states_abilities,
    states_modality_list,
    states_training_data,
)
from assistant.compare_rank import rank
from assistant.types import Source
from tests.test_compare import paper, quote, row

MOE_ASPECTS = ["number of experts", "modalities", "efficiency gain"]


def test_modalities_come_from_the_papers_own_sentences() -> None:
    uni = row(paper("Uni-MoE"), MOE_ASPECTS)["Modalities"]
    assert uni.text != "text, image" and "wide array of modalities" in uni.text and uni.n is not None
    assert row(paper("PILL"), MOE_ASPECTS)["Modalities"].text == NOT_STATED  # it names none of its own
    assert row(paper("Alternating Gradient Descent"), MOE_ASPECTS)["Modalities"].text == "text, image, video, audio"
    assert row(paper("MoMa"), MOE_ASPECTS)["Modalities"].text == "text, image"
    assert states_modality_range("It handles diverse modalities.") and not states_modality_range("two modalities")


def test_efficiency_cells_prefer_the_papers_measured_gain() -> None:
    imp = row(paper("Alternating Gradient Descent"), MOE_ASPECTS)["Efficiency gain"]
    assert "15% of their total training computational cost" in quote(imp)
    moma = row(paper("MoMa"), MOE_ASPECTS)
    assert "3.7x" in quote(moma["Efficiency gain"])
    # The same sentence fills both columns: it states the experts and the gain.
    assert "4 text experts" in quote(moma["Number of experts"])
    # A baseline's number ranks after the paper's own.
    own = "Under a 1-trillion-token training budget, the MoMa 1.4B model achieves FLOPs savings: 3.7x overall."
    baseline = "This outperforms the standard expert-choice MoE, which achieves 3x overall FLOPs savings."
    unmeasured = "Our empirical results reveal substantial pre-training efficiency gains."
    assert rank("efficiency", own, "MoMa") < rank("efficiency", baseline, "MoMa") < rank("efficiency", unmeasured, "MoMa")
    assert states_efficiency(baseline) and not states_efficiency("We propose a new benchmark.")


def test_a_sentence_fills_two_columns_only_when_it_states_both() -> None:
    abstract = (
        "We present QuizBench, a benchmark for chart reasoning. "
        "QuizBench comprises 12K questions over 3K charts. "
        "Experiments on QuizBench show that GPT-4V outperforms open models by 9.5%, reaching 61.2% accuracy. "
        "We find that models struggle with multi-chart questions."
    )
    source = Source(n=1, paper_id="q", title="QuizBench: Chart Reasoning", score=1.0, abstract=abstract)
    table = build_table([source], ["size", "reported result"], {})
    size, result = (c.text for c in table.rows[0][1:])
    assert "12K questions" in size and "9.5%" in result  # two sentences, one fact each
    only = source.model_copy(update={"abstract": abstract.replace("QuizBench comprises 12K questions over 3K charts. ", "")})
    size, result = (c.text for c in build_table([only], ["size", "reported result"], {}).rows[0][1:])
    assert size == NOT_STATED and "9.5%" in result  # the result sentence states no size of data


MED_ASPECTS = ["task", "modalities", "dataset size", "main result"]


def test_a_cell_of_the_wrong_kind_is_not_stated() -> None:
    # New-user finding (tenth round), `compare "multimodal models for medicine and biomedical data: task,
    # modalities, dataset size, main result"`: MM-Lego's dataset size was where its result was reached
    # ("achieves state-of-the-art results on six benchmarked multimodal biomedical tasks"), the soft-prompts
    # paper's main result was "The former is superior ...; the latter ..." (no antecedent), MultiModN's
    # task the field's practice ("Predicting multiple real-world tasks ... often requires ...").
    lego = row(paper("MM-Lego"), MED_ASPECTS)["Dataset size"]
    assert "six benchmarked" not in lego.text, lego.text
    soft = row(paper("Towards Unifying Medical Vision-and-Language"), MED_ASPECTS)["Main result"]
    assert "The former" not in soft.text and "state-of-the-art" in soft.text, soft.text
    multi = row(paper("MultiModN"), MED_ASPECTS)["Task"]
    assert "often requires" not in multi.text, multi.text
    assert row(paper("MedMax"), MED_ASPECTS)["Dataset size"].text.count("1.47 million instances") == 1


MATH_ASPECTS = ["number of samples", "languages", "main finding"]


def test_a_languages_cell_names_a_natural_language_not_the_word_language() -> None:
    # New-user finding (twelfth round), `compare "Compare multimodal math reasoning datasets and benchmarks:
    # how many samples, languages, main finding"`: CMM-Math's languages were "Large language models (LLMs)
    # have obtained ...", Eyes Wide Shut's "Is vision good enough for language?", and PIN's "not stated"
    # though it names "Chinese and English sources" (a sentence its size column quotes too).
    assert "Chinese multimodal math" in row(paper("CMM-Math"), MATH_ASPECTS)["Languages"].text
    assert row(paper("Eyes Wide Shut"), MATH_ASPECTS)["Languages"].text == NOT_STATED
    assert row(paper("Math-PUMA"), MATH_ASPECTS)["Languages"].text == NOT_STATED
    pin = row(paper("PIN"), MATH_ASPECTS)
    assert "Chinese and English sources" in pin["Languages"].text and "14 million samples" in pin["Number of samples"].text
    assert states_language("BLEU improves for four languages.") and states_language("a bilingual corpus")
    assert not states_language("We polish the language model for vision-language tasks.")


def test_an_efficiency_cell_needs_a_measured_gain() -> None:
    # New-user finding (twelfth round), `compare "Compare mixture-of-experts multimodal models: number of
    # experts, modalities, efficiency gain, code"`: PILL's gain was "... leverage efficient fine-tuning.",
    # Uni-MoE's "... to enable efficient training and inference through ... parallelism": aims, not gains.
    aspects = [*MOE_ASPECTS, "code"]
    assert row(paper("PILL"), aspects)["Efficiency gain"].text == NOT_STATED
    assert row(paper("Uni-MoE"), aspects)["Efficiency gain"].text == NOT_STATED
    mamba = row(paper("Mixture-of-Mamba"), aspects)["Efficiency gain"]
    assert "34.76% of the training FLOPs" in quote(mamba), mamba.text  # its own measured gain
    assert not states_efficiency("We use a sparse MoE to enable efficient training and inference.")


def test_a_named_aspect_quotes_a_sentence_that_points_back_when_no_other_holds_its_word() -> None:
    # Regression (tables14): "Compare the mixture-of-experts papers on: routing method, efficiency" had
    # every routing cell "not stated": MoMa's only routing sentence opens "These groups ...".
    cells = row(paper("MoMa"), ["routing method", "efficiency"])
    assert "learned routing within each group" in cells["Routing method"].text and cells["Routing method"].n
    two = Source(
        n=1, paper_id="r", title="R: Routed Experts", score=1.0,
        abstract="We propose R, a sparse model. These experts use top-2 routing of tokens. "
        "Tokens are assigned by expert-choice routing with a capacity factor.",
    )  # fmt: skip
    assert "expert-choice routing" in row(two, ["routing method"])["Routing method"].text  # the one standing alone first


def test_abilities_and_models_cells_state_what_the_abstract_states() -> None:
    """New-user trial 15, `compare "multimodal LLM benchmarks" --aspects "abilities tested,models evaluated"`:
    abilities were "not stated" where the abstract counts what it evaluates, and models evaluated quoted a
    sentence naming no evaluated model (Eyes Wide Shut) or a dataset's purpose (CMM-Math)."""
    aspects = ["abilities tested", "models evaluated"]
    for prefix, fact in (
        ("MIBench", "three scenarios"),
        ("SEED-Bench-2", "27 dimensions"),
        ("Eyes Wide Shut", "nine basic visual patterns"),
        ("MMIE", "3 categories"),
    ):
        assert fact in quote(row(paper(prefix), aspects)["Abilities tested"]), prefix
    assert "CLIP-based" in quote(row(paper("Eyes Wide Shut"), aspects)["Models evaluated"])
    cmm = row(paper("CMM-Math"), aspects)
    assert "we release" not in cmm["Models evaluated"].text
    # an ability word outside a sentence about testing is none tested ("a foundational skill for ...")
    assert "foundational skill" not in cmm["Abilities tested"].text
    assert states_abilities("It spans 12 dimensions.")
    assert states_abilities("Reasoning is a foundational skill for human intelligence.") is None


def test_dataset_cells_quote_the_source_and_the_captioning_pipeline() -> None:
    """New-user trial 15, `compare "Compare WavCaps and MMTrail on: size, data source, captioning method,
    code"`: WavCaps's pipeline sentence opens "To overcome this issue," (it stands alone without that
    clause) and MMTrail's source is what its clips are ("trailer clips", "hours of trailer videos")."""
    aspects = ["size", "data source", "captioning method", "code"]
    wavcaps = row(paper("WavCaps"), aspects)
    assert "three-stage processing pipeline" in quote(wavcaps["Captioning method"])
    assert "web sources" in quote(wavcaps["Data source"])
    mmtrail = row(paper("MMTrail"), aspects)
    assert "trailer" in quote(mmtrail["Data source"])
    assert stand_alone("To overcome this issue, we propose a pipeline.") == "…we propose a pipeline."
    assert stand_alone("These errors stem from CLIP.") is None


def test_a_row_goes_by_the_name_the_abstract_gives_when_the_title_has_none() -> None:
    """New-user trial 15: IMP's row went by its full title ("Alternating Gradient Descent and ...") where
    the other rows use the paper's short name; its abstract presents "Integrated Multimodal Perception (IMP)"."""
    table = build_table([paper("Alternating Gradient Descent"), paper("MoMa"), paper("Eyes Wide Shut")], ["modalities"], {})
    assert [r[0].text for r in table.rows] == ["IMP", "MoMa", paper("Eyes Wide Shut").title]


VISION_ASPECTS = ["modalities", "training data", "number of tasks"]


def test_training_data_is_what_the_model_is_trained_on() -> None:
    # New-user trial 16, `compare "Compare 4M, MultiMAE and 4M-21 on: modalities, training data, number of
    # tasks"`: the column was matched by its words ("We propose a pre-training strategy called ... (MultiMAE)";
    # 4M's "... for training versatile and scalable foundation models", which names no data).
    multimae = row(paper("MultiMAE"), VISION_ASPECTS)["Training data"]
    assert "we train MultiMAE entirely using pseudo labeling" in quote(multimae), multimae.text
    assert row(paper("4M: Massively"), VISION_ASPECTS)["Training data"].text == NOT_STATED
    m21 = row(paper("4M-21"), VISION_ASPECTS)["Training data"]
    assert "co-training on large-scale multimodal datasets and text corpora" in quote(m21), m21.text
    assert {column_key(a) for a in ("training data", "pre-training datasets", "data used for training")} == {
        "training data"
    }
    assert column_key("data") == "data or benchmark"  # what a paper uses or builds, as before
    assert states_training_data("CAT is trained on a mixed multimodal dataset.")
    assert states_training_data("The systems trained on WavCaps outperform previous models.")
    assert not states_training_data("We propose a multimodal training scheme called 4M.")
    assert not states_training_data("We enable efficient training through modality-level data parallelism.")
    assert not states_training_data("Since weights are available, training on large-scale datasets is unnecessary.")
    assert not states_training_data("Our model achieves 77.0% on Kinetics-400.")  # where it was tested


def test_a_count_column_is_answered_by_an_enumeration() -> None:
    # MultiMAE names three tasks without a number: "multiple transfer tasks (image classification, ...)".
    tasks = row(paper("MultiMAE"), VISION_ASPECTS)["Number of tasks"]
    assert "(image classification, semantic segmentation, depth estimation)" in quote(tasks), tasks.text
    assert enumerates("evaluated on tasks such as captioning, retrieval and grounding", "tasks")
    assert not enumerates("evaluated on many tasks.", "tasks")


def test_modalities_quote_the_abstracts_own_enumeration() -> None:
    # 4M's "text, images, geometric, and semantic modalities, as well as neural network feature maps" and
    # 4M-21's "several semantic and geometric modalities, feature maps ..." were both "text, image".
    four_m = row(paper("4M: Massively"), VISION_ASPECTS)["Modalities"]
    assert "including text, images, geometric, and semantic modalities" in quote(four_m), four_m.text
    m21 = row(paper("4M-21"), VISION_ASPECTS)["Modalities"]
    assert "semantic and geometric modalities, feature maps" in quote(m21) and m21.n is not None, m21.text
    # an enumeration of canonical modalities only keeps the derived list; attributes are no modalities
    assert not states_modality_list("IMP integrates multimodal inputs including image, video, text, and audio.")
    assert not states_modality_list("The visual modality, such as color, size, and shape, adds attributes.")


NU17_ASPECTS = ["number of samples", "abilities evaluated", "models evaluated", "main finding"]


def test_benchmark_cells_of_new_user_trial_17() -> None:
    """New-user trial 17, `compare "multimodal benchmarks in terms of: number of samples, abilities evaluated,
    models evaluated, main finding"`: MMIE's models evaluated quoted its "we introduce MMIE, a ... benchmark for
    evaluating ... LVLMs" (its "we evaluate eight LVLMs" went to Main finding), OmniBench's a recommendation
    ("We advocate for future research ..."), CMM-Math's abilities were "not stated" ("to evaluate and enhance
    the mathematical reasoning of LMMs"), MIBench's abilities quoted one scenario's "four sub-tasks"."""
    mmie = row(paper("MMIE"), NU17_ASPECTS)
    assert "eight LVLMs" in quote(mmie["Models evaluated"]) and "room for improvement" in quote(mmie["Main finding"])
    omni = row(paper("OmniBench"), NU17_ASPECTS)["Models evaluated"]
    assert "advocate" not in omni.text and "open-source OLMs" in quote(omni)
    cmm = row(paper("CMM-Math"), NU17_ASPECTS)
    assert "mathematical reasoning" in quote(cmm["Abilities evaluated"])
    assert "state-of-the-art LMMs" in quote(cmm["Models evaluated"])
    mib = row(paper("MIBench"), NU17_ASPECTS)
    assert "three scenarios" in quote(mib["Abilities evaluated"]) and "13K" in quote(mib["Number of samples"])
    assert "several open-source MLLMs" in quote(mib["Models evaluated"])
    assert column_key("evaluated models") == column_key("models tested") == "models evaluated"
    # a purpose names no evaluated models; a recommendation is no work of the paper's
    assert models_evaluated("We introduce X, a benchmark for evaluating reasoning in Large Vision-Language Models (LVLMs).") is None
    assert models_evaluated("We advocate for future research to focus on enhancing OLM performance.") is None
    assert models_evaluated("Specifically, we evaluate eight LVLMs.")[0] == 0  # type: ignore[index]


def test_a_recommendation_fills_no_column_matched_by_its_words() -> None:
    """A column chosen by its words ("training strategies") does not quote what the paper asks of future work."""
    rec = Source(
        n=1, paper_id="rec", title="RecBench: A Benchmark", score=1.0,
        abstract="We present RecBench, a benchmark for tri-modal reasoning. "
        "We advocate for future research to focus on better training strategies for tri-modal models.",
    )  # fmt: skip
    assert row(rec, ["training strategies"])["Training strategies"].text == NOT_STATED
