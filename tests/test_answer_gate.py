"""Regression gate: the extractive writer's answers on the dev and test splits must not drop.

Split from ``test_eval_gate.py`` (retrieval) so the two evals, about 2.5 minutes each, run on
both pytest workers at once (``--dist loadfile`` keeps a file on one worker). Not a timing test.
"""

from __future__ import annotations

import pytest

from assistant.ask import Assistant
from eval.questions import SPLITS, load_questions


@pytest.fixture(scope="module")
def answers(bot: Assistant) -> dict[str, dict]:
    """One run of the answer eval per split (dev and test), shared by the answer gates."""
    from eval.answers import run_answers

    return {name: run_answers(bot, load_questions(path)) for name, path in SPLITS.items()}


# A little under the figures measured when set (see the comments in the tests).
# Thirteenth round: issue 9's targets themselves (precision 0.960, key facts 0.850 when set).
TEST_FLOORS = {
    "citation_precision": 0.95,
    "key_fact_recall_lookup_paraphrase": 0.85,
    "refused_or_gap_rate": 0.85,
}
# Issue 9's budget is 3%; measured 1.6% after the fourth round, 3.1% (4 of 129) after the fifth,
# whose topic check on "summarize/review work on X" took test off-topic unanswerables 0.500 ->
# 0.875. The ceiling holds the measured level: the target is missed by one question.
# Seventh round: 1.6% (2 of 129), within the budget. Ninth: 2.3% (3 of 129), within it; the
# ceiling is the budget.
TEST_FALSE_REFUSAL_CEILING = 0.03
# Eleventh round: dev grew by dev11 (40) and dev12 (30), fresh-context sets tuned on this round; its
# refused-or-gap fell 0.935 -> 0.929 by dev11's eight unanswerables (0.750), not by a regression.
# Thirteenth: the sentence rerank took dev precision 0.950 -> 0.962, key facts (all) 0.959 -> 0.967.
DEV_FLOORS = {"citation_precision": 0.955, "key_fact_recall": 0.96, "refused_or_gap_rate": 0.92}


def test_extractive_answers_meet_thresholds_on_test(answers: dict[str, dict]) -> None:
    # Issue 9's done-when figures, on the independently written test split (never tuned on).
    # Measured 2026-11-30 (`python -m eval answers`, test split, 163 questions, third round:
    # topic switches, plural/topic checks, asked-phrase fixes): validity 1.000, precision 0.935,
    # key-fact recall on lookups+paraphrases 0.820 (paraphrases 0.619), unanswerables refused or
    # gap named 0.765, false refusals 1.6%, flagged 0. Precision, key facts and unanswerables
    # still miss issue 9's targets (0.95, 0.85, 0.85): the floors hold what is reached.
    # Fourth round (version numbers in names, topics asked about one thing, spelled-out acronyms,
    # further papers holding the first's terms): precision 0.944, key facts 0.820, refused or gap
    # 0.765, false refusals 2.3%, flagged 0 (docs: /work/notes/answers4.md). After merging the
    # round's other changes (BM25 without the question's frame, hyphenated topic words held when
    # spaced, filters in follow-ups): precision 0.935, key facts 0.820, refused or gap 0.735,
    # false refusals 1.6%. The floors hold that measured level; no change was chosen by it.
    # Fifth round (expected answer types, first versions, topic check for "summarize work on X",
    # follow-ups by "the authors"/"there"): precision 0.939, key facts 0.820 (paraphrases 0.619),
    # refused or gap 0.824 (off-topic 0.875, not in collection 0.625, mixed 0.778), false
    # refusals 3.1%; one report run, no change chosen by it.
    # Sixth round (per-part answer-type gaps, exact name ownership with the nearest name, quoted
    # alone when one sentence stands out, stated topic switches): precision 0.940, key facts 0.820
    # (paraphrases 0.619, follow-ups 0.917), refused or gap 0.882 (mixed 1.000, not in collection
    # 0.625, off-topic 0.875), false refusals 3.1% (a lookup now, no topic switch); one report run.
    # Seventh round (the collection asked before a name is called missing, "X or Y", a name asked
    # of a named paper, a later candidate holding what the first lacks, kinds of papers, release
    # answers, contribution relevance): precision 0.935, key facts 0.830 (paraphrases 0.643),
    # false refusals 1.6% (target met), but refused or gap 0.882 -> 0.794 (not in collection
    # 0.625 -> 0.375, off-topic 0.875 -> 0.750): 3 of 34 more unanswerables answered. 36 fresh dev
    # unanswerables (d7-*, same shapes, written after the drop was seen) gave 0.889 on the old and
    # on the new code alike, so the cause was not found on dev; finding it on test would be tuning
    # on test. The floor holds the measured level; one report run.
    # Eighth round (sentence-level coverage, everyday words weigh nothing in the topic check,
    # whole-token names, relevance from the gap check, "Does X beat Y?" asks for a comparison):
    # precision 0.939, key facts 0.830 (paraphrases 0.643), refused or gap 0.794 -> 0.765
    # (off-topic 0.750 -> 0.625: one more off-topic question answered), false refusals 1.6%.
    # 92 fresh dev questions (d8, d9) measured before use: d8 unanswerables 0.964 -> 1.000, d9
    # (hard off-topic) 0.795 on the pre-round code, 0.750 after it; a rule that took d9 back to
    # 0.795 gave dev paraphrases spurious gaps and was dropped. One report run after the merges.
    # Ninth round (a paper owns a name only after a making verb, list questions held without their
    # relating verb, a name picks its paper only when no other answers better, one sentence per
    # part, named scores, release gaps): precision 0.938, key facts 0.830 (paraphrases 0.643),
    # refused or gap 0.765 -> 0.853 (not in collection 0.375 -> 0.625, off-topic 0.625 -> 0.750),
    # false refusals 1.6% -> 2.3%. The 36 fresh dev10 questions, measured before and after the
    # round, moved nothing (unanswerables 0.792 both). Two report runs: after the first merges
    # and on the final code (same figures).
    # Twelfth round (prose and table-cell fixes from the new-user and bad-input trials, overview topics
    # given the gate's sentence look): precision 0.938 -> 0.946, key facts 0.830, refused or gap 0.853,
    # false refusals 1.6% -> 2.3% (3 of 129: one summary, one related-work and one table request; the
    # table one is new, its cause not looked for on test). Two report runs, same figures.
    # Thirteenth round (a second-stage rerank of the top 5 by each abstract's best sentence, MaxP;
    # answer types for "contribute" and "what results"; "or" alternatives; papers named together):
    # precision 0.946 -> 0.960, key facts 0.830 -> 0.850 (paraphrases 0.643 -> 0.690), refused or
    # gap 0.853, false refusals 2.3%: every target met. One report run after the merges.
    # Fourteenth round (follow-ups over two papers, record questions answered from stored authors/years,
    # model sizes as parameter counts, papers named in a comparison both answered, list questions read up
    # to 10 papers): precision 0.960 -> 0.959, the rest unchanged. One report run after the merges.
    overall = answers["test"]["overall"]
    assert overall["citation_validity"] == 1.0
    assert overall["citation_precision"] >= TEST_FLOORS["citation_precision"]
    assert overall["key_fact_recall_lookup_paraphrase"] >= TEST_FLOORS["key_fact_recall_lookup_paraphrase"]
    assert overall["refused_or_gap_rate"] >= TEST_FLOORS["refused_or_gap_rate"]
    assert overall["false_refusal_rate"] <= TEST_FALSE_REFUSAL_CEILING
    assert overall["flagged_rate"] == 0.0


def test_extractive_answers_meet_thresholds_on_dev(answers: dict[str, dict]) -> None:
    # Measured 2026-11-30, dev split (217 questions: 172 of before and 45 written by a
    # fresh-context helper in the fourth round, d4-*, added before any rule was changed for
    # them): precision 0.913, key facts (all) 0.942, lookups+paraphrases 0.923, unanswerables
    # refused or gap named 0.933, false refusals 1.9%, follow-up key facts 0.958 (23/24). The
    # d4 questions alone, old code: paraphrase key facts 0.733, false refusals 6.9%. The miss, follow-07 ("And its follow-up that scales to
    # tens of modalities, how big is the largest model?" after "What does the 4M paper do?"),
    # asks about another paper (4M-21) through "its follow-up", which is not resolved.
    # Fourth round's rules on the same 217: precision 0.919, key facts 0.950, refused or gap
    # 0.967, false refusals 1.9%, follow-up key facts 0.958.
    # Fifth round: 272 questions (55 d5-* written by a fresh-context helper, measured with the
    # old code first: precision 0.906, paraphrase key facts 0.806, refused or gap 0.818, false
    # refusals 12.1%); after the round's rules (partly tuned on d5): precision 0.927, key facts
    # 0.951, refused or gap 1.000, false refusals 1.6%, follow-up key facts 0.933.
    # Sixth round: 336 questions (64 d6-* by a fresh-context helper; old code first: precision
    # 0.956, paraphrase key facts 1.000, refused or gap 0.889, false refusals 2.2%); after the
    # round: precision 0.939, key facts 0.950, refused or gap 0.990, false refusals 1.3%,
    # follow-up key facts 0.944.
    # Eighth round: 464 questions (48 d8-* and 44 hard d9-* unanswerables by fresh-context helpers,
    # measured with the old code first: d8 unanswerables 0.964, paraphrase key facts 0.850, false
    # refusals 15%; d9 0.795); after the round: precision 0.937, key facts 0.943, refused or gap
    # 0.923 (d9's off-topic questions are the misses), false refusals 2.0%, follow-ups 0.944.
    # Ninth round: 500 questions (36 dev10-* by a fresh-context helper, measured with the old code
    # first: unanswerables 0.792, paraphrase key facts 0.917, false refusals 8.3%; unchanged after
    # the round); after the round: precision 0.944, key facts 0.961, refused or gap 0.935, false
    # refusals 1.9%, follow-ups 0.944.
    # Eleventh round: 570 questions (dev11 40 and dev12 30 by fresh-context helpers; old code first:
    # dev11 paraphrase key facts 0.875, false refusals 6.2%; dev12 0.767 and 10%); after the round:
    # precision 0.950, key facts 0.959, refused or gap 0.929, false refusals 0.9%, follow-ups 0.944.
    overall = answers["dev"]["overall"]
    assert overall["citation_validity"] == 1.0
    assert overall["citation_precision"] >= DEV_FLOORS["citation_precision"]
    assert overall["key_fact_recall"] >= DEV_FLOORS["key_fact_recall"]
    assert overall["false_refusal_rate"] <= 0.03
    assert overall["refused_or_gap_rate"] >= DEV_FLOORS["refused_or_gap_rate"]
    assert overall["flagged_rate"] == 0.0
    assert answers["dev"]["by_kind"]["followup"]["key_fact_recall"] >= 0.92
