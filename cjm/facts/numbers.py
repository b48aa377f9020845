"""Rounding and shares as people do them by hand: one definition for every output."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction


def half_up(value: Fraction | float, places: int = 0) -> float:
    """Round half away from zero (2.25 → 2.3, 2.5 → 3): the rounding people do by hand.

    Python's ``round`` rounds half to even on binary floats (``round(2.25, 1) == 2.2``), which
    made the report and the diff disagree on the same stage. Any magnitude is rounded: a share of
    a target of 10^-30 is a number of 33 digits, more than decimal's default 28, so the precision
    grows with the number (it used to raise ``decimal.InvalidOperation``); an infinite or NaN
    float has nothing to round and is returned as it is.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return value
    with localcontext() as context:
        context.prec = 40
        exact = Decimal(value.numerator) / Decimal(value.denominator) \
            if isinstance(value, Fraction) else Decimal(repr(value))
        context.prec = max(40, exact.adjusted() + places + 2)
        return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))



@dataclass(frozen=True)
class Rate:
    """``count`` of ``base``: a share that cannot be shown without what it is a share of."""

    count: int
    base: int | None

    @property
    def fraction(self) -> float | None:
        return self.count / self.base if self.base else None




def difference(after: float, before: float) -> float:
    """``after - before`` as the decimals were written: 41.3 - 38.1 is 3.2, not 3.1999...

    Each value is taken as its shortest decimal (``repr``) and the difference is exact to the
    float nearest it, for any two numbers a map may hold (quantizing to nine decimals, as this
    once did, raised ``decimal.InvalidOperation`` past 10^19).
    """
    with localcontext() as context:
        context.prec = 60  # far more digits than a float holds: its nearest float comes out
        return float(Decimal(repr(after)) - Decimal(repr(before)))

