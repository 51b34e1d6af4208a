"""Breakdowns of the change by a participant attribute (country, organisation, workshop,
role, cycle…), with small groups suppressed so that no one can be recognised.

A group with fewer than ``min_group`` matched participants is suppressed: it keeps its name
and nothing else. When exactly one group of an attribute is suppressed, the next smallest is
suppressed too (complementary suppression), or the overall figures minus the shown groups
would give the hidden one back. Participants without a value form a group of their own, "".
See docs/statistics.md#groups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.scoring.statistics import _mean, _r, mean_difference_ci

SMALL = "small"
"""Suppressed: fewer than ``min_group`` participants."""
COMPLEMENT = "complement"
"""Suppressed so that a small group cannot be worked out from the totals."""


def suppressed_values(sizes: Mapping[str, int], min_group: int) -> dict[str, str]:
    """Which groups (value → size) are suppressed, and why (SMALL or COMPLEMENT)."""
    hidden = {value: SMALL for value, n in sizes.items() if n < min_group}
    if len(hidden) == 1 and len(sizes) > 1:
        shown = sorted((n, value) for value, n in sizes.items() if value not in hidden)
        hidden[shown[0][1]] = COMPLEMENT
    return hidden


def breakdown(codes: Sequence[str], pre: Sequence[float], post: Sequence[float],
              groups: Mapping[str, Mapping[str, str]], min_group: int) -> dict[str, list[dict]]:
    """For each attribute any participant has, one row per value (sorted): n, mean pre and
    post percent and the change with its interval; a suppressed row is only
    ``{"value", "suppressed"}`` with the reason. ``codes``, ``pre`` and ``post`` are the
    matched participants and their percent scores, in the same order."""
    attributes = sorted({a for code in codes for a in groups.get(code, {})})
    result = {}
    for attribute in attributes:
        members: dict[str, list[int]] = {}
        for j, code in enumerate(codes):
            members.setdefault(groups.get(code, {}).get(attribute, ""), []).append(j)
        hidden = suppressed_values({v: len(js) for v, js in members.items()}, min_group)
        rows = []
        for value in sorted(members):
            if value in hidden:
                rows.append({"value": value, "suppressed": hidden[value]})
                continue
            a = [pre[j] for j in members[value]]
            b = [post[j] for j in members[value]]
            rows.append({"value": value, "suppressed": None, "n": len(a),
                         "mean_pre": _r(_mean(a)), "mean_post": _r(_mean(b)),
                         "change": mean_difference_ci([y - x for x, y in zip(a, b,
                                                                              strict=True)])})
        result[attribute] = rows
    return result


def hidden_codes(codes: Sequence[str], groups: Mapping[str, Mapping[str, str]],
                 breakdowns: Mapping[str, list[dict]]) -> set[str]:
    """The participants in any suppressed group: their own rows are left out too."""
    hidden = {(attribute, row["value"]) for attribute, rows in breakdowns.items()
              for row in rows if row["suppressed"]}
    return {code for code in codes for attribute, value in
            ((a, groups.get(code, {}).get(a, "")) for a in breakdowns)
            if (attribute, value) in hidden}
