"""Learning-gain statistics of pre/post knowledge tests.

Pure functions over already-scored forms (1 = right, 0 = wrong or blank). Every definition,
including the variance conventions and when a value is None, is in docs/statistics.md.
Results are JSON-serialisable: floats rounded to DECIMALS places, None for undefined values.
"""

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from scipy import stats as sps

MASTERY_PERCENT = 80
"""An objective is mastered when its percent score is at least this."""
FLAG_EFFICIENCY = 15
"""An item is flagged when its discriminative efficiency is under this (or undefined)."""
DECIMALS = 4
OCCASIONS = ("pre", "post")


@dataclass(frozen=True)
class ScoredForm:
    """Item scores of every participant on one printed form."""

    cycle: str  # e.g. "initial", "refresher"
    occasion: str  # "pre" or "post"
    item_ids: tuple[str, ...]  # in printed order
    objectives: tuple[str, ...]  # objective id of each item, same order
    scores: Mapping[str, tuple[int, ...]]  # participant code -> 1 / 0 per item

    def __post_init__(self) -> None:
        if self.occasion not in OCCASIONS:
            raise ValueError(f"occasion must be 'pre' or 'post', not {self.occasion!r}")
        if not self.item_ids:
            raise ValueError("a form needs at least one item")
        if len(set(self.item_ids)) != len(self.item_ids):
            raise ValueError("item ids must be unique on a form")
        if len(self.objectives) != len(self.item_ids):
            raise ValueError("objectives and item_ids must have the same length")
        for code, row in self.scores.items():
            if len(row) != len(self.item_ids) or any(s not in (0, 1) for s in row):
                raise ValueError(f"participant {code!r}: expected one 0/1 score per item")


# --- small numeric helpers ---------------------------------------------------------------


def _r(value: float | None) -> float | None:
    """Round for output; None stays None and non-finite values become None."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), DECIMALS)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _dev_products(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Σ (x − x̄)(y − ȳ); with xs is ys this is the sum of squared deviations."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))


def _sample_sd(values: Sequence[float]) -> float | None:
    """Standard deviation with the n − 1 denominator; None if n < 2."""
    if len(values) < 2:
        return None
    return math.sqrt(_dev_products(values, values) / (len(values) - 1))


def _percent(row: Sequence[int]) -> float:
    return 100 * sum(row) / len(row)


def _percents(form: ScoredForm) -> dict[str, float]:
    return {code: _percent(row) for code, row in form.scores.items()}


def _column(form: ScoredForm, index: int, codes: Sequence[str]) -> list[int]:
    return [form.scores[code][index] for code in codes]


# --- one occasion --------------------------------------------------------------------------


def kr20(form: ScoredForm) -> float | None:
    """KR-20 = k/(k−1)·(1 − Σ p_i q_i / σ²), population variances; None if undefined."""
    rows = list(form.scores.values())
    n, k = len(rows), len(form.item_ids)
    if n < 2 or k < 2:
        return None
    totals = [sum(row) for row in rows]
    total_variance = _dev_products(totals, totals) / n
    if total_variance == 0:
        return None
    p = [sum(row[i] for row in rows) / n for i in range(k)]
    sum_pq = sum(pi * (1 - pi) for pi in p)
    return k / (k - 1) * (1 - sum_pq / total_variance)


def _objective_groups(form: ScoredForm) -> dict[str, list[int]]:
    """Objective id -> item indexes, objectives in order of first appearance."""
    groups: dict[str, list[int]] = {}
    for index, objective in enumerate(form.objectives):
        groups.setdefault(objective, []).append(index)
    return groups


def _objective_summary(form: ScoredForm, objective: str, indexes: list[int]) -> dict:
    rights = [sum(row[i] for i in indexes) for row in form.scores.values()]
    k = len(indexes)
    masters = sum(1 for right in rights if 100 * right >= MASTERY_PERCENT * k)
    return {
        "objective": objective,
        "items": k,
        "mean_percent": _r(_mean([100 * right / k for right in rights])),
        "mastery_share": _r(masters / len(rights)) if rights else None,
    }


def _occasion_summary(form: ScoredForm) -> dict:
    percents = list(_percents(form).values())
    sd = _sample_sd(percents)
    alpha = kr20(form)
    sem = sd * math.sqrt(1 - alpha) if sd is not None and alpha is not None else None
    return {
        "n": len(percents),
        "mean_percent": _r(_mean(percents)),
        "sd_percent": _r(sd),
        "kr20": _r(alpha),
        "sem_percent": _r(sem),
        "objectives": [
            _objective_summary(form, objective, indexes)
            for objective, indexes in _objective_groups(form).items()
        ],
    }


def _item_summary(form: ScoredForm, index: int, totals: Mapping[str, int]) -> dict:
    """Moodle-style item statistics: facility, SD, discrimination index and efficiency;
    ``totals``: each participant's total score on the form."""
    codes = list(form.scores)
    item = _column(form, index, codes)
    rest = [totals[code] - score for code, score in zip(codes, item, strict=True)]
    n = len(item)
    di = de = sd = None
    if n >= 2:
        sd = 100 * math.sqrt(_dev_products(item, item) / (n - 1))
        cov = _dev_products(item, rest)
        spread = _dev_products(item, item) * _dev_products(rest, rest)
        cov_max = _dev_products(sorted(item), sorted(rest))
        di = 100 * cov / math.sqrt(spread) if spread > 0 else None
        de = 100 * cov / cov_max if cov_max > 0 else None
    return {
        "id": form.item_ids[index],
        "occasion": form.occasion,
        "objective": form.objectives[index],
        "n": n,
        "facility": _r(100 * sum(item) / n) if n else None,
        "sd": _r(sd),
        "discrimination_index": _r(di),
        "discriminative_efficiency": _r(de),
        "flagged": de is None or de < FLAG_EFFICIENCY,
    }


# --- gains over matched participants ---------------------------------------------------------


def _matched_codes(*forms: ScoredForm) -> list[str]:
    codes = set(forms[0].scores)
    for form in forms[1:]:
        codes &= set(form.scores)
    return sorted(codes)


def _matched_percents(form: ScoredForm | None, codes: list[str]) -> list[float]:
    if form is None:
        return []
    percents = _percents(form)
    return [percents[code] for code in codes]


def _class_normalized_gain(pre: list[float], post: list[float]) -> float | None:
    """Hake: (⟨post⟩ − ⟨pre⟩)/(100 − ⟨pre⟩)."""
    if not pre:
        return None
    mean_pre, mean_post = sum(pre) / len(pre), sum(post) / len(post)
    return None if mean_pre == 100 else (mean_post - mean_pre) / (100 - mean_pre)


def _mean_normalized_gain(pre: list[float], post: list[float]) -> tuple[float | None, int]:
    """g_avg over participants with pre < 100, and the number excluded at the ceiling."""
    gains = [(b - a) / (100 - a) for a, b in zip(pre, post, strict=True) if a < 100]
    return _mean(gains), len(pre) - len(gains)


def normalized_change(pre: float, post: float) -> float | None:
    """Marx & Cummings (2007) c of one participant; None when pre = post = 0 or 100."""
    if pre == post:
        return None if pre in (0, 100) else 0.0
    return (post - pre) / (100 - pre) if post > pre else (post - pre) / pre


def _mean_normalized_change(pre: list[float], post: list[float]) -> tuple[float | None, int]:
    changes = [normalized_change(a, b) for a, b in zip(pre, post, strict=True)]
    kept = [c for c in changes if c is not None]
    return _mean(kept), len(changes) - len(kept)


def _paired_t_test(diffs: list[float]) -> dict:
    """t = d̄ / (s_d / √n), df = n − 1, two-sided p from Student's t."""
    n = len(diffs)
    mean = _mean(diffs)
    sd = _sample_sd(diffs)
    t = df = p = None
    if sd:  # None (n < 2) or 0 leave the test undefined
        t = mean / (sd / math.sqrt(n))
        df = n - 1
        p = 2 * float(sps.t.sf(abs(t), df))
    return {"n": n, "mean_difference": _r(mean), "t": _r(t), "df": df, "p": _r(p)}


def _average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks 1..n of values, ties given the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def _wilcoxon(diffs: list[float]) -> dict:
    """Signed-rank test on non-zero differences: W = min(W+, W−), p from scipy."""
    nonzero = [d for d in diffs if d != 0]
    if not nonzero:
        return {"n": 0, "statistic": None, "p": None}
    ranks = _average_ranks([abs(d) for d in nonzero])
    w_plus = sum(r for r, d in zip(ranks, nonzero, strict=True) if d > 0)
    w_minus = sum(ranks) - w_plus
    result = sps.wilcoxon(nonzero, zero_method="wilcox", alternative="two-sided")
    return {"n": len(nonzero), "statistic": _r(min(w_plus, w_minus)), "p": _r(result.pvalue)}


# --- anchor items ----------------------------------------------------------------------------


def mcnemar_p(b: int, c: int) -> float:
    """Exact two-sided McNemar p: min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, 1/2)."""
    n = b + c
    if n == 0:
        return 1.0
    tail = float(sps.binom.cdf(min(b, c), n, 0.5))  # exact, in floating point: any n
    return min(1.0, 2 * tail)


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm–Bonferroni adjusted p-values, monotone in the sorted order, capped at 1."""
    m = len(p_values)
    adjusted = [1.0] * m
    running = 0.0
    for rank, index in enumerate(sorted(range(m), key=lambda i: p_values[i])):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def _shared_items(first: ScoredForm, then: ScoredForm,
                  codes: list[str]) -> Iterator[tuple[str, list[int], list[int]]]:
    """Each item on both forms (in ``first``'s order) with its scores on each, for ``codes``."""
    for index, item_id in enumerate(first.item_ids):
        if item_id in then.item_ids:
            yield (item_id, _column(first, index, codes),
                   _column(then, then.item_ids.index(item_id), codes))


def _mcnemar(pre: ScoredForm, post: ScoredForm, codes: list[str]) -> list[dict]:
    rows = []
    for item_id, before, after in _shared_items(pre, post, codes):
        b = sum(1 for x, y in zip(before, after, strict=True) if x > y)
        c = sum(1 for x, y in zip(before, after, strict=True) if x < y)
        rows.append({"id": item_id, "right_to_wrong": b, "wrong_to_right": c,
                     "p": mcnemar_p(b, c)})
    for row, adjusted in zip(rows, holm([row["p"] for row in rows]), strict=True):
        row["p"], row["p_holm"] = _r(row["p"]), _r(adjusted)
    return rows


# --- public entry points -----------------------------------------------------------------------


def _participants(pre: ScoredForm | None, post: ScoredForm | None) -> list[dict]:
    pre_pc = _percents(pre) if pre else {}
    post_pc = _percents(post) if post else {}
    rows = []
    for code in sorted(set(pre_pc) | set(post_pc)):
        a, b = pre_pc.get(code), post_pc.get(code)
        gain = b - a if a is not None and b is not None else None
        rows.append({"code": code, "pre_percent": _r(a), "post_percent": _r(b), "gain": _r(gain)})
    return rows


def _check_pair(pre: ScoredForm | None, post: ScoredForm | None) -> None:
    if pre is not None and pre.occasion != "pre":
        raise ValueError("the pre form must have occasion 'pre'")
    if post is not None and post.occasion != "post":
        raise ValueError("the post form must have occasion 'post'")
    if pre is not None and post is not None and pre.cycle != post.cycle:
        raise ValueError(f"cycles differ: {pre.cycle!r} and {post.cycle!r}")


def summarize_cycle(pre: ScoredForm | None, post: ScoredForm | None) -> dict:
    """All statistics of one cycle; gain statistics use participants on both forms."""
    _check_pair(pre, post)
    forms = [form for form in (pre, post) if form is not None]
    codes = _matched_codes(pre, post) if pre and post else []
    pre_pc = _matched_percents(pre, codes)
    post_pc = _matched_percents(post, codes)
    diffs = [b - a for a, b in zip(pre_pc, post_pc, strict=True)]
    g_avg, at_ceiling = _mean_normalized_gain(pre_pc, post_pc)
    change, dropped = _mean_normalized_change(pre_pc, post_pc)
    return {
        "cycle": forms[0].cycle if forms else None,
        "occasions": {form.occasion: _occasion_summary(form) for form in forms},
        "matched": len(codes),
        "class_normalized_gain": _r(_class_normalized_gain(pre_pc, post_pc)),
        "mean_normalized_gain": _r(g_avg),
        "excluded_at_ceiling": at_ceiling,
        "mean_normalized_change": _r(change),
        "dropped_for_change": dropped,
        "paired_t_test": _paired_t_test(diffs),
        "wilcoxon": _wilcoxon(diffs),
        "participants": _participants(pre, post),
        "items": [_item_summary(form, i, totals) for form in forms
                  for totals in ({code: sum(row) for code, row in form.scores.items()},)
                  for i in range(len(form.item_ids))],
        "mcnemar": _mcnemar(pre, post, codes) if pre and post else [],
    }


def _forgetting(initial_post: ScoredForm, refresher_pre: ScoredForm, codes: list[str]) -> list:
    rows = []
    for item_id, before, after in _shared_items(initial_post, refresher_pre, codes):
        right = sum(before)
        forgotten = sum(1 for x, y in zip(before, after, strict=True) if x == 1 and y == 0)
        rows.append({"id": item_id, "right_on_initial_post": right, "forgotten": forgotten,
                     "forgetting_rate": _r(forgotten / right) if right else None})
    return rows


def retention(
    initial_pre: ScoredForm, initial_post: ScoredForm, refresher_pre: ScoredForm
) -> dict:
    """Retention between the initial cycle and the refresher, over participants on all three."""
    codes = _matched_codes(initial_pre, initial_post, refresher_pre)
    pre, post, refresher = (
        _mean(_matched_percents(form, codes)) for form in (initial_pre, initial_post, refresher_pre)
    )
    ratio = share = None
    if codes and post != 0:
        ratio = refresher / post
    if codes and post != pre:
        share = (refresher - pre) / (post - pre)
    return {
        "matched": len(codes),
        "initial_pre_mean_percent": _r(pre),
        "initial_post_mean_percent": _r(post),
        "refresher_pre_mean_percent": _r(refresher),
        "retention_ratio": _r(ratio),
        "retained_gain_share": _r(share),
        "items": _forgetting(initial_post, refresher_pre, codes),
    }


# --- effect sizes with uncertainty (docs/statistics.md#uncertainty) --------------------------

CONFIDENCE = 0.95
"""The level of every confidence interval the report gives."""
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20261205
"""The bootstrap's seed: the same data give the same interval; recorded in the output."""


def mean_percent(values: Sequence[float]) -> float | None:
    """The mean of percent scores, rounded for output; None for none."""
    return _r(_mean(values))


def mean_difference_ci(diffs: Sequence[float], confidence: float = CONFIDENCE) -> dict:
    """Paired mean difference d̄ with its t interval d̄ ± t_{(1+c)/2, n−1} · s_d/√n;
    low and high are None if n < 2 (equal to d̄ when every difference is the same)."""
    n, mean, sd = len(diffs), _mean(diffs), _sample_sd(diffs)
    low = high = None
    if sd is not None and mean is not None:
        half = float(sps.t.ppf((1 + confidence) / 2, n - 1)) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
    return {"n": n, "mean": _r(mean), "sd": _r(sd), "low": _r(low), "high": _r(high),
            "confidence": confidence}


def paired_effect_size(diffs: Sequence[float], confidence: float = CONFIDENCE) -> dict:
    """Cohen's d_z = d̄ / s_d, its interval from inverting the noncentral t distribution of
    t = d_z·√n (df = n − 1): the noncentrality parameters whose (1 ± c)/2 quantile is t,
    divided by √n. All None if n < 2 or s_d = 0."""
    n, mean, sd = len(diffs), _mean(diffs), _sample_sd(diffs)
    if not sd or mean is None:
        return {"measure": "d_z", "value": None, "low": None, "high": None,
                "confidence": confidence}
    d = mean / sd
    t, df, root = d * math.sqrt(n), n - 1, math.sqrt(n)
    tail = (1 - confidence) / 2
    low = _noncentrality(t, df, 1 - tail) / root
    high = _noncentrality(t, df, tail) / root
    return {"measure": "d_z", "value": _r(d), "low": _r(low), "high": _r(high),
            "confidence": confidence}


def _noncentrality(t: float, df: int, probability: float) -> float:
    """The noncentrality λ at which P(T ≤ t) = probability for T ~ t'(df, λ): P falls as λ
    rises, so the root is bracketed by widening a window around t in steps of about four
    standard errors of λ (√(1 + t²/2df)). Far in a tail scipy may return NaN for large t
    and df: there P is taken as its limit (1 below t, 0 above)."""
    from scipy.optimize import brentq

    def gap(ncp: float) -> float:
        p = float(sps.nct.cdf(t, df, ncp))
        if math.isnan(p):
            p = 1.0 if ncp < t else 0.0
        return p - probability

    step = 4 * math.sqrt(1 + t * t / (2 * df))
    low, high = t - step, t + step
    while gap(low) < 0:
        low -= step
    while gap(high) > 0:
        high += step
    return float(brentq(gap, low, high, xtol=1e-10))


def class_gain(pre: Sequence[float], post: Sequence[float]) -> float | None:
    """Hake's class normalised gain ⟨g⟩ = (⟨post⟩ − ⟨pre⟩)/(100 − ⟨pre⟩), unrounded."""
    return _class_normalized_gain(list(pre), list(post))


def class_gain_ci(pre: Sequence[float], post: Sequence[float], seed: int = BOOTSTRAP_SEED,
                  resamples: int = BOOTSTRAP_RESAMPLES,
                  confidence: float = CONFIDENCE) -> dict:
    """⟨g⟩ with a percentile bootstrap interval: ``resamples`` samples of the n participants
    drawn with replacement (numpy ``Generator(PCG64(seed))``), ⟨g⟩ of each (a sample whose
    mean pre-test is 100 has none and is left out), the (1 ± c)/2 percentiles of them."""
    import numpy as np

    g = class_gain(pre, post)
    low = high = None
    if g is not None and len(pre) >= 2:
        a, b = np.asarray(pre, dtype=float), np.asarray(post, dtype=float)
        rng = np.random.Generator(np.random.PCG64(seed))
        picks = rng.integers(0, len(a), size=(resamples, len(a)))
        mean_pre, mean_post = a[picks].mean(axis=1), b[picks].mean(axis=1)
        defined = mean_pre < 100
        gains = (mean_post[defined] - mean_pre[defined]) / (100 - mean_pre[defined])
        tail = 100 * (1 - confidence) / 2
        low, high = (float(v) for v in np.percentile(gains, [tail, 100 - tail]))
    return {"value": _r(g), "low": _r(low), "high": _r(high), "confidence": confidence,
            "method": "percentile bootstrap", "seed": seed, "resamples": resamples}


def improvement(diffs: Sequence[float]) -> dict:
    """How many participants scored higher, the same and lower on the post-test, and the
    share (0–1) who scored higher; share None if nobody is matched."""
    improved = sum(1 for d in diffs if d > 0)
    declined = sum(1 for d in diffs if d < 0)
    return {"n": len(diffs), "improved": improved, "unchanged": len(diffs) - improved - declined,
            "declined": declined, "share": _r(improved / len(diffs)) if diffs else None}


CHANGE_BIN = 10
"""Width in percentage points of the bars of the distribution of individual changes."""


def change_distribution(diffs: Sequence[float], width: int = CHANGE_BIN) -> list[dict]:
    """Counts of individual changes in bins [low, low + width) of percentage points, from
    the bin of the lowest change to that of the highest (empty bins between included); a
    change of exactly 0 falls in [0, width)."""
    if not diffs:
        return []
    first = math.floor(min(diffs) / width) * width
    last = math.floor(max(diffs) / width) * width
    bins = {low: 0 for low in range(int(first), int(last) + 1, width)}
    for d in diffs:
        bins[int(math.floor(d / width) * width)] += 1
    return [{"from": low, "to": low + width, "count": count} for low, count in bins.items()]


def unit_percents(form: ScoredForm, codes: Sequence[str],
                  unit_of: Mapping[str, str]) -> dict[str, list[float]]:
    """Per unit (a module, an objective: ``unit_of`` maps each objective id to its unit),
    each of ``codes``' percent score on the form's items of that unit, in ``codes`` order;
    units in order of first appearance on the form, objectives ``unit_of`` lacks left out."""
    indexes: dict[str, list[int]] = {}
    for index, objective in enumerate(form.objectives):
        if objective in unit_of:
            indexes.setdefault(unit_of[objective], []).append(index)
    return {unit: [100 * sum(form.scores[code][i] for i in where) / len(where)
                   for code in codes] for unit, where in indexes.items()}


def unit_changes(pre: ScoredForm, post: ScoredForm, codes: Sequence[str],
                 unit_of: Mapping[str, str]) -> list[dict]:
    """Mean pre and post percent of ``codes`` (matched participants) per unit on both forms,
    and the change in points, in the pre form's order."""
    before, after = unit_percents(pre, codes, unit_of), unit_percents(post, codes, unit_of)
    rows = []
    for unit, pre_pc in before.items():
        if unit in after and codes:
            a, b = _mean(pre_pc), _mean(after[unit])
            rows.append({"unit": unit, "pre": _r(a), "post": _r(b),
                         "change": _r(b - a) if a is not None and b is not None else None})
    return rows


def matched_percents(pre: ScoredForm, post: ScoredForm) -> tuple[list[str], list[float],
                                                                  list[float]]:
    """The codes on both forms, sorted, and their pre and post percent scores."""
    codes = _matched_codes(pre, post)
    return codes, _matched_percents(pre, codes), _matched_percents(post, codes)


def change_summary(pre: Sequence[float], post: Sequence[float],
                   seed: int = BOOTSTRAP_SEED, resamples: int = BOOTSTRAP_RESAMPLES) -> dict:
    """The change from the paired percent scores of matched participants (pre[j] and
    post[j] are one participant's): means, the mean difference and d_z with their
    intervals, ⟨g⟩ with its bootstrap interval, who improved, the distribution of changes."""
    diffs = [b - a for a, b in zip(pre, post, strict=True)]
    return {"n": len(diffs), "mean_pre": _r(_mean(pre)), "mean_post": _r(_mean(post)),
            "difference": mean_difference_ci(diffs), "effect_size": paired_effect_size(diffs),
            "class_gain": class_gain_ci(pre, post, seed, resamples),
            "improvement": improvement(diffs), "distribution": change_distribution(diffs)}
