"""Schema and reference checks: a loaded document in, a typed map and located problems out.

Pydantic says *what* is wrong in its own words and at a model path; :mod:`cjm.schema_errors`
says it in a journey-mapper's words, at the file's line and column (via the loader's SourceMap),
with a hint on how to fix it. Reference integrity (every id a map mentions exists, and is of the
right kind) is checked here too, because a map with a dangling reference is not a valid map.

Every problem of a map is reported in one run, as far as the map can be read: when the schema
fails, the references are checked on the part of the map that did validate (the items with a
schema error left out), so an out-of-range emotion does not hide an unknown channel until the
next run. Messages are :class:`cjm.i18n.message.Message` (English that knows its gettext id).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from . import hints
from . import model as m
from .i18n.labels import kind_word
from .i18n.message import say
from .kinds import CONTAINERS
from .kinds import KIND_NAMES as KIND_NAMES  # re-exported: diff names elements with it
from .limits import MAX_HIERARCHY_DEPTH
from .loader import Document
from .problems import Path, Problem
from .references import Reference, hierarchy_references, references
from .schema_errors import period_problems, schema_problems, show
from .text import did_you_mean

if TYPE_CHECKING:
    from .repository import MapIndex, Repository, SharedElement

_CONTAINERS = CONTAINERS


@dataclass
class Checked:
    """A file after validation: the typed map when it is valid, and every problem found."""

    document: Document
    map: m.JourneyMap | None = None
    problems: list[Problem] = field(default_factory=list)
    library: m.Library | None = None  # the typed library, when the file is a valid library file
    # the typed map whenever the schema holds, even with dangling references: enough to publish a
    # page that is flagged with its problems (``map`` stays None then: nothing else uses it)
    readable: m.JourneyMap | None = None

    @property
    def file(self) -> str:
        return self.document.file

    @property
    def ok(self) -> bool:
        return self.map is not None and not self.problems


def validate_document(doc: Document, repo: Repository | None = None,
                      whole_repository: bool = False) -> Checked:
    """Everything ``cjm validate`` reports about one loaded file.

    ``repo`` is the repository the file belongs to (the run's
    :meth:`cjm.workspace.Workspace.repository`); without one the document stands alone (no
    libraries, no other maps: text that is no file of a repository). Its libraries resolve the map's references, its map index
    checks ``parent`` and ``detail``. The index is read only when the map has either, or when
    ``whole_repository`` asks for every repository-wide check (a folder is being validated:
    then a map id another map also has is reported too).
    """
    checked = Checked(doc, problems=list(doc.problems))
    data = doc.data
    if not isinstance(data, dict):
        return checked
    version = _version_problem(doc)
    if version is not None:
        checked.problems.append(version)
        return checked
    if repo is None:
        from .repository import Repository

        repo = Repository.alone()
    mine = os.path.abspath(doc.file)
    checked.problems.extend(p for p in repo.library_read_problems()
                            if os.path.abspath(p.file) != mine)
    if m.is_library(data):
        checked.library, problems = validate_library(doc, repo)
        checked.problems.extend(problems)
        return checked
    checked.problems.extend(period_problems(doc))
    try:
        journey = m.JourneyMap.model_validate(data)
    except ValidationError as exc:
        checked.problems.extend(schema_problems(exc, doc))
        checked.problems.extend(_partial_references(exc, doc, repo))
        return checked
    shared = repo.shared()
    if shared:
        journey.attach_shared({key: found.element for key, found in shared.items()},
                              {key: found.library for key, found in shared.items()})
    checked.readable = journey
    checked.problems.extend(check_references(journey, doc, repo))
    checked.problems.extend(check_scale_words(journey, doc, repo))
    checked.problems.extend(check_hierarchy(journey, doc, repo, whole_repository))
    if not checked.problems or all(p.code in _READABLE for p in checked.problems):
        checked.map = journey
    return checked


_READABLE = ("CJM002", "CJM016")  # a duplicate key, a period written the human way: still a map


def _partial_references(exc: ValidationError, doc: Document, repo: Repository) -> list[Problem]:
    """The reference problems of the part of a map that validates: each item with a schema error
    left out (a field that may be absent, else the whole list item), until the rest validates.
    References to a left-out item are not reported (it exists; it is only invalid)."""
    import copy

    data = copy.deepcopy(doc.data)
    dropped: set[str] = set()
    for _ in range(8):
        removed = False
        for err in exc.errors(include_url=False):
            removed |= _leave_out(data, err["loc"], err["type"], dropped)
        data = _compact(data)
        if not removed:
            return []
        try:
            journey = m.JourneyMap.model_validate(data)
        except ValidationError as again:
            exc = again
            continue
        shared = repo.shared()
        if shared:
            journey.attach_shared({key: found.element for key, found in shared.items()})
        return check_references(journey, doc, repo, unknown_ok=frozenset(dropped))
    return []


def _leave_out(data: Any, loc: tuple[Any, ...], kind: str, dropped: set[str]) -> bool:
    """Remove what ``loc`` points at from ``data``: the field when the model lets it be absent,
    else the nearest list item holding it. False when nothing could be removed."""
    parents: list[tuple[Any, Any]] = []
    cur = data
    for part in loc:
        if isinstance(cur, dict) and part in cur or isinstance(cur, list) and isinstance(part, int) \
                and 0 <= part < len(cur):
            if cur[part] is _GONE:
                return False  # inside an item an earlier error already left out
            parents.append((cur, part))
            cur = cur[part]
        else:
            break
    if parents and len(parents) == len(loc) and kind != "missing":
        holder, part = parents[-1]
        model = hints.model_at(tuple(p for _, p in parents[:-1]))
        field_info = model.model_fields.get(part) if model is not None and isinstance(part, str) else None
        if isinstance(holder, dict) and (field_info is None or not field_info.is_required()):
            del holder[part]
            return True
    for holder, part in reversed(parents):
        if isinstance(holder, list) and isinstance(part, int):
            item = holder[part]
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                dropped.add(item["id"])
            holder[part] = _GONE  # removed after this round: later errors' indexes stay right
            return True
    return False


_GONE = object()


def _compact(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _compact(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_compact(v) for v in data if v is not _GONE]
    return data


def validate_library(doc: Document, repo: Repository) -> tuple[m.Library | None, list[Problem]]:
    """A library file's own problems: its schema, ids unique within it, and ids another library
    also defines (reported on the later file, pointing at the earlier one)."""
    problems: list[Problem] = []
    version = _version_problem(doc)
    if version is not None:
        return None, [version]
    try:
        library = m.Library.model_validate(doc.data)
    except ValidationError as exc:
        return None, schema_problems(exc, doc)
    src = doc.source
    seen: dict[str, tuple[type[m.Element], Path]] = {}
    for path, element in library.elements():
        line, col = src.locate(path + ("id",))
        if element.id in seen:
            kind, first = seen[element.id]
            fl, fc = src.locate(first + ("id",))
            problems.append(Problem(
                "CJM020", say("duplicate id '%(id)s': already used by the %(kind)s at line %(line)s",
                              id=element.id, kind=kind_word(KIND_NAMES[kind]), line=str(fl)),
                doc.file, line, col, path=path + ("id",),
                hint=say("ids are one namespace across a library and the maps that use it; rename one"),
                related=((fl, fc),)))
        else:
            seen[element.id] = (type(element), path)
    mine = os.path.abspath(doc.file)
    for again, earlier in repo.clashes():
        if os.path.abspath(again.place.file) != mine or os.path.abspath(earlier.place.file) == mine:
            continue
        problems.append(Problem(
            "CJM030",
            say("id '%(id)s' is already defined by library '%(library)s': the %(kind)s defined in "
                "%(place)s", id=again.id, library=earlier.library,
                kind=kind_word(KIND_NAMES[earlier.kind]), place=str(earlier.place)),
            doc.file, again.place.line, again.place.col, path=again.path + ("id",),
            hint=say("an id means one thing across the repository; keep one definition"),
            elsewhere=(_where(earlier),)))
    return library, problems
def _version_problem(doc: Document) -> Problem | None:
    data, src = doc.data, doc.source
    if "cjm" not in data:
        return Problem(
            "CJM006",
            say("not a cjm map: the `cjm:` format version is missing"),
            doc.file,
            1,
            1,
            hint=say("add `cjm: %(version)s` at the top of the file", version=str(m.FORMAT_VERSION)),
        )
    version = data["cjm"]
    line, col = src.locate(("cjm",))
    if isinstance(version, int) and not isinstance(version, bool) and version > m.FORMAT_VERSION:
        return Problem(
            "CJM006",
            say("format version %(version)s is newer than this cjm understands (it reads version "
                "%(known)s)", version=str(version), known=str(m.FORMAT_VERSION)),
            doc.file,
            line,
            col,
            path=("cjm",),
            hint=say("upgrade cjm"),
        )
    if version != m.FORMAT_VERSION or isinstance(version, bool):
        return Problem(
            "CJM006",
            say("format version must be %(known)s, not %(value)s", known=str(m.FORMAT_VERSION),
                value=show(version, src.raw_text(("cjm",)))),
            doc.file,
            line,
            col,
            path=("cjm",),
            hint=say("write `cjm: %(version)s`", version=str(m.FORMAT_VERSION)),
        )
    return None


# ---------------------------------------------------------------------------------------------
# references


def check_scale_words(journey: m.JourneyMap, doc: Document, repo: Repository) -> list[Problem]:
    """An opportunity's ``impact`` or ``effort`` written as a word is a word of its scale: low,
    medium, high, or one the repository's scoring model declares (``[scoring.inputs.impact]``),
    so ``impact: hihg`` is still a typo caught here, as before scales took words of their own.
    Numbers off a scale are lint's (CJM701): a scale is the repository's choice."""
    from .scoring import BUILTIN_SCALES, DEFAULT_WORDS

    words = [(path, name, getattr(opp, name)) for path, _stage, opp in journey.lane_items("opportunities")
             for name in ("impact", "effort")
             if isinstance(getattr(opp, name), str) and getattr(opp, name) not in DEFAULT_WORDS]
    if not words:
        return []  # low, medium, high and numbers: no configuration to read
    from .config import ConfigError, scoring_in

    try:
        model = scoring_in(repo.config)
    except ConfigError:
        model = None  # lint reports a broken configuration
    problems: list[Problem] = []
    for path, name, value in words:
        scale = (model.inputs.get(name) if model is not None else None) or BUILTIN_SCALES.get(name)
        allowed = list(dict.fromkeys([*DEFAULT_WORDS, *(scale.words if scale else {})]))
        if value in allowed:
            continue
        line, col = doc.source.locate(path + (name,))
        guess = did_you_mean(value, allowed)
        problems.append(Problem(
            "CJM013", say("'%(value)s' is not a word of the %(name)s scale; allowed: %(allowed)s, "
                          "or a number", value=value, name=name, allowed=", ".join(allowed)),
            doc.file, line, col, path=path + (name,),
            hint=say("did you mean '%(guess)s'?", guess=guess) if guess else
            say("declare the word under [scoring.inputs.%(name)s] in .cjm.toml", name=name)))
    return problems


def check_references(journey: m.JourneyMap, doc: Document,
                     repo: Repository | None = None,
                     unknown_ok: frozenset[str] = frozenset()) -> list[Problem]:
    """Ids unique in the map and against its libraries; every reference resolved, here or there.

    ``unknown_ok``: ids of items left out of a map that did not validate (they exist, invalid),
    which references may name without a problem."""
    shared: dict[str, SharedElement] = repo.shared() if repo is not None else {}
    index, problems = _index_ids(journey, doc, shared)
    for name in m.BUILTIN_CHANNELS:
        index.setdefault(name, (m.Channel, ()))
    for ref in references(journey):
        found = index.get(ref.target)
        if found is not None and found[0] is ref.kind or ref.target in unknown_ok:
            continue  # the common case, decided before any position is looked up
        problems.extend(_unresolved(ref, found, index, shared, doc, repo))
    problems.extend(_counts_past_base(journey, doc))
    return problems


_Index = dict[str, tuple[type[m.Element], Path]]


def _index_ids(journey: m.JourneyMap, doc: Document,
               shared: dict[str, SharedElement]) -> tuple[_Index, list[Problem]]:
    """Every id of the map with its kind and path, which references are resolved against; and the
    ids used twice (CJM020) or that differ from a library's element of the same id (CJM030), found
    on the same walk."""
    problems: list[Problem] = []
    src = doc.source
    index: _Index = {}
    for path, element in journey.elements():
        ident: str = element.id  # type: ignore[attr-defined]
        if ident in index:
            first_kind, first_path = index[ident]
            fl, fc = src.locate(first_path + ("id",))
            line, col = src.locate(path + ("id",))
            problems.append(
                Problem(
                    "CJM020",
                    say("duplicate id '%(id)s': already used by the %(kind)s at line %(line)s", id=ident,
                        kind=kind_word(KIND_NAMES[first_kind]), line=str(fl)),
                    doc.file, line, col, path=path + ("id",),
                    hint=say("ids are one namespace across the whole map; rename one"),
                    related=((fl, fc),),
                )
            )
        else:
            index[ident] = (type(element), path)
        there = shared.get(ident)
        if there is not None and not (type(element) is there.kind and element == there.element):
            # an identical copy is lint's business (CJM502); a different one has diverged
            line, col = src.locate(path + ("id",))
            what = kind_word(KIND_NAMES[type(element)])
            same = type(element) is there.kind
            problems.append(Problem(
                "CJM030",
                say("id '%(id)s' is defined twice: this %(kind)s and the %(other)s of library "
                    "'%(library)s' defined in %(place)s", id=ident, kind=what,
                    other=kind_word(KIND_NAMES[there.kind]), library=there.library,
                    place=str(there.place)),
                doc.file, line, col, path=path + ("id",),
                hint=(say("remove this %(kind)s to use the library's", kind=what) if same
                      else say("an id means one thing across a map and its libraries; rename one")),
                elsewhere=(_where(there),)))
    return index, problems


def _unresolved(ref: Reference, found: tuple[type[m.Element], Path] | None, index: _Index,
                shared: dict[str, SharedElement], doc: Document,
                repo: Repository | None) -> list[Problem]:
    """What is wrong with a reference that did not resolve to an element of its kind in the map:
    unknown everywhere (CJM021), or an element of another kind here or in a library (CJM023)."""
    line, col = doc.source.locate(ref.path)
    want = kind_word(KIND_NAMES[ref.kind])
    elsewhere = shared.get(ref.target) if found is None else None
    invalid = repo.invalid_shared().get(ref.target) if repo is not None and found is None else None
    if elsewhere is None and invalid is not None:  # defined, but its definition does not validate
        return [Problem("CJM021", say("%(kind)s '%(id)s' is defined in %(place)s, but that definition "
                                      "is not valid", kind=want, id=ref.target, place=str(invalid)),
                        doc.file, line, col, path=ref.path,
                        hint=say("fix it there (cjm validate %(file)s)", file=invalid.file),
                        elsewhere=((invalid.file, invalid.line, invalid.col),))]
    if found is None and elsewhere is None:
        hint = _unknown_hint(ref, index, shared, want, repo)
        return [Problem("CJM021", say("unknown %(kind)s '%(id)s'", kind=want, id=ref.target),
                        doc.file, line, col, path=ref.path, hint=hint)]
    if found is not None and found[0] is not ref.kind:
        return [
            Problem("CJM023", say("'%(id)s' is a %(kind)s, not a %(want)s", id=ref.target,
                                  kind=kind_word(KIND_NAMES[found[0]]), want=want),
                    doc.file, line, col, path=ref.path)
        ]
    if elsewhere is not None and elsewhere.kind is not ref.kind:
        return [Problem(
            "CJM023",
            say("'%(id)s' is a %(kind)s of library '%(library)s' defined in %(place)s, not a "
                "%(want)s", id=ref.target, kind=kind_word(KIND_NAMES[elsewhere.kind]),
                library=elsewhere.library, place=str(elsewhere.place), want=want),
            doc.file, line, col, path=ref.path, elsewhere=(_where(elsewhere),))]
    return []


def _unknown_hint(ref: Reference, index: _Index, shared: dict[str, SharedElement], want: str,
                  repo: Repository | None) -> str:
    """How to fix an unknown id: the nearest id of the kind (and where a library defines it), else
    the ids there are, else that there are none; and the repository root when a library may have
    been missed because the map was read outside its repository."""
    options = sorted({k for k, (kind, _) in index.items() if kind is ref.kind}
                     | {k for k, e in shared.items() if e.kind is ref.kind})
    guess = did_you_mean(ref.target, options)
    hint: str
    if guess:
        hint = say("did you mean '%(guess)s'?", guess=guess)
        if guess in shared and guess not in index:
            hint = say("did you mean '%(guess)s', defined in %(place)s?", guess=guess,
                       place=str(shared[guess].place))
    elif options:
        shown = ", ".join(options[:8]) + (", ..." if len(options) > 8 else "")
        hint = (say("%(kind)ss in this map and its libraries: %(ids)s", kind=want, ids=shown)
                if shared else say("%(kind)ss in this map: %(ids)s", kind=want, ids=shown))
    else:
        hint = say("the map defines no %(kind)ss yet", kind=want)
    if not guess and not shared and ref.kind in (m.Persona, m.Channel, m.Metric) \
            and repo is not None and _no_library_hint(repo):
        hint = say("%(hint)s; if a library file defines it, mark the repository root with a "
                   ".cjm.toml so cjm finds the library from any folder", hint=hint)
    return hint


def _counts_past_base(journey: m.JourneyMap, doc: Document) -> list[Problem]:
    """CJM022: a completed action counted more often than the customers who could have done it."""
    problems: list[Problem] = []
    for path, _stage, done in journey.lane_items("completed_actions"):
        if done.of is not None and done.count > done.of:
            line, col = doc.source.locate(path + ("count",))
            problems.append(
                Problem("CJM022", say("count %(count)s is larger than its base of %(base)s",
                                      count=done.count, base=done.of),
                        doc.file, line, col, path=path + ("count",),
                        hint=say("`of` is how many customers could have done it; count cannot exceed it"))
            )
    return problems


def _where(element: SharedElement) -> tuple[str, int, int]:
    return (element.place.file, element.place.line, element.place.col)


def _no_library_hint(repo: Repository) -> bool:
    """Why a library persona may not be found: the map was validated outside its repository."""
    return repo.config is None and repo.scan


def check_hierarchy(journey: m.JourneyMap, doc: Document, repo: Repository,
                    whole_repository: bool = False) -> list[Problem]:
    """``parent`` and ``detail`` name maps of the repository, agree, and never loop; the map's id
    is its own across the repository. Reads the map index only when there is something to check."""
    named = list(hierarchy_references(journey))
    if not repo.scan or (not named and not whole_repository):
        return []  # a map read from no folder (a git revision, a test's text) has no index
    index = repo.maps()
    problems = _map_id_clash(journey, doc, index)
    for path, target in named:
        problems.extend(_hierarchy_link(journey, doc, repo, index, path, target))
    if journey.parent is not None and journey.parent != journey.id and index.get(journey.parent):
        problems.extend(_parent_chain(journey, doc, index, journey.parent))
    return problems


def _map_id_clash(journey: m.JourneyMap, doc: Document, index: MapIndex) -> list[Problem]:
    """CJM034: another map of the repository has this map's id."""
    mine = os.path.abspath(doc.file)
    others = [e for e in index.by_id.get(journey.id, []) if os.path.abspath(e.file) != mine]
    if not others:
        return []
    line, col = doc.source.locate(("id",))
    return [Problem(
        "CJM034", say("map id '%(id)s' is also the id of the map in %(place)s", id=journey.id,
                      place=str(others[0].place)),
        doc.file, line, col, path=("id",),
        hint=say("map ids are unique across the repository; rename one (and what points at it)"),
        elsewhere=tuple((e.place.file, e.place.line, e.place.col) for e in others))]


def _hierarchy_link(journey: m.JourneyMap, doc: Document, repo: Repository, index: MapIndex,
                    path: Path, target: str) -> list[Problem]:
    """What is wrong with one ``parent`` or ``detail``: it names its own map (CJM032, CJM033), a
    map the repository does not have (CJM031), or a detail map whose ``parent`` is another
    (CJM033)."""
    line, col = doc.source.locate(path)
    what = "parent" if path == ("parent",) else "detail"
    if target == journey.id:
        if what == "parent":
            return [Problem("CJM032", say("map '%(id)s' names itself as its parent", id=target),
                            doc.file, line, col, path=path,
                            hint=say("`parent` is the wider journey this one zooms into"))]
        return [Problem("CJM033", say("a %(kind)s cannot zoom into its own map",
                                      kind=_detail_of(path)),
                        doc.file, line, col, path=path,
                        hint=say("`detail` names the map of the sub-journey"))]
    entry = index.get(target)
    if entry is None:
        guess = did_you_mean(target, sorted(index.by_id))
        hint = (say("did you mean '%(guess)s' (%(place)s)?", guess=guess,
                    place=str(index.by_id[guess][0].place)) if guess else
                say("no map under %(root)s has `id: %(id)s`", root=shown_root(repo), id=target))
        return [Problem("CJM031", say("unknown map '%(id)s' in `%(key)s`", id=target,
                                      key=what), doc.file,
                        line, col, path=path, hint=hint)]
    if what == "detail" and entry.parent != journey.id:
        where = entry.parent_place or entry.place
        values = {"kind": _detail_of(path), "id": target, "place": str(where)}
        return [Problem(
            "CJM033",
            say("the %(kind)s zooms into map '%(id)s', which says `parent: %(parent)s` (defined "
                "in %(place)s)", **values, parent=entry.parent) if entry.parent else
            say("the %(kind)s zooms into map '%(id)s', which has no `parent` (defined in "
                "%(place)s)", **values),
            doc.file, line, col, path=path,
            hint=say("write `parent: %(id)s` in %(file)s, or point `detail` at the right map",
                     id=journey.id, file=entry.file),
            elsewhere=((where.file, where.line, where.col),))]
    return []


def _parent_chain(journey: m.JourneyMap, doc: Document, index: MapIndex,
                  parent: str) -> list[Problem]:
    """The chain of parents above the map: a circle back to it (CJM032), or deeper than a journey
    hierarchy may go (CJM035)."""
    chain, loops = index.ancestors(parent)
    if loops and journey.id in chain:
        full = [journey.id, parent] + chain[: chain.index(journey.id) + 1]
        line, col = doc.source.locate(("parent",))
        return [Problem(
            "CJM032", say("`parent` goes round in a circle: %(chain)s", chain=" -> ".join(full)),
            doc.file, line, col, path=("parent",),
            hint=say("a journey's parent is a wider journey; remove `parent` from one of these maps"))]
    if not loops and len(chain) + 1 > MAX_HIERARCHY_DEPTH:
        line, col = doc.source.locate(("parent",))
        top = chain[-1] if chain else parent
        return [Problem(
            "CJM035",
            say("`parent` puts this map %(levels)s levels below '%(top)s', more than the "
                "%(limit)s a journey hierarchy may have", levels=len(chain) + 1, top=top,
                limit=MAX_HIERARCHY_DEPTH),
            doc.file, line, col, path=("parent",),
            hint=say("point `parent` at a map nearer the top; until then boards and the site "
                     "index show this map as a top journey"))]
    return []


def _detail_of(path: Path) -> str:
    return kind_word("touchpoint" if "touchpoints" in path else "stage")


def shown_root(repo: Repository) -> str:
    from .repository import shown

    return shown(repo.root) if repo.scan else say("this folder")
