"""Learning-gain statistics checked against values worked out by hand.

Shared data: 5 participants, 4 items per form; A1 and A2 are anchors (on both forms).

    pre   A1 A2 P3 P4  right  %        post  A1 A2 Q3 Q4  right  %     gain
    p1     1  1  1  1    4   100       p1     1  1  1  0    3    75    -25
    p2     0  1  1  0    2    50       p2     1  1  1  0    3    75    +25
    p3     0  0  1  0    1    25       p3     1  1  1  0    3    75    +50
    p4     0  0  0  0    0     0       p4     0  0  0  0    0     0      0
    p5     1  0  1  0    2    50       p5     0  0  1  0    1    25    -25

Objectives: A1, A2 -> O1; P3, P4, Q3, Q4 -> O2.  p1 is at the ceiling on the pre-test,
p1 and p5 lose ground, nobody gets Q4 right.
"""

import json
import math

import pytest
from scipy import stats as sps

from generator.scoring.statistics import (
    ScoredForm,
    change_distribution,
    change_summary,
    class_gain_ci,
    holm,
    improvement,
    mcnemar_p,
    mean_difference_ci,
    normalized_change,
    paired_effect_size,
    retention,
    summarize_cycle,
    unit_changes,
)

approx = pytest.approx

PRE = ScoredForm(
    cycle="initial",
    occasion="pre",
    item_ids=("A1", "A2", "P3", "P4"),
    objectives=("O1", "O1", "O2", "O2"),
    scores={
        "p1": (1, 1, 1, 1),
        "p2": (0, 1, 1, 0),
        "p3": (0, 0, 1, 0),
        "p4": (0, 0, 0, 0),
        "p5": (1, 0, 1, 0),
    },
)
POST = ScoredForm(
    cycle="initial",
    occasion="post",
    item_ids=("A1", "A2", "Q3", "Q4"),
    objectives=("O1", "O1", "O2", "O2"),
    scores={
        "p1": (1, 1, 1, 0),
        "p2": (1, 1, 1, 0),
        "p3": (1, 1, 1, 0),
        "p4": (0, 0, 0, 0),
        "p5": (0, 0, 1, 0),
    },
)


@pytest.fixture(scope="module")
def summary() -> dict:
    return summarize_cycle(PRE, POST)


def _item(summary: dict, occasion: str, item_id: str) -> dict:
    return next(i for i in summary["items"] if i["occasion"] == occasion and i["id"] == item_id)


def test_result_is_json_serialisable_without_nan(summary):
    text = json.dumps(summary, allow_nan=False)
    assert json.loads(text) == summary


def test_occasion_descriptives_kr20_and_sem(summary):
    pre, post = summary["occasions"]["pre"], summary["occasions"]["post"]
    # pre %: 100 50 25 0 50 -> mean 225/5 = 45; deviations 55 5 -20 -45 5,
    # squares 3025+25+400+2025+25 = 5500; sample variance 5500/4 = 1375; SD = √1375 = 37.0810
    assert (pre["n"], pre["mean_percent"], pre["sd_percent"]) == (5, 45.0, approx(37.0810))
    # post %: 75 75 75 0 25 -> mean 250/5 = 50; deviations 25 25 25 -50 -25,
    # squares 3·625 + 2500 + 625 = 5000; variance 5000/4 = 1250; SD = √1250 = 35.3553
    assert (post["n"], post["mean_percent"], post["sd_percent"]) == (5, 50.0, approx(35.3553))

    # KR-20 pre: p = .4 .4 .8 .2 -> pq = .24 .24 .16 .16, Σpq = 0.8.
    # Raw totals 4 2 1 0 2, mean 1.8, squared deviations 4.84 .04 .64 3.24 .04 = 8.8,
    # population variance 8.8/5 = 1.76.  KR-20 = 4/3·(1 − 0.8/1.76) = 4/3·(0.96/1.76) = 8/11
    assert pre["kr20"] == approx(0.7273)
    # SEM = SD·√(1 − 8/11) = √(1375·3/11) = √375 = 19.3649
    assert pre["sem_percent"] == approx(19.3649)
    # KR-20 post: p = .6 .6 .8 0 -> Σpq = .24+.24+.16+0 = .64; totals 3 3 3 0 1, mean 2,
    # squared deviations 1 1 1 4 1 = 8, variance 8/5 = 1.6.  KR-20 = 4/3·(1 − .64/1.6) = 0.8
    assert post["kr20"] == approx(0.8)
    # SEM = √1250·√0.2 = √250 = 15.8114
    assert post["sem_percent"] == approx(15.8114)


def test_objectives_mean_and_mastery(summary):
    # pre O1 (A1,A2): 100 50 0 0 50 -> mean 40; ≥80: p1 only -> 1/5
    # pre O2 (P3,P4): 100 50 50 0 50 -> mean 50; ≥80: p1 only -> 1/5
    assert summary["occasions"]["pre"]["objectives"] == [
        {"objective": "O1", "items": 2, "mean_percent": 40.0, "mastery_share": 0.2},
        {"objective": "O2", "items": 2, "mean_percent": 50.0, "mastery_share": 0.2},
    ]
    # post O1: 100 100 100 0 0 -> mean 60, 3/5 mastered; O2 (Q3,Q4): 50 50 50 0 50 -> 40, none
    assert summary["occasions"]["post"]["objectives"] == [
        {"objective": "O1", "items": 2, "mean_percent": 60.0, "mastery_share": 0.6},
        {"objective": "O2", "items": 2, "mean_percent": 40.0, "mastery_share": 0.0},
    ]


def test_normalized_gains_and_change(summary):
    assert summary["matched"] == 5
    # Hake: (50 − 45)/(100 − 45) = 5/55 = 0.090909
    assert summary["class_normalized_gain"] == approx(0.0909)
    # g_avg, p1 (pre 100) excluded: p2 25/50 = .5, p3 50/75 = .6667, p4 0/100 = 0,
    # p5 −25/50 = −.5 -> (0.5 + 0.666667 + 0 − 0.5)/4 = 0.166667
    assert summary["mean_normalized_gain"] == approx(0.1667)
    assert summary["excluded_at_ceiling"] == 1
    # c: p1 post<pre -> −25/100 = −.25; p2 .5; p3 .6667; p4 0 = 0 = 0 dropped;
    # p5 post<pre -> −25/50 = −.5.  (−.25 + .5 + .666667 − .5)/4 = 0.104167
    assert summary["mean_normalized_change"] == approx(0.1042)
    assert summary["dropped_for_change"] == 1
    assert normalized_change(100, 100) is None
    assert normalized_change(40, 40) == 0.0


def test_paired_t_test(summary):
    # d = post − pre = −25 25 50 0 −25; mean 25/5 = 5; deviations −30 20 45 −5 −30,
    # squares 900+400+2025+25+900 = 4250, s² = 4250/4 = 1062.5.
    # t = 5/√(1062.5/5) -> t² = 25·5/1062.5 = 2/17, t = 0.342997; df = 4.
    # Student t with 4 df: two-sided p = 1 − x(3 − x²)/2, x = t/√(4 + t²) = √(1/35):
    # p = 1 − 0.169031·(3 − 0.028571)/2 = 0.748868
    assert summary["paired_t_test"] == {
        "n": 5, "mean_difference": 5.0, "t": approx(0.3430), "df": 4, "p": approx(0.7489),
    }


def test_wilcoxon_signed_rank(summary):
    # non-zero d: −25 25 50 −25 (p4's 0 dropped) -> |d| ranks: the three 25s share ranks 1–3
    # (mean 2), 50 gets 4.  W+ = 2 + 4 = 6, W− = 2 + 2 = 4; statistic = min = 4.
    # p: all 2⁴ = 16 sign patterns of ranks (2,2,2,4) give W+ ∈ {0,2,2,2,4,4,4,4,6,6,6,6,8,8,8,10};
    # every one has min(W+, W−) ≤ 4, so the exact two-sided p is 16/16 = 1.
    assert summary["wilcoxon"] == {"n": 4, "statistic": 4.0, "p": 1.0}


def test_participants(summary):
    assert [p["code"] for p in summary["participants"]] == ["p1", "p2", "p3", "p4", "p5"]
    assert summary["participants"][0] == {
        "code": "p1", "pre_percent": 100.0, "post_percent": 75.0, "gain": -25.0,
    }


def test_item_statistics(summary):
    assert [(i["occasion"], i["id"]) for i in summary["items"]] == [
        ("pre", "A1"), ("pre", "A2"), ("pre", "P3"), ("pre", "P4"),
        ("post", "A1"), ("post", "A2"), ("post", "Q3"), ("post", "Q4"),
    ]
    # pre A1: item 1 0 0 0 1 (mean .4), rest = total − item = 3 2 1 0 1 (mean 1.4).
    # item deviations .6 −.4 −.4 −.4 .6 -> Σ² = 1.2, sample SD √(1.2/4) = .5477 -> 54.77
    # rest deviations 1.6 .6 −.4 −1.4 −.4 -> Σ² = 5.2; Σ products = .96−.24+.16+.56−.24 = 1.2
    # DI = 100·1.2/√(1.2·5.2) = 100·1.2/2.497999 = 48.04
    # CovMax: item sorted 0 0 0 1 1, rest sorted 0 1 1 2 3:
    # (−.4)(−1.4)+(−.4)(−.4)+(−.4)(−.4)+(.6)(.6)+(.6)(1.6) = .56+.16+.16+.36+.96 = 2.2
    # DE = 100·1.2/2.2 = 54.55
    assert _item(summary, "pre", "A1") == {
        "id": "A1", "occasion": "pre", "objective": "O1", "n": 5, "facility": 40.0,
        "sd": approx(54.7723), "discrimination_index": approx(48.0384),
        "discriminative_efficiency": approx(54.5455), "flagged": False,
    }
    # pre P4: item 1 0 0 0 0 (mean .2), rest 3 2 1 0 2 (mean 1.6).
    # item deviations .8 −.2 −.2 −.2 −.2 -> Σ² = .8; rest deviations 1.4 .4 −.6 −1.6 .4 -> Σ² = 5.2
    # Σ products = 1.12 − .08 + .12 + .32 − .08 = 1.4; DI = 100·1.4/√(.8·5.2) = 140/2.039608
    # = 68.64.  Sorted pairing (0 0 0 0 1 vs 0 1 2 2 3) pairs the 1 with the top rest score
    # exactly as observed -> CovMax = 1.4, DE = 100
    p4 = _item(summary, "pre", "P4")
    assert (p4["facility"], p4["discrimination_index"], p4["discriminative_efficiency"]) == (
        20.0, approx(68.6406), 100.0,
    )
    # post Q3: item 1 1 1 0 1 (mean .8), rest 2 2 2 0 0 (mean 1.2).
    # item deviations .2 .2 .2 −.8 .2 -> Σ² = .8, SD √(.8/4) = .4472 -> 44.72
    # rest deviations .8 .8 .8 −1.2 −1.2 -> Σ² = 3·.64 + 2·1.44 = 4.8
    # Σ products = 3·.16 + .96 − .24 = 1.2; DI = 100·1.2/√(.8·4.8) = 100·1.2/1.959592 = 61.24
    # CovMax: item 0 1 1 1 1 vs rest 0 0 2 2 2 -> .96 − .24 + 3·.16 = 1.2 -> DE = 100
    q3 = _item(summary, "post", "Q3")
    assert (q3["facility"], q3["sd"]) == (80.0, approx(44.7214))
    assert (q3["discrimination_index"], q3["discriminative_efficiency"]) == (
        approx(61.2372), 100.0,
    )
    assert q3["flagged"] is False
    # post Q4: nobody right -> facility 0, SD 0, no variance -> DI and DE undefined, flagged
    assert _item(summary, "post", "Q4") == {
        "id": "Q4", "occasion": "post", "objective": "O2", "n": 5, "facility": 0.0, "sd": 0.0,
        "discrimination_index": None, "discriminative_efficiency": None, "flagged": True,
    }


def test_negatively_discriminating_item_is_flagged():
    # 3 participants × 2 items: X = 1 0 0, Y = 0 1 1; rest of X = Y = 0 1 1.
    # X deviations 2/3 −1/3 −1/3, rest deviations −2/3 1/3 1/3: Σ products = −4/9−1/9−1/9 = −2/3
    # Σ² X = 6/9, Σ² rest = 6/9 -> DI = 100·(−2/3)/(2/3) = −100
    # CovMax: X sorted 0 0 1, rest sorted 0 1 1 -> 2/9 − 1/9 + 2/9 = 1/3 -> DE = −200
    form = ScoredForm("initial", "pre", ("X", "Y"), ("O1", "O1"),
                      {"a": (1, 0), "b": (0, 1), "c": (0, 1)})
    result = summarize_cycle(form, None)
    x = result["items"][0]
    assert (x["discrimination_index"], x["discriminative_efficiency"]) == (-100.0, -200.0)
    assert x["flagged"] is True
    # without a post form nothing is matched and every gain statistic is undefined
    assert list(result["occasions"]) == ["pre"]
    assert (result["matched"], result["class_normalized_gain"], result["mcnemar"]) == (0, None, [])
    assert result["paired_t_test"] == {"n": 0, "mean_difference": None, "t": None, "df": None,
                                       "p": None}
    assert result["wilcoxon"] == {"n": 0, "statistic": None, "p": None}


def test_mcnemar_with_holm():
    # Shared data, anchors over p1..p5: A1 pre 1 0 0 0 1 / post 1 1 1 0 0 -> b = 1, c = 2,
    # p = 2·P(X ≤ 1 | n=3) = 2·(1+3)/8 = 1.  A2 pre 1 1 0 0 0 / post 1 1 1 0 0 -> b = 0, c = 1,
    # p = 2·(1/2) = 1.  Holm: 2·1 capped at 1, then 1.
    assert summarize_cycle(PRE, POST)["mcnemar"] == [
        {"id": "A1", "right_to_wrong": 1, "wrong_to_right": 2, "p": 1.0, "p_holm": 1.0},
        {"id": "A2", "right_to_wrong": 0, "wrong_to_right": 1, "p": 1.0, "p_holm": 1.0},
    ]
    # Dedicated data: 6 matched (m7 is on the pre-test only and ignored).
    # X: b = 0, c = 3 -> p = 2·(1/8) = 0.25.  Y: b = 1, c = 4 -> p = 2·(1+5)/32 = 0.375.
    # Holm (m = 2): X 2·0.25 = 0.5; Y max(0.5, 1·0.375) = 0.5 (monotonicity enforced).
    pre = ScoredForm("initial", "pre", ("X", "Y", "U"), ("O", "O", "O"), {
        "m1": (1, 0, 0), "m2": (0, 0, 0), "m3": (0, 0, 0), "m4": (0, 0, 0),
        "m5": (0, 1, 0), "m6": (0, 0, 0), "m7": (0, 0, 0),
    })
    post = ScoredForm("initial", "post", ("X", "Y", "V"), ("O", "O", "O"), {
        "m1": (1, 1, 1), "m2": (1, 1, 1), "m3": (1, 1, 1), "m4": (1, 1, 1),
        "m5": (0, 0, 1), "m6": (0, 0, 1),
    })
    result = summarize_cycle(pre, post)
    assert result["matched"] == 6
    assert result["mcnemar"] == [
        {"id": "X", "right_to_wrong": 0, "wrong_to_right": 3, "p": 0.25, "p_holm": 0.5},
        {"id": "Y", "right_to_wrong": 1, "wrong_to_right": 4, "p": 0.375, "p_holm": 0.5},
    ]
    assert mcnemar_p(0, 0) == 1.0
    assert mcnemar_p(2, 2) == 1.0  # 2·P(X ≤ 2 | n=4) = 2·11/16 > 1 -> capped
    # Holm on 0.01 0.04 0.03: 3·.01 = .03, 2·.03 = .06, max(.06, 1·.04) = .06
    assert holm([0.01, 0.04, 0.03]) == approx([0.03, 0.06, 0.06])


def test_post_only_participant():
    post = ScoredForm(POST.cycle, "post", POST.item_ids, POST.objectives,
                      {**POST.scores, "p6": (1, 0, 1, 0)})
    result = summarize_cycle(PRE, post)
    # post n = 6, mean (250 + 50)/6 = 50; matched and gains unchanged (p6 has no pre-test)
    assert (result["occasions"]["post"]["n"], result["occasions"]["post"]["mean_percent"]) == (
        6, 50.0,
    )
    assert result["occasions"]["pre"]["n"] == 5
    assert result["matched"] == 5
    assert result["class_normalized_gain"] == approx(0.0909)
    assert result["paired_t_test"]["n"] == 5
    assert result["participants"][-1] == {
        "code": "p6", "pre_percent": None, "post_percent": 50.0, "gain": None,
    }


def test_retention():
    # Refresher pre-test: A1, A2 and Q4 also appeared on the initial post-test.
    # p4 skipped the refresher, r9 only took the refresher -> matched p1 p2 p3 p5.
    refresher = ScoredForm("refresher", "pre", ("A1", "A2", "Q4", "R4"), ("O1", "O1", "O2", "O2"), {
        "p1": (1, 1, 1, 0),  # 75
        "p2": (1, 0, 1, 0),  # 50
        "p3": (0, 0, 1, 0),  # 25
        "p5": (0, 0, 1, 1),  # 50
        "r9": (1, 1, 1, 1),
    })
    result = retention(PRE, POST, refresher)
    # ⟨initial pre⟩ = (100+50+25+50)/4 = 56.25; ⟨initial post⟩ = (75+75+75+25)/4 = 62.5;
    # ⟨refresher pre⟩ = (75+50+25+50)/4 = 50.
    # ratio = 50/62.5 = 0.8; retained share = (50 − 56.25)/(62.5 − 56.25) = −6.25/6.25 = −1
    assert result["matched"] == 4
    assert (result["retention_ratio"], result["retained_gain_share"]) == (0.8, -1.0)
    # A1: right on initial post p1 p2 p3 (3); wrong on refresher: p3 -> 1/3
    # A2: right p1 p2 p3 (3); wrong on refresher: p2 p3 -> 2/3
    # Q4: nobody right on the initial post -> rate undefined
    assert result["items"] == [
        {"id": "A1", "right_on_initial_post": 3, "forgotten": 1, "forgetting_rate": 0.3333},
        {"id": "A2", "right_on_initial_post": 3, "forgotten": 2, "forgetting_rate": 0.6667},
        {"id": "Q4", "right_on_initial_post": 0, "forgotten": 0, "forgetting_rate": None},
    ]


def test_p_values_agree_with_scipy_reference(summary):
    # Loose cross-check of the hand-derived p-values against scipy's own tests.
    diffs = [-25, 25, 50, 0, -25]
    t_ref = sps.ttest_rel([75, 75, 75, 0, 25], [100, 50, 25, 0, 50])
    assert summary["paired_t_test"]["t"] == approx(t_ref.statistic, abs=1e-4)
    assert summary["paired_t_test"]["p"] == approx(t_ref.pvalue, abs=1e-4)
    assert math.isclose(summary["wilcoxon"]["p"], sps.wilcoxon(diffs).pvalue, abs_tol=1e-4)


def test_invalid_forms_are_rejected():
    with pytest.raises(ValueError):
        ScoredForm("initial", "mid", ("A",), ("O",), {})
    with pytest.raises(ValueError):
        ScoredForm("initial", "pre", ("A", "B"), ("O", "O"), {"x": (1, 2)})
    with pytest.raises(ValueError):
        summarize_cycle(POST, PRE)


# --- effect sizes with uncertainty -------------------------------------------------------------

# Differences post − pre of the shared data: p1 −25, p2 +25, p3 +50, p4 0, p5 −25.
DIFFS = [-25.0, 25.0, 50.0, 0.0, -25.0]


def test_mean_difference_interval_matches_scipy_and_hand():
    result = mean_difference_ci(DIFFS)
    # d̄ = 25/5 = 5; deviations −30 20 45 −5 −30, squares 900+400+2025+25+900 = 4250,
    # s_d = √(4250/4) = 32.5960; se = 32.5960/√5 = 14.5774; t_.975,4 = 2.776445;
    # half width 14.57738 · 2.776445 = 40.4733 -> (−35.4733, 45.4733)
    assert (result["n"], result["mean"], result["sd"]) == (5, 5.0, approx(32.5960))
    assert (result["low"], result["high"]) == (approx(-35.4733), approx(45.4733))
    a = [100, 50, 25, 0, 50]
    b = [x + d for x, d in zip(a, DIFFS, strict=True)]
    reference = sps.ttest_rel(b, a).confidence_interval(0.95)
    assert (result["low"], result["high"]) == (approx(reference.low, abs=1e-4),
                                               approx(reference.high, abs=1e-4))


def test_mean_difference_needs_two_participants():
    assert mean_difference_ci([12.0]) == {"n": 1, "mean": 12.0, "sd": None, "low": None,
                                          "high": None, "confidence": 0.95}


def test_effect_size_d_z_and_its_noncentral_t_interval():
    result = paired_effect_size(DIFFS)
    # d_z = 5 / 32.5960 = 0.153393
    assert result["measure"] == "d_z" and result["value"] == approx(0.1534)
    # The interval's ends are the d whose noncentral t (df 4, λ = d·√5) puts the observed
    # t = 0.153393·√5 = 0.342997 at its 97.5th and 2.5th percentile.
    t = 5 / (32.5960 / math.sqrt(5))
    assert sps.nct.cdf(t, 4, result["low"] * math.sqrt(5)) == approx(0.975, abs=2e-4)
    assert sps.nct.cdf(t, 4, result["high"] * math.sqrt(5)) == approx(0.025, abs=2e-4)
    assert result["low"] < 0 < result["value"] < result["high"]


def test_effect_size_interval_agrees_with_the_normal_approximation_for_many():
    """For large n the noncentral-t interval nears d ± 1.96·√(1/n + d²/(2n))."""
    diffs = [10.0 + 20 * math.sin(k) for k in range(400)]
    result = paired_effect_size(diffs)
    d, n = result["value"], 400
    half = 1.959964 * math.sqrt(1 / n + d * d / (2 * n))
    assert (result["low"], result["high"]) == (approx(d - half, abs=0.01),
                                               approx(d + half, abs=0.01))


def test_effect_size_is_undefined_without_spread():
    assert paired_effect_size([10.0, 10.0, 10.0])["value"] is None
    assert paired_effect_size([10.0])["low"] is None


PRE_PC = [20.0, 35.0, 40.0, 45.0, 50.0, 30.0, 60.0, 25.0, 55.0, 40.0, 35.0, 65.0]
POST_PC = [60.0, 70.0, 65.0, 80.0, 75.0, 50.0, 90.0, 55.0, 70.0, 85.0, 60.0, 95.0]


def test_class_gain_bootstrap_is_seeded_and_close_to_scipy():
    import numpy as np

    result = class_gain_ci(PRE_PC, POST_PC, seed=7, resamples=2000)
    # ⟨pre⟩ = 500/12 = 41.6667, ⟨post⟩ = 855/12 = 71.25 -> g = 29.5833/58.3333 = 0.507143
    assert result["value"] == approx(0.5071)
    assert (result["seed"], result["resamples"], result["method"]) == (
        7, 2000, "percentile bootstrap")
    assert class_gain_ci(PRE_PC, POST_PC, seed=7, resamples=2000) == result
    assert class_gain_ci(PRE_PC, POST_PC, seed=8, resamples=2000) != result

    def g(pre, post, axis=-1):
        return (post.mean(axis=axis) - pre.mean(axis=axis)) / (100 - pre.mean(axis=axis))

    reference = sps.bootstrap((np.array(PRE_PC), np.array(POST_PC)), g, paired=True,
                              vectorized=True, n_resamples=20000, method="percentile",
                              random_state=np.random.default_rng(1)).confidence_interval
    assert result["low"] == approx(reference.low, abs=0.02)
    assert result["high"] == approx(reference.high, abs=0.02)
    assert result["low"] < result["value"] < result["high"]


def test_improvement_and_distribution_of_changes():
    assert improvement(DIFFS) == {"n": 5, "improved": 2, "unchanged": 1, "declined": 2,
                                  "share": 0.4}
    # bins of 10 points from −30 (holding −25) to 50 (holding 50); 0 falls in [0, 10)
    bins = change_distribution(DIFFS)
    assert [(b["from"], b["count"]) for b in bins] == [
        (-30, 2), (-20, 0), (-10, 0), (0, 1), (10, 0), (20, 1), (30, 0), (40, 0), (50, 1)]
    assert change_distribution([]) == []


def test_change_per_unit_over_matched_participants():
    # O1 pre 100 50 0 0 50 -> 40, post 100 100 100 0 0 -> 60; O2 pre 50, post 40
    codes = ["p1", "p2", "p3", "p4", "p5"]
    assert unit_changes(PRE, POST, codes, {"O1": "O1", "O2": "O2"}) == [
        {"unit": "O1", "pre": 40.0, "post": 60.0, "change": 20.0},
        {"unit": "O2", "pre": 50.0, "post": 40.0, "change": -10.0}]
    # both objectives in one module: pre 45, post 50 (the participants' percents)
    assert unit_changes(PRE, POST, codes, {"O1": "m", "O2": "m"}) == [
        {"unit": "m", "pre": 45.0, "post": 50.0, "change": 5.0}]
    # only p2 and p3: O1 pre 50, 0 -> 25; post 100, 100 -> 100
    assert unit_changes(PRE, POST, ["p2", "p3"], {"O1": "O1"})[0]["change"] == 75.0


def test_change_summary_gathers_everything():
    result = change_summary(PRE_PC, POST_PC)
    assert result["n"] == 12 and result["mean_pre"] == approx(41.6667)
    assert result["improvement"]["share"] == 1.0
    assert result["class_gain"]["seed"] == 20261205
    json.dumps(result, allow_nan=False)


# --- groups --------------------------------------------------------------------------------------


def test_small_groups_are_suppressed_with_their_complement():
    from generator.scoring.breakdown import COMPLEMENT, SMALL, breakdown, suppressed_values

    assert suppressed_values({"A": 10, "B": 7, "C": 3}, 5) == {"C": SMALL, "B": COMPLEMENT}
    assert suppressed_values({"A": 10, "B": 3, "C": 4}, 5) == {"B": SMALL, "C": SMALL}
    assert suppressed_values({"A": 10, "B": 7}, 5) == {}
    assert suppressed_values({"A": 3}, 5) == {"A": SMALL}
    codes = [f"c{n}" for n in range(12)]
    pre = [float(10 * n) for n in range(12)]
    post = [p + 20 for p in pre]
    groups = {c: {"country": "KZ" if n < 7 else "KG", "role": "nurse"}
              for n, c in enumerate(codes)}
    groups["c11"] = {"country": "TJ"}  # no role: its own group, "", of one
    result = breakdown(codes, pre, post, groups, 5)
    kg, kz, tj = result["country"]
    assert kg == {"value": "KG", "suppressed": SMALL}  # 4 participants
    assert tj == {"value": "TJ", "suppressed": SMALL}
    assert kz["n"] == 7 and kz["mean_pre"] == 30.0 and kz["change"]["mean"] == 20.0
    assert result["role"] == [{"value": "", "suppressed": SMALL},
                              {"value": "nurse", "suppressed": COMPLEMENT}]


def test_effect_size_interval_holds_for_a_large_programme() -> None:
    """799 participants with a large effect: scipy's noncentral t gives NaN far in its tail,
    which must not stop the report; the interval agrees with the normal approximation
    SE(d_z) = √(1/n + d_z²/2n)."""
    diffs = [100 / 3] * 399 + [0.0] * 240 + [200 / 3] * 160
    result = paired_effect_size(diffs)
    d, n = result["value"], len(diffs)
    half = 1.96 * math.sqrt(1 / n + d * d / (2 * n))
    assert result["low"] == pytest.approx(d - half, abs=0.01)
    assert result["high"] == pytest.approx(d + half, abs=0.01)
