"""The sentence side of the expected answer types (:mod:`assistant.answer_type`): for each type, the
pattern a sentence that holds an answer of that kind matches ("nine basic visual patterns" holds a
quantity, "GPT-4o consistently surpasses other models" a winner)."""

from __future__ import annotations

import re

from assistant.text import CONTRIBUTION

NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|"
    r"thousand|thousands|million|millions|billion|billions|dozen|dozens|twice|double|half|triple"
)
SENTENCE_TYPES: dict[str, re.Pattern[str]] = {
    "quantity": re.compile(rf"\d|\b(?:{NUMBER_WORDS})\b", re.IGNORECASE),
    "best": re.compile(
        # "to the best of our knowledge" claims novelty, not a winner
        r"(?<!to the )\b(?:outperform\w*|surpass\w*|best|superior|beats?|state-of-the-art|sota|leading|strongest|"
        r"highest|top|exceed\w*|wins?|ahead|first place|ranks? first)\b",
        re.IGNORECASE,
    ),
    "comparison": re.compile(
        r"\b(?:better|worse|lower|higher|fewer|less|greater|harder|easier|superior|inferior|outperform\w*|surpass\w*|"
        r"than|whereas|compared (?:to|with)|in comparison)\b",
        re.IGNORECASE,
    ),
    "proposal": CONTRIBUTION,
    # where data came from: a verb of gathering and its "from" ("sourced ... from web sources")
    "source": re.compile(
        r"\b(?:sourced|collected|gathered|obtained|harvested|crawled|scraped|recorded|derived|drawn|taken|compiled|"
        r"curated|sampled|extracted|mined)\b(?:\s+[\w-]+,?){0,8}?\s+from\b",
        re.IGNORECASE,
    ),
    # what a thing is: the sentence introducing it ("Here, we propose Mixture-of-Mamba, a novel SSM
    # architecture ...") or defining it ("MMVP is a benchmark ..."), not its results
    "definition": re.compile(
        r"\b(?:we|this (?:paper|work|study)|our (?:paper|work))\s+(?:first\s+|also\s+|further\s+)?(?:propose|present|"
        r"introduce|develop|release|construct|build|design|curate|create|establish|offer)s?\b|"
        r"^(?:[A-Z][\w-]*\s+){1,4}(?:\([^)]*\)\s+)?(?:is|are|refers to|denotes)\s+(?:an?|the)\b",
        re.IGNORECASE,
    ),
    # how something was made: the steps that built it ("a three-stage processing pipeline for filtering
    # noisy data", "We sourced audio clips ... from web sources"), not its size or its results
    "procedure": re.compile(
        r"\b(?:sourced|collected|gathered|crawled|scraped|harvested|constructed|built|assembled|compiled|curated|"
        r"annotated|labell?ed|filtered|filtering|cleaned|deduplicated|pipelines?|stages?|steps?|procedures?|"
        r"(?:manually|automatically|semi-automatically)\s+\w+ed|"
        # the paper's own steps ("During data construction, ... we extract correct options from manual
        # annotations", "Given a video, we select few equidistant frames"), and a method that makes
        # something by a means ("constructs visual tokens through a Thumbnail-and-Sampling strategy")
        r"(?:data|dataset|benchmark|corpus)\s+(?:construction|collection|curation|annotation)|"
        r"we\s+(?:first\s+|then\s+|further\s+)?(?:extract|select|sample|crawl|scrape|collect|gather|filter|annotate|"
        r"label|construct|build|assemble|compile|curate|generate|convert|transform|split|merge|concatenate|combine)|"
        r"(?:constructs|builds|generates|creates|produces|obtains)\b[^.;]{0,80}?\b(?:through|via|by|using))\b",
        re.IGNORECASE,
    ),
    # how a paper is evaluated: its experiments, benchmarks and measured outcomes
    "evaluation": re.compile(
        r"\b(?:experiment\w*|evaluat\w*|benchmark\w*|outperform\w*|surpass\w*|tested on|validated on|"
        r"state-of-the-art|ablation\w*)\b",
        re.IGNORECASE,
    ),
    # an outcome it reports: a finding, or a measured gain ("improving BLEU scores ... by +1.4 to +4.2",
    # "The results reveal that although current models excel ..."); not its setup ("to evaluate ...")
    "result": re.compile(
        r"\b(?:outperform\w*|surpass\w*|state-of-the-art|improving|improves|improved|achiev\w*|"
        # "Evaluation results on these test samples prove that GPT-4V has remarkable ..." (new-user trial 15)
        r"(?:results?|findings?|experiments?|analys[ie]s)(?:\s+[\w-]+){0,5}?\s+"
        r"(?:show|reveal|demonstrate|indicate|suggest|prove|confirm|verif)\w*|"
        r"(?:we|it) (?:find|found|show|observe)\w*|reveal\w*)\b",
        re.IGNORECASE,
    ),
    # what a study concludes: the sentence that sums up ("Together, our research suggests ...")
    "conclusion": re.compile(
        r"\b(?:suggest\w*|conclu\w*|together|overall|in summary|findings|insights?|implications?|highlight\w*|"
        r"reveal\w*|indicat\w*|lessons?|(?:we|results|experiments|analys[ie]s|study|studies) (?:show|find|found|demonstrate)\w*)\b",
        re.IGNORECASE,
    ),
    "limitation": re.compile(
        r"\b(?:fail\w*|suffer\w*|struggl\w*|limitation\w*|shortcoming\w*|hallucinat\w*|weakness\w*|"
        r"falls? short|poor\w*|lag\w*|but|still|"
        # a finding of harm in other words ("tend to overlook image content", "impairs router accuracy")
        r"overlook\w*|neglect\w*|ignor\w*|impair\w*|degrad\w*|hurts?|harm\w*|at the cost|at the expense)\b",
        re.IGNORECASE,
    ),
}
