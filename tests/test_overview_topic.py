"""What an overview request asks about (assistant/overview_topic.py): the retrieval query without the
request frame, and "A and B" topics read as papers on either subject."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.overview_topic import conjuncts, retrieval_query, topic_readings


def test_the_retrieval_query_leaves_out_the_request_frame() -> None:
    # Before, "Draft related work on X" was embedded and searched whole: the request words pulled the
    # dense query away from X (dev-overviews rw-10 missed Geodesic Multi-Modal Mixup).
    assert retrieval_query("Draft related work on contrastive multimodal representation learning.") == (
        "contrastive multimodal representation learning."
    )
    assert retrieval_query("Write the related-work section for my paper on building MLLM datasets") == (
        "building MLLM datasets"
    )
    assert retrieval_query("Summarize the work here on audio-visual speech recognition") == (
        "audio-visual speech recognition"
    )
    # a head that is topic itself stays: "benchmarks" is what is asked for
    assert retrieval_query("benchmarks on video understanding") == "benchmarks on video understanding"
    assert retrieval_query("hallucination in multimodal LLMs") == "hallucination in multimodal LLMs"


def test_a_topic_joining_two_subjects_is_read_as_each() -> None:
    assert conjuncts("audio-visual speech recognition and audio-visual learning") == [
        ["audio visual", "speech", "recognit"],
        ["audio visual", "learn"],
    ]
    readings = [sorted(terms) for terms, _ in topic_readings("audio-visual speech recognition and audio-visual learning")]
    assert readings == [
        ["audio visual", "learn", "recognit", "speech"],
        ["audio visual", "recognit", "speech"],
        ["audio visual", "learn"],
    ]
    # a one-word conjunct shares its neighbour's head: image generation, video generation
    image, video = topic_readings("image and video generation conditioned on multimodal inputs")[1:]
    assert image[1] == {"imag", "generat", "condit"} and video[1] == {"video", "generat", "condit"}
    # only the topic's first phrase: "interleaved image and text inputs" joins modifiers, not topics
    assert conjuncts("Related work for a paper that generates images from interleaved image and text inputs") == []
    assert conjuncts("Summarize and compare work on hallucination") == []
    assert len(topic_readings("hallucination in multimodal LLMs")) == 1


def test_a_summary_of_a_and_b_takes_papers_on_either(bot: Assistant) -> None:
    # New-user finding: "audio-visual speech recognition and audio-visual learning" cited 4 papers, 2 on
    # speech recognition, and none of the audio-visual papers that do not recognise speech (CAT, CoAVT,
    # the audio-visual violence detection paper): they hold "audio-visual" but not "speech recognition",
    # and the floor counted the whole topic's words.
    *_, answer = bot.overview_stream("summary", "audio-visual speech recognition and audio-visual learning")
    cited = {c.title.split(":")[0] for c in answer.citations}
    assert {"CAT", "CoAVT", "MixSpeech"} <= cited, cited
    assert any(t.startswith("Modality-Aware Contrastive Instance Learning") for t in (c.title for c in answer.citations))
