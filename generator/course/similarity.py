"""How alike two questions are: the measure behind the leak check and found enemies.

A question is an item's stem and the text of its keyed options (a true/false item: its
statement). Its text is normalised: lower case, punctuation dropped, numbers written one
way (``1,000`` and ``1 000`` → ``1000``; ``0,5`` → ``0.5``; ``per cent`` → ``%``), and each
word cut to its first :data:`STEM_LETTERS` letters, a crude stem that lets "inject",
"injects" and "injecting" (or "женщины", "женщин") meet. Each question becomes a vector of
TF-IDF weights (rare words weigh more than words every item uses), and two questions are
*alike* when the cosine of their vectors is at least :data:`ALIKE`: 1 for the same words,
0 for no word in common.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from generator.course.model import Item, TrueFalse

ALIKE = 0.45
"""Cosine at or above which two questions count as asking the same thing."""
STEM_LETTERS = 6

_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d+)*")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[,\u00a0 ]\d{3})+$")
_PER_CENT = re.compile(r"\s*(?:%|per ?cent|por ciento|процент\w*)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:\.\d+)?%?")


def question_text(item: Item) -> str:
    """The stem and the keyed options: what an item asks and what it counts as right."""
    if isinstance(item, TrueFalse):
        return item.stem
    return " ".join([item.stem, *(c.text for c in item.choices() if c.correct)])


def words(text: str) -> list[str]:
    """``text`` as normalised, stemmed words (see the module's docstring)."""
    text = _PER_CENT.sub("%", text.casefold())
    text = _NUMBER.sub(_one_way, text)
    return [w if w[0].isdigit() else w[:STEM_LETTERS] for w in _WORD.findall(text)
            if len(w) > 1 or w.isdigit()]


def _one_way(match: re.Match[str]) -> str:
    number = match.group(0)
    if _THOUSANDS.match(number):
        return re.sub(r"[,\u00a0 ]", "", number)
    return number.replace(",", ".").replace("\u00a0", " ")


def alike_pairs(left: Sequence[str], right: Sequence[str],
                threshold: float = ALIKE) -> list[tuple[int, int, float]]:
    """``(i, j, cosine)`` for every ``left[i]`` and ``right[j]`` at least ``threshold``
    alike, weights taken over both lists; ``i == j`` is skipped when both are the same list."""
    same = left is right
    documents = [Counter(words(t)) for t in (left if same else [*left, *right])]
    frequency = Counter(w for d in documents for w in d)
    total = len(documents)
    vectors = [_unit({w: (1 + math.log(n)) * math.log((1 + total) / (1 + frequency[w])) + 1e-9
                      for w, n in d.items()}) for d in documents]
    matrix = _matrix(vectors)
    ours, theirs = matrix[:len(left)], matrix if same else matrix[len(left):]
    scores = (ours @ theirs.T).tocoo()
    keep = scores.data >= threshold - 1e-9
    if same:
        keep &= scores.col > scores.row
    return sorted((int(i), int(j), float(s)) for i, j, s in
                  zip(scores.row[keep], scores.col[keep], scores.data[keep], strict=True))


def _matrix(vectors: list[dict[str, float]]):  # noqa: ANN202 - scipy.sparse.csr_matrix
    from scipy.sparse import csr_matrix  # only where items are compared

    columns: dict[str, int] = {}
    rows, cols, data = [], [], []
    for row, vector in enumerate(vectors):
        for w, weight in vector.items():
            rows.append(row)
            cols.append(columns.setdefault(w, len(columns)))
            data.append(weight)
    return csr_matrix((data, (rows, cols)), shape=(len(vectors), max(len(columns), 1)))


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {w: v / norm for w, v in vector.items()}
