"""`cjm conform`: the planned journey (a map's flow) against what customers did (an event log)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n.message import say
from .base import LangOpt, OutputOpt, app, emit, fail, language_of, not_found, tell

if TYPE_CHECKING:
    from ..conform.check import Target
    from ..conform.readers import Columns
    from ..model import JourneyMap


class ConformFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class Engine(StrEnum):
    auto = "auto"
    python = "python"
    arrow = "arrow"


def load_maps(path: str) -> list[JourneyMap]:
    """The map in a file, or every map in a folder; an invalid map stops the run (exit 2)."""
    from ..api import MapError, load
    from ..files import PathNotFound, discover
    from ..workspace import Workspace

    try:
        targets = discover([path])
    except PathNotFound:
        raise fail(not_found(path)) from None
    maps = []
    workspace = Workspace()
    for t in targets:
        try:
            maps.append(load(t.path, workspace))
        except MapError as exc:
            raise fail(say("%(error)s (the map must be valid: see `cjm validate`)", error=str(exc))) from None
        except OSError as exc:
            raise fail(say("%(file)s: cannot read file: %(reason)s", file=t.path,
                           reason=str(exc.strerror or exc))) from None
    if not maps:
        raise fail(say("no map files found in %(path)s", path=path))
    return maps


# The options that say how to read an event log, shared by `cjm conform` and `cjm render --conform`
MappingOpt = Annotated[str | None, typer.Option("--mapping", metavar="FILE", help="CSV of activity,touchpoint rows: "
                                                "which touchpoint each activity stands for (before the map's `events`).")]
CaseOpt = Annotated[str | None, typer.Option("--case", help="Case column [default: case_id; XES: concept:name of the trace].", show_default=False)]
ActivityOpt = Annotated[str | None, typer.Option("--activity", help="Activity column [default: activity; XES: concept:name].", show_default=False)]
TimestampOpt = Annotated[str | None, typer.Option("--timestamp", help="Timestamp column [default: timestamp; XES: time:timestamp].", show_default=False)]
MapColumnOpt = Annotated[str | None, typer.Option("--map-column", help="Column naming each event's map id (MAP a folder) [default: map].", show_default=False)]
TimezoneOpt = Annotated[str | None, typer.Option("--timezone", metavar="ZONE", help="Zone of timestamps without an offset (IANA name) [default: UTC].", show_default=False)]
DateFormatOpt = Annotated[str | None, typer.Option("--date-format", metavar="FORMAT", help="strptime format of the timestamps, when they are not ISO 8601 or DD.MM.YYYY.", show_default=False)]
DelimiterOpt = Annotated[str | None, typer.Option("--delimiter", help="CSV delimiter [default: sniffed from , ; TAB |].", show_default=False)]
EngineOpt = Annotated[Engine, typer.Option("--engine", help="auto: columnar (pyarrow) for a CSV file when installed, else python.")]


def log_columns(log: str, case: str | None, activity: str | None, timestamp: str | None,
                map_column: str | None, timezone: str | None, date_format: str | None,
                delimiter: str | None) -> Columns:
    """How to read ``log``, from the options above; a bad zone or delimiter, or a log that is not
    there, stops the run (exit 2) before any map is read further."""
    from ..conform.readers import Columns
    from ..conform.timestamps import BadTimestamp, zone
    from ..files import require

    if timezone is not None:
        try:
            zone(timezone)
        except BadTimestamp as exc:
            raise fail(say("--timezone: %(error)s", error=str(exc))) from None
    if delimiter is not None and len(delimiter.replace("\\t", "\t")) != 1:
        raise fail(say("--delimiter must be one character (\\t for a tab)"))
    try:
        require(log)
    except Exception:
        raise fail(not_found(log)) from None
    return Columns(case, activity, timestamp, map_column, timezone, date_format,
                   delimiter.replace("\\t", "\t") if delimiter else None)


def share(value: str) -> float:
    return float(value.rstrip("%")) / 100 if value.endswith("%") else float(value)


@app.command()
def conform(
    map_path: Annotated[str, typer.Argument(metavar="MAP", help="A map file, or a folder of maps "
                                            "(the log then names each event's map in --map-column).")],
    log: Annotated[str, typer.Argument(metavar="LOG", help="Event log: CSV (any delimiter), XES "
                                       "(.xes, .xes.gz) or JSON lines (.jsonl); '-' reads stdin (CSV).")],
    format: Annotated[ConformFormat, typer.Option("--format", "-f", help="text, json or markdown (a PR comment).")] = ConformFormat.text,
    output: OutputOpt = None,
    mapping: MappingOpt = None,
    case: CaseOpt = None,
    activity: ActivityOpt = None,
    timestamp: TimestampOpt = None,
    map_column: MapColumnOpt = None,
    timezone: TimezoneOpt = None,
    date_format: DateFormatOpt = None,
    delimiter: DelimiterOpt = None,
    fail_under: Annotated[float | None, typer.Option("--fail-under", metavar="FITNESS", min=0.0, max=1.0, help="Exit 1 when the mean case fitness is below this (0 to 1).", show_default=False)] = None,
    max_failed: Annotated[str | None, typer.Option("--max-failed", metavar="SHARE", help="Exit 1 when a larger share of cases failed (0.1 or 10%).", show_default=False)] = None,
    lang: LangOpt = None,
    engine: EngineOpt = Engine.auto,
) -> None:
    """Hold the planned journey against an event log: ad hoc events, irregular moves, missing
    stages, failed cases and each case's fitness (docs/conform.md).

    Exit 0 when the log was checked (and passes --fail-under and --max-failed), 1 when a gate
    failed, 2 for usage errors, an invalid map, or a log or mapping file that cannot be read
    (the message names its file and line; nothing is written).
    """
    from ..conform.check import check, target
    from ..conform.present import Checked, as_json, markdown, text
    from ..conform.readers import LogError
    words = language_of(lang, [map_path])  # the report's, fail()'s and the gate's lines' language
    try:
        limit = share(max_failed) if max_failed is not None else None
    except ValueError:
        raise fail(say("--max-failed must be a share such as 0.1 or 10%%, not %(value)s",
                       value=repr(max_failed))) from None
    if limit is not None and not 0 <= limit <= 1:
        raise fail(say("--max-failed must be between 0 and 1 (0% and 100%)"))
    maps = load_maps(map_path)
    folder = Path(map_path).is_dir()
    columns = log_columns(log, case, activity, timestamp, (map_column or "map") if folder else None,
                          timezone, date_format, delimiter)
    try:
        targets: dict[str | None, Target] = (
            {m.id: target(m, mapping) for m in maps} if folder else {None: target(maps[0], mapping)})
        results = check(log, targets, columns, keep_cases=format is ConformFormat.json, engine=engine.value)
    except LogError as exc:
        raise fail(str(exc)) from None
    shown = "<stdin>" if log == "-" else log
    checked = [Checked(targets[k].journey, shown, c) for k, c in results.items()]
    gate, reasons = _gate(checked, fail_under, limit)
    if format is ConformFormat.json:
        emit(as_json(checked, gate), output)
    elif format is ConformFormat.markdown:
        emit(markdown(checked, words), output)
    else:
        emit(text(checked, words), output)
    for reason in reasons:
        tell(say("cjm: gate failed: %(reason)s", reason=reason))
    raise typer.Exit(1 if reasons else 0)


def _gate(checked: list[Any], fail_under: float | None, limit: float | None) -> tuple[dict[str, Any] | None, list[str]]:
    """Whether each map passes ``--fail-under`` and ``--max-failed``; a log without cases has
    nothing to judge and passes (its shares are not applicable)."""
    if fail_under is None and limit is None:
        return None, []
    reasons: list[str] = []
    for ch in checked:
        c = ch.facts
        if fail_under is not None and c.fitness is not None and c.fitness < fail_under:
            reasons.append(say("%(map)s: fitness %(fitness)s is under %(limit)s", map=ch.journey.id,
                               fitness=f"{c.fitness:.3f}", limit=str(fail_under)))
        failed = c.failed.fraction
        if limit is not None and failed is not None and failed > limit:
            reasons.append(say("%(map)s: %(failed)s of cases failed, more than %(limit)s", map=ch.journey.id,
                               failed=f"{failed:.1%}", limit=f"{limit:.1%}"))
    return {"fail_under": fail_under, "max_failed": limit, "passed": not reasons, "reasons": reasons}, reasons
