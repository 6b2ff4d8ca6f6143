"""Which abstract sentence speaks for a paper: its own method, never a link line (issue 12, fifth round)."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.prose import contribution_sentence, label
from assistant.prose_topic import paper_sentences, topic_sentence
from assistant.text import stemmed_terms
from assistant.types import Source

TWO_CONTRIBUTIONS = Source(
    n=1,
    paper_id="two",
    title="FooNet: Sparse Routing for Lip Reading",
    score=1.0,
    abstract=(
        "Lip reading lacks data. In this paper, we present LRX, the first dataset of silent talks. "
        "To address this issue, we propose FooNet, a sparse routing model for lip reading. "
        "FooNet improves accuracy by 3 points."
    ),
)


def test_the_contribution_naming_the_paper_beats_an_earlier_dataset_one() -> None:
    assert contribution_sentence(TWO_CONTRIBUTIONS) == "FooNet is a sparse routing model for lip reading."
    unnamed = TWO_CONTRIBUTIONS.model_copy(update={"title": "Sparse Routing for Lip Reading"})
    # twelfth round: a title with no name goes by the name its abstract gives its work (FooNet, used twice)
    assert contribution_sentence(unnamed) == "FooNet is a sparse routing model for lip reading."
    once = unnamed.model_copy(update={"abstract": unnamed.abstract.replace("FooNet improves", "It improves")})
    assert "presents LRX, the first dataset" in contribution_sentence(once)  # no name: the first one


def test_mixspeech_is_introduced_by_its_method_not_its_dataset(bot: Assistant) -> None:
    mixspeech = next(
        s for s in bot.retriever.retrieve("audio-visual speech translation", top_k=10).sources
        if s.title.startswith("MixSpeech")
    )
    sentence = contribution_sentence(mixspeech)
    assert sentence.startswith("MixSpeech is a cross-modality self-learning framework"), sentence
    assert "AVMuST-TED, the first dataset" not in sentence


def test_a_code_link_line_is_never_the_topic_sentence(bot: Assistant) -> None:
    # "Code: https://github.com/changdaeoh/multimodal-mixup" held "multimodal mixup" in its path and was
    # quoted as Geodesic Multi-Modal Mixup's topic sentence in "Summarize work on multimodal mixup".
    geodesic = next(
        s for s in bot.retriever.retrieve("geodesic multimodal mixup robust fine-tuning", top_k=10).sources
        if s.title.startswith("Geodesic")
    )
    terms = stemmed_terms("multimodal mixup")
    assert "http" not in topic_sentence(geodesic, terms, {})[0]
    assert not any("http" in x for x in paper_sentences(geodesic, terms, {}))
    *_, answer = bot.overview_stream("summary", "Summarize work on multimodal mixup")
    assert "Code: https://" not in answer.answer


def test_latex_quotes_read_as_quotation_marks() -> None:
    # Regression: the summary on hallucination showed "identifies ''CLIP-blind pairs''" (Eyes Wide
    # Shut's abstract writes LaTeX's ASCII quotes); apostrophes of possessives stay.
    from assistant.prose import clean_latex

    assert clean_latex("identifies ''CLIP-blind pairs'' - images") == "identifies “CLIP-blind pairs” - images"
    assert clean_latex("a ``quoted'' word") == "a “quoted” word"
    assert clean_latex("the model's and the authors' work") == "the model's and the authors' work"



# A new user's related-work draft quoted sentences whose antecedent stayed behind (VIMI's and Eyes
# Wide Shut's abstracts, bundled corpus): "This limitation stems from the absence of ... [9]",
# "Together, its research suggests ...".
VIMI = Source(
    n=9,
    paper_id="vimi",
    title="VIMI: Grounding Video Generation through Multi-modal Instruction",
    score=1.0,
    abstract=(
        "Existing text-to-video diffusion models rely solely on text-only encoders for their pretraining. "
        "This limitation stems from the absence of large-scale multimodal prompt video datasets, resulting in "
        "a lack of visual grounding and restricting their versatility and application in multimodal integration. "
        "To address this, we construct a large-scale multimodal prompt dataset by employing retrieval methods to "
        "pair in-context examples with the given text prompts. "
        "This process further refines the model's ability to handle diverse inputs and tasks."
    ),
)
EYES = Source(
    n=3,
    paper_id="eyes",
    title="Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs",
    score=1.0,
    abstract=(
        "Our research reveals that the visual capabilities in recent multimodal LLMs still exhibit systematic "
        "shortcomings. We identify CLIP-blind pairs, images that CLIP perceives as similar. "
        "Together, our research suggests visual representation learning remains an open challenge, and "
        "accurate visual grounding is crucial for future successful multimodal systems."
    ),
)


def test_a_sentence_pointing_back_is_not_quoted_alone() -> None:
    from assistant.antecedents import needs_antecedent
    from assistant.open_problems import open_problems

    terms = stemmed_terms("multimodal prompt video datasets for visual grounding")
    for sentence in paper_sentences(VIMI, terms, {}):
        assert not sentence.startswith(("This limitation", "This process")), sentence
    assert not [p for s, p in open_problems([VIMI]) if p.startswith("This")]
    for kind in ("This limitation stems from X.", "These errors persist.", "In contrast, Y fails.",
                 "Thus, the model fails.", "Together, these results show Z."):
        assert needs_antecedent(kind), kind
    for alone in ("This paper proposes X.", "Thus, we propose X.", "We propose X.", "Together, our results show Z."):
        assert not needs_antecedent(alone), alone


def test_summing_up_the_papers_own_findings_drops_the_connective() -> None:
    from assistant.open_problems import open_problems

    terms = stemmed_terms("visual representation learning and visual grounding")
    sentences = paper_sentences(EYES, terms, {})
    assert not [s for s in sentences if s.startswith("Together")], sentences
    assert any(s.startswith("Its research suggests visual representation learning") for s in sentences), sentences
    assert [p for _, p in open_problems([EYES])] == [
        "our research suggests visual representation learning remains an open challenge, and accurate visual "
        "grounding is crucial for future successful multimodal systems."
    ]


# A new user's related-work draft (bundled corpus): "Assessing Modality Bias ... introduces the modality
# importance score (MIS) to identify such bias [3]": "such bias" is the bias the sentence before named.
# needs_antecedent read only a sentence's opening, and the contribution sentence was never checked.
MODALITY_BIAS = Source(
    n=3,
    paper_id="mis",
    title="Assessing Modality Bias in Video Question Answering Benchmarks with Multimodal Large Language Models",
    score=1.0,
    abstract=(
        "However, existing video question-answering (VidQA) benchmarks and datasets often exhibit a bias toward "
        "a single modality. In this work, we introduce the modality importance score (MIS) to identify such bias. "
        "It is designed to assess which modality embeds the necessary information to answer the question. "
        "With this MIS, we demonstrate the presence of unimodal bias in existing datasets."
    ),
)


def test_a_reference_inside_the_sentence_needs_its_antecedent() -> None:
    from assistant.antecedents import has_anaphor, needs_antecedent, without_anaphoric_tail

    for kind in (
        "In this work, we introduce the modality importance score (MIS) to identify such bias.",
        "With these pairs, we construct the MMVP benchmark.",
        "Our results reveal efficiency gains through this modality-specific parameter allocation.",
        "We address the above issues with a new loss.",
        "It is designed to assess which modality embeds the necessary information.",
    ):
        assert needs_antecedent(kind) and has_anaphor(kind), kind
    for alone in (
        "In this paper, we propose X, such as a router.",  # "this paper" is the paper; "such as" lists
        "We propose X so that errors vanish, and evaluate it on VQAv2 as such.",  # "as such" points nowhere
        "It is important to ground answers in the image.",  # the empty subject
        "It remains unclear whether larger models help.",
        "Together, our results show that X outperforms those of GPT-4V.",
        "To this end, we propose X.",
        "The code for this project is publicly available.",
    ):
        assert not has_anaphor(alone), alone
    # The clause holding the reference is cut; a reference in the main clause leaves nothing.
    assert without_anaphoric_tail("the modality importance score (MIS) to identify such bias.") == (
        "the modality importance score (MIS)."
    )
    assert without_anaphoric_tail("RagLLaVA, a novel framework with reranking, to address these limitations.") == (
        "RagLLaVA, a novel framework with reranking."
    )
    assert without_anaphoric_tail("these pairs as a benchmark.") == ""


def test_the_contribution_sentence_is_quoted_without_its_pointing_clause() -> None:
    sentence = contribution_sentence(MODALITY_BIAS)
    assert sentence.endswith("introduces the modality importance score (MIS)."), sentence
    terms = stemmed_terms("modality bias video question answering benchmarks")
    for quoted in paper_sentences(MODALITY_BIAS, terms, {}):
        assert "such bias" not in quoted and not quoted.startswith(("It is designed", "With this MIS")), quoted


def test_a_sentence_naming_the_paper_gets_no_title_beside_it(bot: Assistant) -> None:
    # New-user finding: "MixSpeech (MixSpeech: Cross-Modality …) proposes MixSpeech, …", "PILL (PILL: Plug
    # Into LLM …) introduces a novel architecture called PILL: …", "CMM-Math (CMM-Math: …) releases a
    # Chinese multimodal math (CMM-Math) dataset", in every overview mode.
    assert contribution_sentence(TWO_CONTRIBUTIONS).startswith("FooNet is a sparse routing model")
    unnamed_in_it = TWO_CONTRIBUTIONS.model_copy(update={"abstract": "We propose a sparse routing model for lip reading."})
    assert contribution_sentence(unnamed_in_it).startswith("FooNet (*FooNet: Sparse Routing for Lip Reading*) proposes")
    # the selection's claim signal keeps the form it was tuned on
    assert contribution_sentence(TWO_CONTRIBUTIONS, titled=True).startswith("FooNet (*FooNet: Sparse Routing")
    *_, answer = bot.overview_stream("summary", "mixture-of-experts and adapters in multimodal LLMs")
    assert "(*PILL:" not in answer.answer and "PILL introduces" in answer.answer, answer.answer
    *_, answer = bot.overview_stream("related_work", "Related work on audio-visual speech recognition")
    assert "MixSpeech is a cross-modality" in answer.answer and "MixSpeech proposes MixSpeech" not in answer.answer and "(*MixSpeech:" not in answer.answer


def test_a_paper_saying_what_it_does_is_not_quoted_by_its_background() -> None:
    # New-user finding: the compound emotion recognition paper read "In *Textualized …*: Systems for
    # multimodal emotion recognition (ER) are commonly trained ..." (its field's practice); its own
    # sentence is "This paper compares the potential of text- and feature-based approaches ...".
    source = Source(
        n=1, paper_id="cer", title="Textualized and Feature-based Models for Compound Emotion Recognition", score=1.0,
        abstract=(
            "Systems for emotion recognition are commonly trained to extract features. Compound emotions are "
            "hard. This paper compares the potential of text- and feature-based approaches for compound ER."
        ),
    )
    assert contribution_sentence(source) == (
        "*Textualized and Feature-based Models for Compound Emotion Recognition* compares the potential of "
        "text- and feature-based approaches for compound ER."
    )


def test_a_contribution_after_a_lead_in_clause_is_the_papers_sentence() -> None:
    # New-user trial (eighth round): CoAVT was quoted by its background opening ("In CoAVT (…): There has
    # been a long-standing quest …"): its "we introduce CoAVT" follows a 70-character lead-in clause.
    source = Source(
        n=1, paper_id="coavt", title="CoAVT: A Cognition-Inspired Audio-Visual-Text Model", score=1.0,
        abstract=(
            "There has been a long-standing quest for a unified audio-visual-text model. "
            "Motivated by this understanding of human cognition, in this paper, we introduce CoAVT -- a novel "
            "cognition-inspired Correlated Audio-Visual-Text pre-training model to connect the three modalities."
        ),
    )
    assert contribution_sentence(source).startswith("CoAVT is a novel cognition-inspired")  # trial 17: not "The paper"
    assert contribution_sentence(source, titled=True).startswith("In CoAVT (*CoAVT:")  # the tuned signal's form


def test_a_paper_introducing_its_own_name_is_not_named_twice_nor_cut_after_item_one() -> None:
    # New-user finding (tenth round): "CAT introduces the CAT, which enhances MLLM in three ways: 1) besides
    # ..., it designs a clue aggregator ..." (name twice; the list's items 2) and 3) are other sentences),
    # "MIO introduces MIO, a novel foundation model ...".
    cat = Source(
        n=1, paper_id="cat", title="CAT: Enhancing Multimodal Large Language Model to Answer Questions", score=1.0,
        abstract=(
            "This paper focuses on answering questions in audio-visual scenarios. To overcome this limitation, we "
            "introduce the CAT, which enhances MLLM in three ways: 1) besides straightforwardly bridging audio and "
            "video, we design a clue aggregator. 2) CAT is trained on a mixed multimodal dataset."
        ),
    )
    # twelfth round: cut before its list it was an empty lead-in ("CAT enhances MLLM in three ways."): another sentence
    assert contribution_sentence(cat) == (
        "CAT (*CAT: Enhancing Multimodal Large Language Model to Answer Questions*) focuses on answering questions in "
        "audio-visual scenarios."
    )
    mio = Source(
        n=2, paper_id="mio", title="MIO: A Foundation Model on Multimodal Tokens", score=1.0,
        abstract="We introduce MIO, a novel foundation model built on multimodal tokens, and show that it helps.",
    )
    assert contribution_sentence(mio) == (
        "*MIO: A Foundation Model on Multimodal Tokens* introduces MIO, a novel foundation model built on multimodal "
        "tokens, and shows that it helps."  # trial 17: its title, not "The paper"
    )
    listed = mio.model_copy(update={"abstract": "We propose MIO, which works in two ways: (1) it reads; (2) it writes."})
    assert contribution_sentence(listed).endswith("(1) it reads; (2) it writes.")  # the whole list stays


def test_a_title_head_that_is_a_statement_is_not_repeated_as_a_name() -> None:
    # New-user finding: "MLLM Is a Strong Reranker (*MLLM Is a Strong Reranker: Advancing ...*) proposes RagLLaVA".
    source = Source(n=1, paper_id="r", title="MLLM Is a Strong Reranker: Advancing Multimodal RAG", score=1.0, abstract="x")
    assert label(source) == "*MLLM Is a Strong Reranker: Advancing Multimodal RAG*"
    assert label(source.model_copy(update={"title": "MIO: A Foundation Model"})) == "MIO (*MIO: A Foundation Model*)"


def test_an_appositive_after_the_own_name_reads_as_the_name_is() -> None:
    # Tenth-round review: "The paper introduces MoMa, a novel ..." after IMP's sentence in a related-work
    # paragraph read as IMP's paper; "MoMa is a novel ..." names its subject. A later coordinated claim
    # ("..., and show that it helps") keeps "The paper" as the subject (test above, MIO).
    moma = Source(
        n=2, paper_id="moma", title="MoMa: Efficient Early-Fusion Pre-training with Mixture of Modality-Aware Experts",
        score=1.0, abstract="We introduce MoMa, a novel modality-aware mixture-of-experts (MoE) architecture for early-fusion models.",
    )
    assert contribution_sentence(moma) == "MoMa is a novel modality-aware mixture-of-experts (MoE) architecture for early-fusion models."


def test_a_sentence_quoted_under_the_papers_name_does_not_name_it_again() -> None:
    # New-user finding (twelfth round): "PILL introduces a novel architecture called PILL: Plug Into LLM
    # with adapter expert and attention gate", "Uni-MoE presents ... architecture, named Uni-MoE that ...",
    # "MulModSeg proposes a simple Multi-Modal Segmentation (MulModSeg) strategy", "MM-Lego shows that MM-Lego 1)".
    def paper(title: str, abstract: str) -> Source:
        return Source(n=1, paper_id=title[:5], title=title, score=1.0, abstract=abstract)

    pill = paper(
        "PILL: Plug Into LLM with Adapter Expert and Attention Gate",
        "We introduce a novel architecture called PILL: Plug Into LLM with adapter expert and attention gate for modalities.",
    )
    assert contribution_sentence(pill) == "PILL introduces a novel architecture for modalities."
    uni = paper(
        "Uni-MoE: Scaling Unified Multimodal LLMs",
        "Our work presents the pioneering attempt to develop a unified MLLM, named Uni-MoE that can handle modalities.",
    )
    assert contribution_sentence(uni) == "Uni-MoE presents the pioneering attempt to develop a unified MLLM that can handle modalities."
    seg = paper("MulModSeg: Enhancing Segmentation", "In this work, we propose a simple Multi-Modal Segmentation (MulModSeg) strategy for CT.")
    assert contribution_sentence(seg) == "MulModSeg proposes a simple Multi-Modal Segmentation strategy for CT."
    lego = paper(
        "MM-Lego: Modular Biomedical Multimodal Models",
        "Fusion is costly. We present a wrapper for encoders. We show that MM-Lego 1) merges biomedical multimodal models "
        "and 2) fuses biomedical multimodal models.",
    )
    quoted = paper_sentences(lego, stemmed_terms("biomedical multimodal models merging fusion"), {})
    assert quoted[-1].startswith("It shows that MM-Lego 1)"), quoted  # trial 17: "The paper" names no paper
    assert quoted[-1].count("MM-Lego") == 1, quoted


def test_a_title_head_that_is_a_phrase_is_not_repeated_before_its_title() -> None:
    # New-user finding: "One Model, Multiple Modalities (*One Model, Multiple Modalities: A Sparsely ...*) presents".
    source = Source(n=1, paper_id="sk", title="One Model, Multiple Modalities: A Sparsely Activated Approach", score=1.0, abstract="x")
    assert label(source) == "*One Model, Multiple Modalities: A Sparsely Activated Approach*"
    assert label(source.model_copy(update={"title": "Tiny LVLM-eHub: Early Experiments"})).startswith("Tiny LVLM-eHub (*")


def test_a_sentence_needing_an_earlier_one_or_cut_before_its_list_is_not_quoted() -> None:
    # New-user finding (twelfth round): "... proposes an effective yet straightforward scheme named PTUnifier to
    # unify the two types [6]" (the two types are named one sentence before); "CAT enhances MLLM in three ways [4]."
    from assistant.antecedents import needs_antecedent

    pt = Source(
        n=1, paper_id="pt", title="Towards Unifying Medical Vision-and-Language Pre-training via Soft Prompts", score=1.0,
        abstract=(
            "Medical vision-and-language pre-training models are either fusion-encoder or dual-encoder type. In this "
            "paper, we propose an effective yet straightforward scheme named PTUnifier to unify the two types."
        ),
    )
    assert contribution_sentence(pt).endswith("proposes an effective yet straightforward scheme named PTUnifier."), contribution_sentence(pt)
    assert needs_antecedent("Second, we show that we can further improve the supervised learning by 17%.")
    assert not needs_antecedent("We train the two-stage model on the three of them.")
    cat = Source(
        n=2, paper_id="cat", title="CAT: Enhancing MLLM", score=1.0,
        abstract=(
            "We introduce the CAT, which enhances MLLM in three ways: 1) we design a clue aggregator. 2) CAT is trained "
            "on data. CAT answers questions about sounding objects in videos."
        ),
    )
    assert "in three ways" not in contribution_sentence(cat)


def test_a_paper_whose_title_has_no_name_goes_by_the_name_its_abstract_gives_it() -> None:
    # New-user finding (twelfth round): "One Model, Multiple Modalities (*One Model, Multiple Modalities: ...*)
    # presents an approach ..." never used the model's own name, SkillNet.
    source = Source(
        n=1, paper_id="sk", title="One Model, Multiple Modalities: A Sparsely Activated Approach", score=1.0,
        abstract=(
            "This paper presents an approach that handles multiple modalities with a single model. In our “{SkillNet}” "
            "model, different parts of the parameters are specialized. SkillNet performs comparably to five models."
        ),
    )
    assert label(source) == "SkillNet (*One Model, Multiple Modalities: A Sparsely Activated Approach*)"
    assert contribution_sentence(source).startswith("SkillNet (*One Model, Multiple Modalities: A Sparsely Activated Approach*) presents")
    assert contribution_sentence(source, titled=True).startswith("*One Model, Multiple Modalities")  # the tuned signal's form
    rag = Source(
        n=2, paper_id="rag", title="MLLM Is a Strong Reranker: Advancing Multimodal RAG", score=1.0,
        abstract="In this work, we propose RagLLaVA, a novel framework with knowledge-enhanced reranking. RagLLaVA helps.",
    )
    assert contribution_sentence(rag) == "RagLLaVA is a novel framework with knowledge-enhanced reranking."
    unival = rag.model_copy(update={"title": "Unified Model for Image, Video, Audio and Language Tasks",
                                    "abstract": "To answer this, we propose UnIVAL, a step further towards this goal. UnIVAL is small."})
    assert contribution_sentence(unival) == "*Unified Model for Image, Video, Audio and Language Tasks* proposes UnIVAL."


def test_a_numbered_finding_on_the_topic_is_quoted_without_its_number_and_pointing_tail(bot: Assistant) -> None:
    # New-user trial 13: "Summarize hallucination studies" quoted Implicit Multimodal Alignment's item (1) (a
    # positive correlation with task performance); its item (2), the one on hallucination, was skipped because
    # its tail "revealing that this problem is ..." points back.
    ima = next(s for s in bot.retriever.retrieve("implicit multimodal alignment frozen LLMs", top_k=8).sources
               if s.title.startswith("Implicit Multimodal Alignment"))
    terms = stemmed_terms("hallucination")
    sentence, share = topic_sentence(ima, terms, {})
    assert sentence == "A negative correlation exists regarding hallucinations." and share == 1.0
    assert paper_sentences(ima, terms, {})[-1] == "A negative correlation exists regarding hallucinations."
    *_, answer = bot.overview_stream("summary", "Summarize hallucination studies")
    line = next(x for x in answer.answer.splitlines() if "Implicit Multimodal Alignment" in x)
    assert "regarding hallucinations" in line, line
    assert all(c.flags == [] for c in answer.sentences if c.claim)


PILL_ABSTRACT = (
    "However, it is foreseeable that models will likely need to handle tasks involving additional modalities such as "
    "speech, video, and others. This poses a particularly prominent challenge of dealing with the complexity of mixed "
    "modalities. To address this, we introduce a novel architecture called PILL: Plug Into LLM with adapter expert and "
    "attention gate to better decouple these complex modalities and leverage efficient fine-tuning."
)


def test_a_quote_cut_down_to_generic_words_keeps_what_names_the_paper() -> None:
    # New-user trial 14: "PILL introduces a novel architecture [8]." once "called PILL: Plug Into LLM with ..."
    # was dropped as the paper's own naming and "to better decouple these ..." as a tail pointing back.
    pill = Source(n=1, paper_id="pill", title="PILL: Plug Into LLM with Adapter Expert and Attention Gate", score=1.0, abstract=PILL_ABSTRACT)
    quoted = contribution_sentence(pill)
    assert quoted != "PILL introduces a novel architecture.", quoted
    assert "adapter expert and attention gate" in quoted, quoted


def test_a_content_free_quote_gives_way_to_the_papers_next_contribution() -> None:
    from assistant.describing import content_free

    assert content_free("PILL introduces a novel architecture.", {"pill", "introduces"})
    assert not content_free("PILL introduces two modules.", {"pill", "introduces"})
    stub = Source(
        n=1, paper_id="st", title="FooNet: Whatever", score=1.0,
        abstract="We propose a simple and effective framework. We introduce a gated router for lip reading.",
    )
    assert contribution_sentence(stub).endswith("introduces a gated router for lip reading."), contribution_sentence(stub)


def test_a_them_whose_antecedent_is_in_the_sentence_before_is_not_quoted() -> None:
    # New-user trial 14: "In 4M-21 (...): it expands upon the capabilities of them by training ..." ("them" are
    # 4M and UnifiedIO, named one sentence before).
    from assistant.antecedents import lost_pronoun, needs_antecedent

    sentence = "In this paper, we expand upon the capabilities of them by training a single model on tens of modalities."
    assert lost_pronoun(sentence) and needs_antecedent(sentence)
    assert not lost_pronoun("We collect images and annotate them with captions.")
    assert not lost_pronoun("We train the two-stage model on the three of them.")
    m4 = Source(
        n=1, paper_id="4m21", title="4M-21: An Any-to-Any Vision Model for Tens of Tasks and Modalities", score=1.0,
        abstract=(
            "Current multimodal and multitask foundation models like 4M or UnifiedIO show promising results. "
            f"{sentence} We successfully scale the training to a three billion parameter model."
        ),
    )
    quoted = contribution_sentence(m4)
    assert "of them" not in quoted and "scales the training" in quoted, quoted
    assert ": it successfully" in quoted, quoted


def test_related_work_prose_names_the_paper_and_drops_self_praise() -> None:
    """New-user trial 17, a related-work draft on mixture-of-experts: "The paper introduces a novel architecture called
    PILL: Plug Into LLM with ..." ("The paper" in a section citing many), "PILL introduces two modules: Firstly,
    utilizing Mixture-of-Modality-Adapter-Expert to ..." (a list item that is a phrase), "Uni-MoE presents the
    pioneering attempt to develop ..." (the authors' praise of their own work)."""
    terms = stemmed_terms("mixture-of-experts and sparse multimodal models")
    pill = Source(
        n=1, paper_id="pill", title="PILL: Plug Into LLM with Adapter Expert and Attention Gate", score=1.0,
        abstract=PILL_ABSTRACT + " We introduce two modules: Firstly, utilizing Mixture-of-Modality-Adapter-Expert to "
        "independently handle different modalities. Secondly, by introducing Modality-Attention-Gating, which enables control.",
    )  # fmt: skip
    first, second = paper_sentences(pill, stemmed_terms("modality adapter expert modules"), {})
    assert first == "PILL (Plug Into LLM with adapter expert and attention gate) is a novel architecture.", first
    assert second.startswith("PILL introduces two modules, the first utilizing Mixture-of-Modality-Adapter-Expert"), second
    uni = Source(
        n=2, paper_id="uni", title="Uni-MoE: Scaling Unified Multimodal LLMs with Mixture of Experts", score=1.0,
        abstract="To address this, our work presents the pioneering attempt to develop a unified MLLM with the MoE "
        "architecture, named Uni-MoE that can handle a wide array of modalities.",
    )  # fmt: skip
    assert paper_sentences(uni, terms, {})[0].startswith("Uni-MoE develops a unified MLLM with the MoE architecture")
    cat = Source(
        n=3, paper_id="cat", title="CAT: Enhancing Multimodal Large Language Model", score=1.0,
        abstract="Moreover, we collect an audio-visual joint instruction dataset named AVinstruct, to further enhance "
        "the capacity of CAT to model cross-semantic correlations.",
    )  # fmt: skip
    said = paper_sentences(cat, terms, {})[0]
    assert not said.startswith("The paper") and said.startswith("*CAT: Enhancing"), said
