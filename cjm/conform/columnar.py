"""The columnar engine: a CSV log checked with pyarrow and numpy, every case at once.

Why: a pure-Python checker spends most of its time per event in the interpreter (about 13x
the time the csv module takes just to read the file); here the file is read by Arrow's
multi-threaded CSV reader, timestamps are parsed by Arrow's ISO 8601 parser, and each rule is
a table lookup over whole columns. The tables are :class:`cjm.facts.conformance.Rules`' own
(``allowed``, ``kind``, ``unavoidable``, ``ends``): this module applies them, it defines
nothing, so it gives the python engine's numbers (tests/conform hold the two together).

What it cannot read exactly as the python engine does raises :class:`Unsupported`, and the
python engine takes the log (and names the line of any error).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..facts.conformance import START, MoveKind, Tally, Transition, check_case
from .readers import (
    DEFAULT_ACTIVITY,
    DEFAULT_CASE,
    DEFAULT_TIMESTAMP,
    Columns,
    LogError,
    csv_header,
    open_binary,
    pick,
)
from .timestamps import BadTimestamp, parse, zone

MAX_STAGES = 63  # the stages of a case fit one 64-bit mask
KINDS = list(MoveKind)


class Unsupported(Exception):
    """This log is left to the python engine."""


def _instants(column: Any, columns: Columns) -> Any:
    """The timestamp column as int64 microseconds since the epoch UTC."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if columns.date_format is not None:
        raise Unsupported
    try:
        return pc.cast(column, pa.timestamp("us", tz="UTC")).cast(pa.int64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    try:  # no offsets at all: local times in the --timezone zone (UTC by default)
        naive = pc.cast(column, pa.timestamp("us"))
        if columns.timezone and zone(columns.timezone) is not zone(None):
            naive = pc.assume_timezone(naive, columns.timezone, ambiguous="earliest", nonexistent="earliest")
        return naive.cast(pa.int64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, BadTimestamp):
        pass
    try:  # mixed or unusual forms: each text as the python engine reads it
        return np.fromiter((parse(s, columns.timezone) for s in column.to_pylist()), dtype=np.int64,
                           count=len(column))
    except (BadTimestamp, TypeError, AttributeError):
        raise Unsupported from None


def check_arrow(path: str, t: Any, columns: Columns, keep_cases: bool = False) -> Tally:
    """The :class:`Tally` of a CSV log against one map (``t``: a :class:`cjm.conform.check.Target`)."""
    try:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pcsv
    except ImportError:
        raise Unsupported from None
    rules = t.rules
    if len(rules.stage_ids) > MAX_STAGES:
        raise Unsupported
    with open_binary(path) as fh:
        try:
            _text, delimiter, header = csv_header(path, fh, columns)
        except LogError:
            raise Unsupported from None
    if not header:
        raise Unsupported
    try:
        names = [pick(header, columns.case, DEFAULT_CASE, "case", "--case", path),
                 pick(header, columns.activity, DEFAULT_ACTIVITY, "activity", "--activity", path),
                 pick(header, columns.timestamp, DEFAULT_TIMESTAMP, "timestamp", "--timestamp", path)]
    except LogError:
        raise Unsupported from None
    try:
        table = pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(encoding="utf8"),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                            ignore_empty_lines=True),
            convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                include_columns=names, strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError):
        raise Unsupported from None
    cases_col, acts_col, times_col = (table.column(n) for n in names)
    if table.num_rows == 0:
        return Tally(results=[] if keep_cases else None)
    if pc.any(pc.equal(cases_col, "")).as_py():
        raise Unsupported
    instant = _instants(times_col, columns)
    case_enc = pc.dictionary_encode(cases_col).combine_chunks()
    act_enc = pc.dictionary_encode(acts_col).combine_chunks()
    case = case_enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    act = act_enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    case_names: list[str] = case_enc.dictionary.to_pylist()
    act_names: list[str] = act_enc.dictionary.to_pylist()
    lut = np.array([t.activities.get(a, -1) for a in act_names], dtype=np.int64)
    order = np.lexsort((instant, case))  # stable: equal instants keep file order
    c, a = case[order], act[order]
    tp = lut[a]
    if keep_cases:
        return _by_case(rules, c, tp, a, case_names, act_names)
    return _tally(rules, c, tp, a, case_names, act_names)


def _by_case(rules: Any, c: Any, tp: Any, a: Any, case_names: list[str], act_names: list[str]) -> Tally:
    """Every case through :func:`check_case` (each case's result is wanted: JSON)."""
    import numpy as np

    tally = Tally(results=[])
    bounds = np.flatnonzero(np.diff(c)) + 1
    starts = [0, *bounds.tolist()]
    ends = [*bounds.tolist(), len(c)]
    tps, acts, cs = tp.tolist(), a.tolist(), c.tolist()
    for lo, hi in zip(starts, ends, strict=True):
        steps: list[int | str] = [x if x >= 0 else act_names[acts[i]] for i, x in enumerate(tps[lo:hi], lo)]
        tally.add(check_case(rules, case_names[cs[lo]], steps), rules)
    return tally


def _distinct(values: Any) -> Any:
    """The distinct values of an int64 array, by sorting (numpy's hash-based ``unique`` is
    several times slower on a million values)."""
    import numpy as np

    if not len(values):
        return values
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


SEEN_CELLS = 64_000_000  # a case x key table up to this size (bytes) is faster than sorting


def _cases_per(case: Any, key: Any, width: int, cases: int) -> Any:
    """How many distinct cases each key (0 ... width-1) occurs in."""
    import numpy as np

    if cases * width <= SEEN_CELLS:
        seen = np.zeros(cases * width, dtype=bool)
        seen[case * width + key] = True
        return seen.reshape(cases, width).sum(axis=0)
    return np.bincount(_distinct(case * width + key) % width, minlength=width)


def _tally(rules: Any, c: Any, tp: Any, a: Any, case_names: list[str], act_names: list[str]) -> Tally:
    """The tally of every case at once: each rule a lookup in a table made from ``rules``.

    ``c``, ``tp``, ``a``: each event's case, touchpoint (-1: an activity the map does not have)
    and activity, cases in order. Each step below fills its part of the tally from the events on
    the map and the touchpoint before each (``prev``, START's row at a case's first)."""
    import numpy as np

    k = len(case_names)
    n_tp = len(rules.touchpoints)
    tally = Tally()
    tally.cases = k
    events = np.bincount(c, minlength=k)
    tally.events = int(events.sum())
    adhoc_mask = tp < 0
    adhoc = _tally_ad_hoc(tally, c[adhoc_mask], a[adhoc_mask], act_names, k)
    keep = ~adhoc_mask
    pc_, pt = c[keep], tp[keep]
    first = np.ones(len(pt), dtype=bool)
    first[1:] = pc_[1:] != pc_[:-1]
    prev = np.empty(len(pt), dtype=np.int64)
    prev[1:] = pt[:-1]
    prev[first] = n_tp  # START's row in the tables
    moves, allowed, irregular = _tally_moves(tally, rules, pc_, pt, prev, k)
    missing_bits = _tally_transitions(tally, rules, pc_, pt, prev, k)
    missing, last = _tally_stages(tally, rules, pc_, pt, first, missing_bits, k)
    _tally_touchpoints(tally, rules, pc_, pt, k)
    failed = _tally_ends(tally, rules, last)
    conforming = (adhoc == 0) & (irregular == 0) & (missing == 0) & ~failed
    tally.conforming = int(conforming.sum())
    tally.fitness_values = (allowed / (moves + adhoc)).tolist()
    return tally


def _tally_ad_hoc(tally: Tally, cases: Any, acts: Any, act_names: list[str], k: int) -> Any:
    """The events of activities the map has no touchpoint for: how many, in how many cases, and
    per activity; returns each case's count of them."""
    import numpy as np

    adhoc = np.bincount(cases, minlength=k)
    tally.ad_hoc_events = int(adhoc.sum())
    tally.with_ad_hoc = int((adhoc > 0).sum())
    if tally.ad_hoc_events:
        per_act = np.bincount(acts, minlength=len(act_names))
        per_act_cases = _cases_per(cases, acts, len(act_names), k)
        for i in np.flatnonzero(per_act).tolist():
            tally.ad_hoc_activities[act_names[i]] = int(per_act[i])
            tally.ad_hoc_cases[act_names[i]] = int(per_act_cases[i])
    return adhoc


def _tally_moves(tally: Tally, rules: Any, pc_: Any, pt: Any, prev: Any,
                 k: int) -> tuple[Any, Any, Any]:
    """Each move checked against the flow (a table of allowed from -> to, START a row of its
    own): returns each case's moves, allowed moves and irregular ones."""
    import numpy as np

    n_tp = len(rules.touchpoints)
    moves = np.bincount(pc_, minlength=k)
    allowed_table = np.zeros((n_tp + 1, max(n_tp, 1)), dtype=bool)
    for src in range(-1, n_tp):
        row = n_tp if src == START else src
        for dst in (rules.starts if src == START else rules.successors[src]):
            allowed_table[row, dst] = True
    ok = allowed_table[prev, pt]
    allowed = np.bincount(pc_[ok], minlength=k)
    tally.moves = int(moves.sum())
    tally.allowed = int(allowed.sum())
    bad = ~ok
    irregular = np.bincount(pc_[bad], minlength=k)
    tally.with_irregular = int((irregular > 0).sum())
    return moves, allowed, irregular


def _tally_transitions(tally: Tally, rules: Any, pc_: Any, pt: Any, prev: Any, k: int) -> Any:
    """Every (from, to) pair seen, with its events and cases, and the kind of each move the flow
    does not allow; returns per event the stages its move skipped without a way round (a mask)."""
    import numpy as np

    n_tp = len(rules.touchpoints)
    # transitions: (from, to) with START as row n_tp
    pair = prev * n_tp + pt
    width = (n_tp + 1) * max(n_tp, 1)
    counts = np.bincount(pair, minlength=width)
    pair_cases = _cases_per(pc_, pair, width, k)
    unavoidable = np.zeros(width, dtype=np.uint64)
    for p in np.flatnonzero(counts).tolist():
        src, dst = divmod(p, n_tp)
        s = START if src == n_tp else src
        key = (None if s == START else rules.touchpoints[s], rules.touchpoints[dst])
        tally.transitions[key] = Transition(int(counts[p]), int(pair_cases[p]))
        if not rules.allowed(s, dst):
            tally.kinds[rules.kind(s, dst).value] += int(counts[p])
            mask = sum(1 << st for st in rules.unavoidable(s, dst))
            unavoidable[p] = np.uint64(mask)
    return unavoidable[pair]


def _tally_stages(tally: Tally, rules: Any, pc_: Any, pt: Any, first: Any, missing_bits: Any,
                  k: int) -> tuple[Any, Any]:
    """The stages each case visited and the ones it skipped (never visited later either), as
    64-bit masks per case; returns the skipped masks and each case's last touchpoint (-1: none)."""
    import numpy as np

    stage_bit = np.array([1 << s for s in rules.stage_of], dtype=np.uint64)
    visited = np.zeros(k, dtype=np.uint64)
    missing = np.zeros(k, dtype=np.uint64)
    last = np.full(k, -1, dtype=np.int64)
    if len(pt):
        starts = np.flatnonzero(first)
        present = pc_[starts]
        visited[present] = np.bitwise_or.reduceat(stage_bit[pt], starts)
        missing[present] = np.bitwise_or.reduceat(missing_bits, starts)
        ends_idx = np.append(starts[1:], len(pt)) - 1
        last[present] = pt[ends_idx]
    missing &= ~visited
    for s, sid in enumerate(rules.stage_ids):
        bit = np.uint64(1 << s)
        seen = int(((visited & bit) != 0).sum())
        if seen:
            tally.stage_cases[sid] = seen
        gone = int(((missing & bit) != 0).sum())
        if gone:
            tally.stage_missing[sid] = gone
    tally.with_missing = int((missing != 0).sum())
    return missing, last


def _tally_touchpoints(tally: Tally, rules: Any, pc_: Any, pt: Any, k: int) -> None:
    """Each touchpoint's events and the cases it occurs in."""
    import numpy as np

    n_tp = len(rules.touchpoints)
    tp_events = np.bincount(pt, minlength=n_tp)
    tp_cases = _cases_per(pc_, pt, n_tp, k) if len(pt) else tp_events
    for i, tid in enumerate(rules.touchpoints):
        if tp_events[i]:
            tally.touchpoint_events[tid] = int(tp_events[i])
            tally.touchpoint_cases[tid] = int(tp_cases[i])


def _tally_ends(tally: Tally, rules: Any, last: Any) -> Any:
    """The cases that stopped where the journey cannot end, and where they stopped; returns
    which cases failed."""
    import numpy as np

    n_tp = len(rules.touchpoints)
    can_end = np.zeros(n_tp + 1, dtype=bool)  # the last slot: no touchpoint (-1)
    for e in rules.ends:
        can_end[e] = True
    failed = ~can_end[last]
    tally.failed = int(failed.sum())
    stopped = Counter(last[failed].tolist())
    for where, count in stopped.items():
        tally.stopped[None if where < 0 else rules.touchpoints[where]] = count
    return failed
