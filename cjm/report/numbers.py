"""Numbers as people read them: thousands separators, and a rate never without its base."""

from __future__ import annotations

from ..analytics import Rate

SPARKS = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}
GAP = "·"


def integer(n: int) -> str:
    return f"{n:,}"


def number(x: float) -> str:
    """``1.2``, ``45``, ``1,250.5``: no trailing ``.0``, thousands separated."""
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return text


def percent(fraction: float) -> str:
    """One decimal, or two significant digits for tiny shares (0.0076%), never a bare 0.0%."""
    p = fraction * 100
    if p == 0 or p >= 0.1:
        return f"{p:.1f}%"
    digits = 2
    text = f"{p:.{digits}g}"
    if "e" in text:
        text = f"{p:.10f}".rstrip("0")
    return f"{text}%"


def rate(r: Rate) -> str:
    """``120 of 1,000 (12.0%)``; ``120`` alone when there is no base."""
    if r.base is None:
        return f"{integer(r.count)} (no base)"
    frac = r.fraction
    share = f" ({percent(frac)})" if frac is not None else ""
    return f"{integer(r.count)} of {integer(r.base)}{share}"


def with_unit(x: float, unit: str | None) -> str:
    if not unit:
        return number(x)
    return f"{number(x)}{unit}" if unit == "%" else f"{number(x)} {unit}"


def emotion(value: float | None) -> str:
    if value is None:
        return "-"
    return number(round(value, 1))


def sparkline(values: list[float | None]) -> str:
    """One block per stage, ▁ (1, very negative) to █ (5, very positive), · for no emotion."""
    return "".join(GAP if v is None else SPARKS[max(1, min(5, int(v + 0.5)))] for v in values)


def days(n: int | None) -> str:
    if n is None:
        return "never"
    if n < 0:
        return f"in {integer(-n)} days"
    return "today" if n == 0 else f"{integer(n)} day{'s' if n != 1 else ''}"
