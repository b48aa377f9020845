"""The scoring model: named inputs on scales, and a formula over them (``[tool.cjm.scoring]``).

Why a module of its own: the configuration checks a model when it is read (a formula naming an
input nobody declared is a usage error at its line), and :mod:`cjm.facts.scores` computes with
it; neither should know the other. Nothing here knows a map: how an input is *derived* from a
map's funnel, pain points and evidence is :mod:`cjm.facts.scores`' business (docs/scoring.md).

A formula is a small arithmetic expression over input names: numbers, names, ``+ - * / **``,
parentheses and the functions ``min``, ``max`` and ``mean``. It is parsed with :mod:`ast` and
every node checked against an allow-list, then evaluated by walking that tree: never ``eval``.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

DEFAULT_WORDS: dict[str, float] = {"low": 1.0, "medium": 2.0, "high": 3.0}
"""The points ``low``, ``medium`` and ``high`` stand for on a scale that names no words of its
own: today's ``impact``/``effort`` words keep working under any model."""

DERIVABLE = ("reach", "impact", "confidence", "customer_value", "value", "ease")
"""Inputs cjm can derive from a map when an opportunity does not state them (docs/scoring.md)."""


class FormulaError(ValueError):
    """A formula that cannot be used: what is wrong and at which character (1-based)."""

    def __init__(self, message: str, col: int = 1) -> None:
        super().__init__(message)
        self.col = col


@dataclass(frozen=True)
class Scale:
    """The values an input takes: a range (either end open) and words naming points on it."""

    low: float | None = None
    high: float | None = None
    words: Mapping[str, float] = field(default_factory=dict)

    def word(self, text: str) -> float | None:
        """The number a word stands for on this scale (the default words when it has none)."""
        words = self.words or DEFAULT_WORDS
        return words.get(text)

    def allowed_words(self) -> list[str]:
        return list(self.words or DEFAULT_WORDS)

    def contains(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[float], float]] = {ast.USub: operator.neg, ast.UAdd: operator.pos}
FUNCTIONS: dict[str, Callable[..., float]] = {
    "min": min, "max": max, "mean": lambda *xs: math.fsum(xs) / len(xs),
}
MAX_EXPONENT = 10  # a literal exponent larger than this is a typo, and 10 ** 1000 an overflow
MAX_LENGTH = 500


@dataclass(frozen=True)
class Formula:
    """A checked formula: its text, the input names it uses (in order of appearance), its tree."""

    text: str
    names: tuple[str, ...]
    tree: ast.expr = field(repr=False, compare=False)
    run: Callable[[Mapping[str, float]], float] = field(repr=False, compare=False)  # compiled tree

    def __reduce__(self) -> tuple[Callable[[str], Formula], tuple[str]]:
        # closures do not pickle: a formula travels as its text and is checked again
        return parse_formula, (self.text,)

    def evaluate(self, values: Mapping[str, float]) -> float:
        """The formula's value; raises ``ZeroDivisionError`` or ``OverflowError`` (the score is
        then undefined) and ``KeyError`` for a name without a value."""
        result = self.run(values)
        if not math.isfinite(result):
            raise OverflowError("the score is too large")
        return result


def parse_formula(text: str) -> Formula:
    """Check ``text`` against the allow-list; :class:`FormulaError` says what is not allowed."""
    if not text.strip():
        raise FormulaError("the formula is empty")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"not an arithmetic expression ({exc.msg})", exc.offset or 1) from None
    names: list[str] = []
    _check(tree.body, names)
    return Formula(text.strip(), tuple(dict.fromkeys(names)), tree.body, _compile(tree.body))


def _check(node: ast.AST, names: list[str]) -> None:
    col = getattr(node, "col_offset", 0) + 1
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise FormulaError(f"only numbers are allowed, not {node.value!r}", col)
        return
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            raise FormulaError(f"'{node.id}' is a function: write {node.id}(a, b)", col)
        names.append(node.id)
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        if isinstance(node.op, ast.Pow) and not (
                isinstance(node.right, ast.Constant) and isinstance(node.right.value, int | float)
                and not isinstance(node.right.value, bool) and abs(node.right.value) <= MAX_EXPONENT):
            raise FormulaError(f"an exponent must be a number from -{MAX_EXPONENT} to {MAX_EXPONENT}",
                               getattr(node.right, "col_offset", 0) + 1)
        _check(node.left, names)
        _check(node.right, names)
        return
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        _check(node.operand, names)
        return
    if isinstance(node, ast.Call):
        func = node.func.id if isinstance(node.func, ast.Name) else None
        if func not in FUNCTIONS:
            allowed = ", ".join(FUNCTIONS)
            raise FormulaError(f"unknown function; the formula may call {allowed}", col)
        if node.keywords or not node.args or any(isinstance(a, ast.Starred) for a in node.args):
            raise FormulaError(f"{func}() takes one or more values, written a, b, ...", col)
        for arg in node.args:
            _check(arg, names)
        return
    what = {ast.Compare: "comparisons", ast.BoolOp: "and/or", ast.Attribute: "attributes",
            ast.Subscript: "indexing", ast.IfExp: "if/else", ast.Lambda: "lambda"}.get(type(node))
    op = getattr(node, "op", None)
    if op is not None:
        what = f"the operator {type(op).__name__}"
    raise FormulaError(f"{what or type(node).__name__} not allowed: use numbers, input names, "
                       "+ - * / **, parentheses, min, max and mean", col)


def _compile(node: ast.expr) -> Callable[[Mapping[str, float]], float]:
    """The checked tree as nested closures, built once per formula: a score is then a few
    function calls, not a walk of the tree asking each node its type (a repository of a thousand
    maps scores thousands of opportunities; walking cost a quarter of the scoring time)."""
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, int | float)  # _check allowed numbers only
        number = float(node.value)
        return lambda values: number
    if isinstance(node, ast.Name):
        name = node.id
        return lambda values: values[name]
    if isinstance(node, ast.BinOp):
        binary, left, right = _BINARY[type(node.op)], _compile(node.left), _compile(node.right)
        return lambda values: binary(left(values), right(values))
    if isinstance(node, ast.UnaryOp):
        unary, operand = _UNARY[type(node.op)], _compile(node.operand)
        return lambda values: unary(operand(values))
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    function, args = FUNCTIONS[node.func.id], [_compile(a) for a in node.args]
    return lambda values: float(function(*(a(values) for a in args)))


@dataclass(frozen=True)
class ScoringModel:
    """A repository's scoring model: its inputs (in the order the formula names them, then the
    other declared ones) and the formula. ``name`` is the preset's, or ``custom``."""

    name: str
    formula: Formula
    inputs: Mapping[str, Scale]
    labels: Mapping[str, str] = field(default_factory=dict)  # a custom input's display name

    @property
    def uses(self) -> tuple[str, ...]:
        return self.formula.names


_EFFORT_WORDS = {"low": 1.0, "medium": 2.0, "high": 4.0}

BUILTIN_SCALES: dict[str, Scale] = {
    # RICE's own units: reach in customers, impact 0.25 (minimal) to 3 (massive), confidence as a
    # share (50% low, 80% medium, 100% high), effort in person-months
    "reach": Scale(0, None),
    "impact": Scale(0, 3, {"minimal": 0.25, "low": 0.5, "medium": 1, "high": 2, "massive": 3}),
    "confidence": Scale(0, 1, {"assumption": 0.5, "reasoned": 0.8, "validated": 1}),
    "effort": Scale(0, None, _EFFORT_WORDS),
    "ease": Scale(1, 10, {"low": 3, "medium": 5, "high": 8}),
    "customer_value": Scale(0, 100),
    "business_value": Scale(0, 100),
    "value": Scale(0, 100),
}

PRESETS: dict[str, tuple[str, dict[str, Scale]]] = {
    "rice": ("reach * impact * confidence / effort", {
        "reach": BUILTIN_SCALES["reach"], "impact": BUILTIN_SCALES["impact"],
        "confidence": BUILTIN_SCALES["confidence"], "effort": BUILTIN_SCALES["effort"]}),
    "ice": ("impact * confidence * ease", {
        "impact": Scale(1, 10, {"low": 3, "medium": 5, "high": 8}),
        "confidence": Scale(1, 10, {"assumption": 5, "reasoned": 8, "validated": 10}),
        "ease": BUILTIN_SCALES["ease"]}),
    # TheyDo's: customer and business value 0-100%, value their mean, effort 0-5
    "value-effort": ("value / max(effort, 1)", {
        "customer_value": BUILTIN_SCALES["customer_value"],
        "business_value": BUILTIN_SCALES["business_value"],
        "value": BUILTIN_SCALES["value"],
        "effort": Scale(0, 5, {"low": 1, "medium": 3, "high": 5})}),
}
DEFAULT_PRESET = "rice"


def preset(name: str) -> ScoringModel:
    formula, inputs = PRESETS[name]
    return ScoringModel(name, parse_formula(formula), dict(inputs))


def build(preset_name: str | None, formula: str | None,
          inputs: Mapping[str, Scale], labels: Mapping[str, str] | None = None) -> ScoringModel:
    """A model from a preset (the default's when none), a formula and declared inputs; raises
    :class:`FormulaError` for a formula that is not allowed or names an undeclared input."""
    base_formula, base_inputs = PRESETS[preset_name or DEFAULT_PRESET]
    parsed = parse_formula(formula if formula is not None else base_formula)
    scales: dict[str, Scale] = {}
    for name in parsed.names:
        found = inputs.get(name) or base_inputs.get(name) or BUILTIN_SCALES.get(name)
        if found is None:
            known = sorted({*inputs, *base_inputs, *BUILTIN_SCALES})
            from .text import did_you_mean

            guess = did_you_mean(name, known)
            tip = f"did you mean '{guess}'?" if guess else f"declare it in [scoring.inputs.{name}]"
            col = parsed.text.find(name) + 1
            raise FormulaError(f"the formula names '{name}', which is no input ({tip})", max(col, 1))
        scales[name] = found
    for name, scale in {**base_inputs, **inputs}.items():
        if name not in scales and (name in inputs or formula is None):
            scales[name] = scale
    if "value" in parsed.names:  # value is the mean of customer and business value: keep them
        for name in ("customer_value", "business_value"):
            scales.setdefault(name, inputs.get(name) or BUILTIN_SCALES[name])
    if "ease" in parsed.names:
        scales.setdefault("effort", inputs.get("effort") or BUILTIN_SCALES["effort"])
    name = (preset_name or DEFAULT_PRESET) if formula is None and not inputs else "custom"
    return ScoringModel(name, parsed, scales, dict(labels or {}))


DEFAULT = preset(DEFAULT_PRESET)
