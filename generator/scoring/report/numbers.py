"""How the report writes numbers: percents whole or to one decimal, g and d to two
decimals, p-values to three with ``< 0.001`` below, signed changes with a true minus."""

from __future__ import annotations

MISSING = "–"
MINUS = "−"


def fixed(value: float | None, digits: int = 1) -> str:
    """``value`` to ``digits`` decimals (never "-0"); a dash for None."""
    if value is None:
        return MISSING
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", MINUS)


def signed(value: float | None, digits: int = 0) -> str:
    """``value`` with its sign: +34, −5, 0."""
    text = fixed(value, digits)
    return text if text in (MISSING,) or text.startswith(MINUS) or float(text) == 0 \
        else "+" + text


def p_value(value: float | None) -> str:
    """A p-value: three decimals, or ``< 0.001``."""
    if value is None:
        return MISSING
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def share(value: float | None) -> str:
    """A share (0–1) as a whole percent, without the sign."""
    return MISSING if value is None else fixed(100 * value, 0)
