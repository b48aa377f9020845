"""Numbers as people read them, written one way by every output.

Why one module: the board once showed "94%" where the report said "94.4%" for the same step. Every
output (board, Markdown, report, diff, graph) formats a number, a share or an emotion here, and
a share always travels with its base (:func:`rate`), so no output can show "67%" without "2 of 3".
"""

from __future__ import annotations

from ..facts import Rate, half_up

DASH = "–"


def integer(n: int) -> str:
    """``2,300,000``."""
    return f"{n:,}"


def number(x: float | int | None) -> str:
    """``1.2``, ``45``, ``1,250.5``: no trailing ``.0``, thousands separated, at most 4 decimals."""
    if x is None:
        return DASH
    if isinstance(x, float) and not x.is_integer():
        text = f"{half_up(x, 4):,.4f}".rstrip("0").rstrip(".")
        return text
    if abs(x) >= 1e15:
        return f"{x:,.0f}"
    return f"{int(x):,}"


def percent(fraction: float | None) -> str:
    """One decimal, half up (``94.4%``); two significant digits for tiny shares (``0.0076%``)."""
    if fraction is None:
        return DASH
    p = fraction * 100
    if p == 0 or abs(p) >= 0.1:
        return f"{half_up(p, 1):.1f}%"
    text = f"{p:.2g}"
    if "e" in text:
        text = f"{p:.10f}".rstrip("0")
    return f"{text}%"


def rate(r: Rate) -> str:
    """``120 of 1,000 (12.0%)``; ``120 (no base)`` when there is none."""
    if r.base is None:
        return f"{integer(r.count)} (no base)"
    frac = r.fraction
    share = f" ({percent(frac)})" if frac is not None else ""
    return f"{integer(r.count)} of {integer(r.base)}{share}"


def with_unit(x: float | None, unit: str | None) -> str:
    """``12%``, ``4.5 min``: a percent sign sticks to the number, other units get a space."""
    if x is None or not unit:
        return number(x)
    return f"{number(x)}{unit}" if unit == "%" else f"{number(x)} {unit}"


def emotion(value: float | None) -> str:
    """A stage's point on the curve: ``2.7``, ``4``; a dash when not rated."""
    if value is None:
        return DASH
    return number(half_up(value, 1))


SPARKS = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}
GAP = "·"


def sparkline(values: list[float | None]) -> str:
    """One block per stage, ▁ (1, very negative) to █ (5, very positive), · for no emotion."""
    return "".join(GAP if v is None else SPARKS[max(1, min(5, int(half_up(v))))] for v in values)


def days(n: int | None) -> str:
    """``12 days``, ``today``, ``in 3 days``; ``never`` without a date."""
    if n is None:
        return "never"
    if n < 0:
        return f"in {integer(-n)} days"
    return "today" if n == 0 else f"{integer(n)} day{'s' if n != 1 else ''}"
