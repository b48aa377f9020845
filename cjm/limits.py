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
