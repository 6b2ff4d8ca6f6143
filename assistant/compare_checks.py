"""What a sentence must carry to fill a comparison column: the checks behind each cell.

A quoted cell holds one abstract sentence; the sentence has to say what its column asks,
else the cell says "not stated" (a wrong quote is worse than none):

- every quoted column: a sentence about this paper, not the field's background
  ("However, most existing MLLMs ...", "Built on the power of LLMs, numerous MLLMs have
  recently achieved ...") — :func:`is_background`;
- "task": a task or problem, not an outcome ("outperforms baselines on tasks ...") —
  :func:`states_task`;
- "data or benchmark": a dataset or benchmark, not a gap ("due to the scarcity of ... data") —
  :func:`states_data`;
- "reported result": an outcome — a measured number (%, points, BLEU, "13K", "+1.4") or a
  comparative claim ("outperforms", "state-of-the-art performance") or a finding ("results
  show that ...") — :func:`states_result`;
- "code": a release statement — the code link, "code is available at", "we release our
  code/models", "will be open-sourced" — not "open-source MLLMs" — :func:`states_release`;
- a count column ("number of samples", "how many images"): a number next to the counted
  noun ("a total of 13K annotated samples") — :func:`count_cue`;
- "modalities": modality words standing on their own, not inside an idiom such as
  "in-depth" or "in-context" — :func:`modalities`; named in the paper's own sentences, not
  in its background or motivation ("However, ... models will likely need to handle ... speech,
  video" is what others lack) — else a sentence giving their range ("a wide array of
  modalities") — :func:`states_modality_range`;
- an efficiency column ("efficiency gain", "speedup", "computational cost"): a word of cost
  or speed ("FLOPs savings", "training computational cost", "efficient") beside a measured
  gain (a number or a comparison) — :func:`states_efficiency`; one with a measured number ranks
  first (compare_rank);
- "languages": a natural language's name ("Chinese", "Hindi-English"), a word of several
  ("multilingual", "bilingual") or languages in the plural ("four languages"), not the word
  "language" alone ("large language models", "vision and language") — :func:`states_language`.
"""

from __future__ import annotations

import re

TASK = re.compile(
    r"\b(?:tasks?|problem|challenges?|address\w*|tackl\w*|aims? (?:to|at)|for (?:the )?[\w-]+ "
    r"(?:[\w-]+ ){0,2}(?:recognition|detection|generation|understanding|retrieval|segmentation|classification|"
    r"answering|captioning|translation|reasoning|summari[sz]ation|separation|recommendation))\b",
    re.IGNORECASE,
)
DATA = re.compile(r"\b(?:datasets?|benchmarks?|corpus|corpora|collect\w*|curat\w*)\b", re.I)
_MEASURE = (
    r"(?<![\w-])[+-]\d[\d.]*|\d[\d.,]*\s*(?:%|x\b|×|points?\b|pp\b|dB\b|BLEU|mAP|FID|times\b)|"
    r"\bby (?:a (?:large|wide|significant) margin|\d)"
)
_COMPARATIVE = (
    r"\b(?:outperform\w*|surpass\w*|superior|better than|perform\w* better|exceed\w*|beats?|competitive|comparable|"
    r"(?:new |achieves? |establish\w* |sets? )?state-of-the-art (?:performance|results?|accuracy)|"
    r"new state-of-the-art|SOTA|improv\w+ (?:\w+ )?(?:by|over|upon)|gains? of|"
    r"(?:lower|higher|fewer|less|more) [\w-]+(?: [\w-]+){0,3} than|struggl\w*|fail\w* to|shortcomings)\b"
)
# "results show ...", "we find that ...": not "we also demonstrate the use of X" (a method).
_FINDING = (
    r"\b(?:(?:results?|experiments?|findings?|evaluations?|analys[ie]s|observations?|research|study) (?:\w+ ){0,3}?"
    r"(?:show|reveal|demonstrate|indicate|suggest|prove)s?\b|(?:show|reveal|demonstrat|indicat|prov)\w* that|\bfound (?:an?|that)\b|we (?:also )?(?:find|found|observe)\b)"
)
NUMBER_RESULT = re.compile(_MEASURE, re.IGNORECASE)  # a measured number: "77.0%", "+1.4", "3.7x"
OUTCOME = re.compile(rf"{_MEASURE}|{_COMPARATIVE}|{_FINDING}", re.IGNORECASE)
MEASURED = re.compile(
    rf"{_MEASURE}|{_COMPARATIVE}", re.IGNORECASE
)  # a number or a comparison, not only a finding
_RELEASE = re.compile(
    r"https?://\S+|github|\b(?:code|models?|weights|data(?:set)?s?|benchmark|implementation|checkpoints?|"
    r"resources?)\b[^.]{0,60}\b(?:(?:is|are|will be|has been|have been) (?:made )?(?:publicly |freely )?"
    r"(?:available|released|open-sourced?)|available at)|\b(?:we|will) (?:publicly )?(?:release|open-source)\w* "
    r"(?:our|the|all)?\s*(?:code|models?|weights|implementation|checkpoints?)",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(
    r"^(?:However|Although|Though|While|Whereas|Despite|Yet|Existing|Previous|Prior|Most(?! notably| importantly)|"
    r"Many|Some|Current|Traditional|Conventional|Recent|Recently|Built on|With the|There (?:has|have) been)\b|"
    r"\b(?:ha(?:ve|s) recently|(?:is|are) emerging|"
    r"numerous|plays? (?:an? )?(?:\w+ )?(?:role|part)|previous studies|prior work|existing (?:works?|methods|approaches|models|MLLMs|benchmarks))\b",
    re.IGNORECASE,
)
_NUMBER = r"(?:\d[\d,.]*\s*[KkMB]?\+?|(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|dozens|hundreds|thousands|millions) )"
_MODALITIES = {
    "text": r"texts?|textual|language",
    "image": r"images?|visual|vision|pictures?|photos?",
    "video": r"videos?",
    "audio": r"audio|sounds?|acoustic",
    "speech": r"speech|spoken",
    "music": r"music",
    "3D": r"3D|point clouds?",
    # Depth as data only: depth maps / estimation / sensors, depth estimated or predicted, depth beside RGB
    # or another modality. Not the depth of an evaluation or a network ("evaluation depth": MMIE), nor
    # "both the depth and breadth of multimodal training" (PIN; new-user trial 15).
    "depth": r"RGB-?D|depth(?=[\s-](?:maps?|images?|data|sensors?|sensing|estimation|prediction|modalit\w*|inputs?|"
    r"frames?|channels?|cues?|videos?|streams?)\b)|(?:estimat\w*|predict\w*|sens\w*|RGB|images?|videos?|normals)"
    r"(?:,| and| or)? depth",
    "tabular": r"tabular",
    "time series": r"time[- ]series",
    "graph": r"graphs?",
    "code": r"source code|code generation|programming languages?",
    "brain signals": r"fMRI|EEG|brain",
    "medical images": r"medical imag\w*|radiolog\w*|X-rays?|MRI|CT scans?",
}
# A compound whose first part is a preposition is an idiom, not a modality: "in-depth",
# "in-context", "on-device", "out-of-distribution".
_IDIOM = re.compile(r"\b(?:in|on|out|up|off|at|by|to|over|under)-[\w-]+", re.IGNORECASE)


# A gap statement names data that is missing or needed, not the data a paper uses or builds.
GAP = re.compile(
    r"\b(?:lack|absence|scarcity|shortage) of\b|\bdifficult to\b|\b(?:is|are|remains?) (?:imperative|essential|crucial|"
    r"needed|lacking|missing|scarce|limited)\b",
    re.IGNORECASE,
)


# A quantity of data: a number before a unit of data ("24K multiple-choice questions", "2.1K
# image-text pairs", "over 28,000 high-quality samples"), up to three words between.
# Plural only: after a number, a singular word is a modifier ("4 image experts"), not what is counted.
DATA_UNITS = (
    r"samples|questions|queries|images|videos|clips|pairs|instances|examples|annotations|hours|"
    r"tokens|parameters|documents|utterances|tasks|dimensions|benchmarks|datasets|subjects|categories|"
    r"problems|items|captions|frames|trailers|conversations|dialogues|instructions"
)
QUANTITY = re.compile(
    rf"(?<![\w.,-])(?:\d[\d,.]*\s*[KkMB]?\+?|(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|dozens|"
    rf"hundreds|thousands|millions)) (?:[\w-]+ ){{0,3}}?(?:{DATA_UNITS})\b",
    re.IGNORECASE,
)


# A named dataset after "on"/"using": a name with an inner capital or a digit ("AudioCaps",
# "VGGSound", "LRS2", "Kinetics-400", "XD-Violence"), not a model ("GPT-4V", "MLLMs").
NAMED_DATA = re.compile(
    r"\b(?:on|using|from)\s+(?:the\s+)?(?:large-scale\s+|widely[\w\s]{0,20}?\s+)?"
    r"(?!GPT|[A-Z]*(?:LM|LLM|LMM|VLM)s?\b)(?:[A-Z][\w]*[A-Z0-9][\w-]*|[A-Z][a-z]+-[\w-]*\d[\w-]*)"
)


def states_size(sentence: str) -> re.Match[str] | None:
    """A quantity of data a sentence states ("comprises 24K multiple-choice questions"), else None."""
    return None if GAP.search(sentence) else QUANTITY.search(sentence)


def states_data(sentence: str, own: str = "") -> re.Match[str] | None:
    """The dataset or benchmark a sentence names as this paper's, or the size of its data
    ("MIBench ... constructs 13 tasks with a total of 13K annotated samples"), or a named one
    ("... on AudioSet and VGGSound") other than the paper's own name ``own``, else None (not a
    gap statement)."""
    if GAP.search(sentence):
        return None
    named = NAMED_DATA.search(sentence)
    if named and own and own in named.group(0):  # "work to be done on VITA" names the paper itself
        named = None
    return DATA.search(sentence) or QUANTITY.search(sentence) or named


def states_task(sentence: str) -> re.Match[str] | None:
    """The task or problem a sentence names, else None: a sentence reporting an outcome
    ("our approach outperforms baselines on tasks ...") belongs to the result column."""
    return None if OUTCOME.search(sentence) else TASK.search(sentence)


def is_background(sentence: str) -> bool:
    """True for a sentence about the field or others' work rather than this paper's."""
    return bool(_BACKGROUND.search(sentence.strip()))


def states_result(sentence: str) -> re.Match[str] | None:
    """The outcome a sentence reports (a number, a comparison or a finding), else None.

    Background counts only before the outcome: "However, existing methods fail to ..." is
    others' work, "CAT outperforms existing methods" is this paper's result."""
    match = OUTCOME.search(sentence)
    if match is None or is_background(sentence[: match.start()]):
        return None
    return match


def states_release(sentence: str) -> re.Match[str] | None:
    """The code link or this paper's release statement in a sentence, else None: "the
    pre-trained weights are publicly available for many LLMs" is about others' release."""
    match = _RELEASE.search(sentence)
    own = re.search(r"https?://|github|\b(?:our|we|will|code|implementation)\b", sentence, re.IGNORECASE)
    return match if match and own else None


# Words that cannot stand between a number and the noun it counts: "1.4B parameters and experts",
# "13 tasks with a total of ..." count something else.
_NOT_BETWEEN = frozenset("and or of with for in on by to per than from as at into the a an its their our this".split())
# Plural-looking words that are no plural noun ("various modality-specific experts").
_NOT_PLURAL = frozenset("various numerous previous diverse multimodal cross-modal mixed-modal".split())


def _counts_another_noun(word: str) -> bool:
    """True for a word between a number and the counted noun that shows the number counts something
    else: a function word ("and", "with"), a plural noun ("parameters", "tokens") or a hyphenated
    modifier hanging on the number ("1-trillion-token training budget")."""
    lower = word.lower()
    plural = lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and lower not in _NOT_PLURAL
    return lower in _NOT_BETWEEN or word.startswith("-") or (plural and word.islower())


def count_cue(sentence: str, noun: str) -> re.Match[str] | None:
    """A number that counts ``noun`` ("4 text experts", "13K annotated samples", "over 28,000
    high-quality samples", "a 4-expert model"): at most three modifiers between, none of them a
    function word, another plural noun or a hyphenated part of the number ("1-trillion-token training
    budget, ... experts", "1.4B parameters and experts": those numbers count tokens and parameters).
    Else None. Plural and singular match."""
    stem = re.escape(noun.split()[-1].lower().rstrip("s"))
    head = " ".join(noun.split()[:-1])
    before = re.escape(head) + r"\s+" if head else ""
    # "1-trillion-token", "2 million samples": a multiplier belongs to the number
    multiplier = r"(?:[\s-]*(?:hundred|thousand|million|billion|trillion)\b)?"
    pattern = re.compile(rf"{_NUMBER}{multiplier}[\s-]*((?:[\w-]+\s+){{0,3}}?){before}{stem}\w*", re.IGNORECASE)
    for start in re.finditer(rf"\b{_NUMBER}", sentence, re.IGNORECASE):
        match = pattern.match(sentence, start.start())
        # a number hyphenated into a compound counts the compound's noun ("1-trillion-token", "4-expert")
        compound = sentence[start.start() :].split(maxsplit=1)[0].lower()
        if "-" in compound.strip("-") and not re.search(stem, compound):
            continue
        if match and not any(_counts_another_noun(w) for w in match.group(1).split()):
            return match
    return None


def modalities(abstract: str) -> list[str]:
    """The modalities an abstract names, each as a word of its own (see :data:`_IDIOM`)."""
    text = _IDIOM.sub(" ", abstract)
    return [m for m, pattern in _MODALITIES.items() if re.search(rf"\b(?:{pattern})\b", text)]


# A word of cost or speed: what an efficiency column's sentence must name.
EFFICIENCY = re.compile(
    r"\b(?:efficien\w*|FLOPs?|comput\w*|costs?|speed\w*|faster|latency|throughput|memory|savings?|cheaper|"
    r"fewer (?:\w+ )?parameters|(?:training|inference) time)\b",
    re.IGNORECASE,
)
# The range of modalities a paper handles, when it names none: "a wide array of modalities".
_MODALITY_RANGE = re.compile(
    r"\b(?:(?:wide|broad) (?:array|range|variety|spectrum) of|multiple|diverse|various|arbitrary|any|all|several|"
    r"many|numerous)\s+(?:[\w-]+\s+)?modalit(?:y|ies)\b",
    re.IGNORECASE,
)


def states_efficiency(sentence: str) -> re.Match[str] | None:
    """The word of cost or speed a sentence names beside a measured gain, a number or a comparison
    ("FLOPs savings: 3.7x", "using only 15% of their total training computational cost"), else None:
    "... to enable efficient training and inference" or "leverage efficient fine-tuning" is a design
    aim, not a gain (new-user trial 12)."""
    return EFFICIENCY.search(sentence) if MEASURED.search(sentence) else None


def states_modality_range(sentence: str) -> re.Match[str] | None:
    """The range of modalities a sentence states without naming them ("can handle a wide
    array of modalities"), else None."""
    return _MODALITY_RANGE.search(sentence)


# Natural languages a paper's data or model covers. The word "language" alone is no answer: it is
# in "large language model" and "vision-language" (a languages column quoted those; new-user trial 12).
_LANGUAGE = re.compile(
    r"\b(?:English|Chinese|Mandarin|Cantonese|Japanese|Korean|Hindi|Bengali|Urdu|Arabic|Persian|Hebrew|Turkish|"
    r"Russian|Ukrainian|Polish|Czech|German|Dutch|French|Spanish|Portuguese|Italian|Greek|Swedish|Finnish|"
    r"Vietnamese|Thai|Indonesian|Malay|Tagalog|Swahili|Yoruba|Amharic|Tamil|Telugu|"
    # names are capitalised ("polish the captions" is no language); the other words any case
    r"(?i:(?:multi|bi|tri|mono|cross)-?lingual\w*|code-?(?:mixed|mixing|switch\w*)|(?<!programming )languages))\b"
)


def states_language(sentence: str) -> re.Match[str] | None:
    """The natural language(s) a sentence names ("derived from ... Chinese and English sources",
    "four languages", "multilingual"), else None ("Large language models ..." names none)."""
    return _LANGUAGE.search(sentence)
