"""Bounds on what a map holds, in a module of their own: the model enforces them, and ``cjm data
import`` refuses a row past them before it imports pydantic's model (a re-import with nothing to
do never loads the model)."""

from __future__ import annotations

MAX_NUMBER = 10**15
"""The largest number a map may hold, either sign: a million billion (10^15).

Why a bound: every number in a map is a count of customers or a metric's value, and cjm computes
with them (drop-offs, changes since the previous period, how far below target, rounded half up
for people to read). Below 10^15 a float still holds every whole number exactly (it stops at
2^53, about 9 * 10^15) and a sum or difference of two values stays a number; a value of 10^20
or 10^400 is a typo or a unit mistake, and it made the report crash instead of saying so.
Validation refuses larger values with their line and column; non-finite ones (``.inf``,
``.nan``) are refused too (``allow_inf_nan=False`` on every element)."""

MAX_HIERARCHY_DEPTH = 32
"""How many ``parent`` links a map may sit below its top journey: an end-to-end journey, its
stages' sub-journeys, theirs... A real hierarchy is a handful of levels; a chain of hundreds is
generated or a mistake, and every page that shows the tree nests a list per level. Validation
reports a map past it (CJM035, at its ``parent:`` line); :mod:`cjm.hierarchy` shows it as a top
journey, and every walk of the tree is iterative, so even a deeper chain is no crash."""
