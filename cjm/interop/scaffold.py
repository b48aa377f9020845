"""``cjm init``: a new map that validates today and shows what to fill in.

The file is written as text, not dumped from a model, because its value is in the comments: the
schema modeline for editor completion, and a commented example of every lane under the first stage
so a new user sees the whole format without opening the docs. What is live (not commented) is
complete enough that `cjm validate` passes and `cjm lint` finds nothing but "fill this in" infos:
every stage has a touchpoint with a channel, the persona is defined and named, `reviewed` is set.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import dataclass

import yaml

from ..i18n import ENGLISH, Language
from ..i18n.labels import N_
from ..i18n.lists import join
from ..idgen import Ids
from ..text import slug

SCHEMA_FILE = os.path.join("schema", "cjm.schema.json")
"""Where a repository keeps the schema editors read (``cjm schema -o schema/cjm.schema.json``,
``make schema``), relative to its root."""


@dataclass(frozen=True)
class StageSeed:
    name: str
    goal: str
    touchpoint: str
    channel: str


@dataclass(frozen=True)
class Preset:
    persona: str
    stages: tuple[StageSeed, ...]
    tag: str | None


PRESETS: dict[str, Preset] = {
    "ecommerce": Preset(
        N_("Online shopper"),
        (
            StageSeed(N_("Awareness"), N_("Get ideas and find products worth a look"), N_("Social media ad"), "social"),
            StageSeed(N_("Consideration"), N_("Be sure the product is right and the store reliable"), N_("Product page with reviews"), "web"),
            StageSeed(N_("Purchase"), N_("Pay quickly and safely"), N_("Cart and checkout"), "web"),
            StageSeed(N_("Delivery"), N_("Get the order on time, and know when it comes"), N_("Courier delivery with tracking"), "partner"),
            StageSeed(N_("Loyalty"), N_("Come back when something else is needed"), N_("Post-purchase email"), "email"),
        ),
        "e-commerce",
    ),
    "saas": Preset(
        N_("Trial user"),
        (
            StageSeed(N_("Discovery"), N_("Find a tool that solves the problem"), N_("Search result for the problem"), "search"),
            StageSeed(N_("Sign-up"), N_("Start a trial without friction"), N_("Sign-up form"), "web"),
            StageSeed(N_("Onboarding"), N_("Reach the first useful result"), N_("In-app setup checklist"), "web"),
            StageSeed(N_("Adoption"), N_("Make the tool part of the team's routine"), N_("Weekly usage summary email"), "email"),
            StageSeed(N_("Renewal"), N_("Decide whether it is worth paying for another year"), N_("Renewal call with the account manager"), "phone"),
        ),
        "saas",
    ),
    "service": Preset(
        N_("Customer"),
        (
            StageSeed(N_("Need"), N_("Realise a problem needs a professional"), N_("Recommendation from a friend"), "word_of_mouth"),
            StageSeed(N_("Research"), N_("Compare providers, prices and availability"), N_("Provider website"), "web"),
            StageSeed(N_("Booking"), N_("Get an appointment that fits"), N_("Booking phone call"), "phone"),
            StageSeed(N_("Service"), N_("Have the job done well, on time"), N_("Visit at the service point"), "store"),
            StageSeed(N_("Follow-up"), N_("Know what to do next and whom to call"), N_("Follow-up email with the invoice"), "email"),
        ),
        "service",
    ),
    "blank": Preset(
        N_("Customer"),
        (
            StageSeed(N_("Before"), "", "", "web"),
            StageSeed(N_("During"), "", "", "web"),
            StageSeed(N_("After"), "", "", "web"),
        ),
        None,
    ),
}


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    if text and text == text.strip() and "\n" not in text:
        try:
            if yaml.safe_load(text) == text and not text.startswith(("'", '"', "-", "?", "!", "&", "*", "%", "@", "`", "|", ">", "[", "{")):
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted one


def schema_file(target: str, root: str | None = None) -> str:
    """The schema file the new map's modeline points at: the nearest ``schema/cjm.schema.json``
    above ``target``, else the one to write under ``root`` (the repository's root)."""
    folder = os.path.dirname(os.path.abspath(target))
    probe = folder
    while True:
        candidate = os.path.join(probe, SCHEMA_FILE)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(probe)
        if parent == probe:
            return os.path.join(os.path.abspath(root or folder), SCHEMA_FILE)
        probe = parent


def schema_ref(target: str, root: str | None = None) -> str:
    """The modeline's path to :func:`schema_file`, relative to the map's folder (editors resolve
    it from there; a URL would need a site nobody runs)."""
    folder = os.path.dirname(os.path.abspath(target))
    return os.path.relpath(schema_file(target, root), folder).replace(os.sep, "/")


def quoted(text: str) -> str:
    """``text`` double-quoted (a placeholder starting ``TODO:`` is not a plain YAML scalar)."""
    return json.dumps(text, ensure_ascii=False)


def title_from_file(path: str, lang: Language = ENGLISH) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    words = stem.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else lang.gettext("New journey")


def _lane_examples(first_tp: str, indent: str, lang: Language = ENGLISH) -> list[str]:
    """Every lane but touchpoints, commented out: the format at a glance, ready to uncomment.
    Keys and allowed values stay as the format writes them; the names and notes are in ``lang``."""
    _ = lang.gettext

    def either(*values: str) -> str:
        return join(values, lang, "or")

    w = {
        "mot_note": _("where the customer decides to trust, buy or stay"),
        "mot_name": scalar(_("First impression")),
        "pain_name": scalar(_("What goes wrong for the customer here")),
        "evidence": scalar(_("How we know (interviews, analytics, support tickets)")),
        "op_name": scalar(_("What we could do about it")),
        "addresses_note": _("pain points it addresses"),
        "owner": scalar(_("Team that owns it")),
        "da_note": _("what the business wants the customer to do here"),
        "da_name": scalar(_("Click through to the site")),
        "ca_note": _("the funnel: how many did it, of how many who could have"),
        "metric_name": scalar(_("Click-through rate")),
        "direction_note": _("or %(value)s") % {"value": "lower_is_better"},
    }
    body = f"""\
# moments_of_truth:            # {w['mot_note']}
#   - id: mot-first-impression
#     name: {w['mot_name']}
#     kind: zero               # {either("zero", "first", "second", "ultimate")}
#     touchpoint: {first_tp}
# pain_points:
#   - id: pp-example
#     name: {w['pain_name']}
#     touchpoints: [{first_tp}]
#     severity: high           # {either("low", "medium", "high", "critical")}
#     evidence: {w['evidence']}
# opportunities:
#   - id: op-example
#     name: {w['op_name']}
#     addresses: [pp-example]  # {w['addresses_note']}
#     owner: {w['owner']}
#     status: idea             # {either("idea", "planned", "in_progress", "done")}
#     impact: high             # {either("low", "medium", "high")}
#     effort: medium           # {either("low", "medium", "high")}
# desired_actions:             # {w['da_note']}
#   - id: da-example
#     name: {w['da_name']}
#     metric: m-example
# completed_actions:           # {w['ca_note']}
#   - id: ca-example
#     fulfils: da-example
#     count: 480
#     of: 12000
#     period: 2026-Q3
# metrics:
#   - id: m-example
#     name: {w['metric_name']}
#     unit: "%"
#     target: 4
#     actual: 3.2
#     direction: higher_is_better   # {w['direction_note']}"""
    return [indent + line for line in body.splitlines()]


def scaffold(
    target: str,
    title: str | None = None,
    preset: str = "ecommerce",
    stages: list[str] | None = None,
    persona: str | None = None,
    today: _dt.date | None = None,
    lang: Language = ENGLISH,
    root: str | None = None,
) -> str:
    """The text of a new map for ``target`` (the path decides the schema modeline; ``root`` is
    the repository's root, where a schema not yet written goes), its comments and the
    placeholders to replace in ``lang`` (a map in another language than English says so in
    its ``lang``, and the ids made from its names are romanised by the language's official
    system)."""
    _ = lang.gettext
    code = lang.code if lang.code != "en" else None
    seed = PRESETS[preset]
    today = today or _dt.date.today()
    title = (title or "").strip() or title_from_file(target, lang)
    ids = Ids(code)
    map_id = (slug(title, lang=code) or slug(os.path.splitext(os.path.basename(target))[0], lang=code)
              or "journey")
    persona_name = (persona or "").strip() or _(seed.persona)
    persona_id = ids.make(persona_name, fallback="persona")
    if stages:
        names = [s.strip() for s in stages if s.strip()]
        seeds = [StageSeed(name, "", "", "web") for name in names]
    else:
        seeds = [StageSeed(_(s.name), _(s.goal) if s.goal else "", _(s.touchpoint) if s.touchpoint else "",
                           s.channel) for s in seed.stages]
    out = _head(schema_ref(target, root), map_id, title, seed.tag if not stages else None, today,
                code, lang)
    out += _persona(persona_id, persona_name, lang)
    for i, stage in enumerate(seeds):
        out += _stage(i, stage, ids, lang, last=len(seeds))
    return "\n".join(out) + "\n"


def _head(schema: str, map_id: str, title: str, tag: str | None, today: _dt.date, code: str | None,
          lang: Language) -> list[str]:
    """The modeline, the two comments a new user reads first, and the map's own fields, in the
    order `cjm fmt` keeps (``lang`` after ``state``)."""
    _ = lang.gettext
    out = [
        f"# yaml-language-server: $schema={schema}",
        "# " + _("A customer journey map in cjm format 1 (see docs/format.md), made by `cjm init`."),
        "# " + _("Replace each TODO, uncomment the examples you need, then run `cjm validate` and "
                 "`cjm lint`."),
        "cjm: 1",
        f"id: {scalar(map_id)}",
        f"title: {scalar(title)}",
        "description: " + quoted(_("TODO: whose journey this is, its scope, and what it is based on")),
        "owner: " + quoted(_("TODO: the team responsible for this journey")),
        f"tags: [{tag}]" if tag else "tags: []",
        f"reviewed: {today.isoformat()}  # " + _("when the map was last checked against reality"),
        "state: current  # " + _("current (as-is) or future (to-be)"),
    ]
    if code:
        out += [f"lang: {scalar(code)}"]
    return out


def _persona(persona_id: str, persona_name: str, lang: Language) -> list[str]:
    """The map's persona, with the optional fields commented out, and the channels example."""
    _ = lang.gettext
    return [
        f"persona: {scalar(persona_id)}",
        "personas:",
        f"  - id: {scalar(persona_id)}",
        f"    name: {scalar(persona_name)}",
        "    summary: " + quoted(_("TODO: who they are, in one sentence")),
        "    goals:",
        "      - " + quoted(_("TODO: what they want to achieve")),
        "    needs:",
        "      - " + quoted(_("TODO: what they need from us to get there")),
        "    # demographics: {age: 25-34, location: Manchester}",
        "    # psychographics: " + scalar(_("Cares about design; distrusts brands she does not know")),
        "    # behaviours: {research: "
        + json.dumps(_("Reads the 1-star reviews first"), ensure_ascii=False) + "}",
        "# channels:  # " + _("channels beyond the built-in ones:"),
        "#            # web, mobile_app, email, social, ads, search, store, phone, chat, sms,",
        "#            # partner, word_of_mouth, mail",
        "#   - id: kiosk",
        "#     name: " + scalar(_("In-store kiosk")),
        "#     kind: physical  # " + join(("digital", "physical", "human"), lang, "or"),
        "stages:",
    ]


def _stage(i: int, stage: StageSeed, ids: Ids, lang: Language, last: int) -> list[str]:
    """Stage ``i`` with its touchpoint; the first stage shows every optional field and lane as a
    comment (the example a new user copies), the last one says to do the same elsewhere."""
    _ = lang.gettext
    sid = ids.make(stage.name, fallback=f"stage-{i + 1}")
    tp_name = stage.touchpoint or _("TODO: where the customer meets you in %(stage)s") % {
        "stage": stage.name}
    tp_id = ids.make(stage.touchpoint or stage.name, prefix="tp-", fallback=f"tp-{i + 1}")
    goal = stage.goal or _("TODO: what the customer wants to get done in this stage")
    out = [
        f"  - id: {scalar(sid)}",
        f"    name: {scalar(stage.name)}",
        f"    customer_goal: {scalar(goal)}",
    ]
    if i == 0:
        out += [
            "    # description: " + scalar(_("What happens in this stage")),
            "    # emotion: 3  # " + _("1 = very negative ... 5 = very positive; rate every "
                                       "stage or none"),
            "    # thoughts:",
            "    #   - " + json.dumps(_("What customers say here, in their words"), ensure_ascii=False),
        ]
    channel_note = "  # " + _("TODO: the real channel") if not stage.touchpoint else ""
    out += [
        "    touchpoints:",
        f"      - id: {scalar(tp_id)}",
        f"        name: {scalar(tp_name)}",
        f"        channel: {stage.channel}{channel_note}",
    ]
    if i == 0:
        out += [
            "        # emotion: 4",
            "        # owner: " + scalar(_("Team that owns it")),
            "        # next: [tp-...]  # " + _("touchpoints that can follow (default: the next "
                                               "stage's)"),
            "        # backstage:      # " + _("what runs behind it: systems, teams, partners"),
            "        #   - " + scalar(_("CRM sends the welcome email")),
        ]
        out += _lane_examples(tp_id, "    ", lang)
    if i == last - 1 and last > 1:
        out.append("    # " + _("Add moments_of_truth, pain_points, opportunities, desired_actions,"))
        out.append("    # " + _("completed_actions and metrics to every stage as shown in the first one."))
    return out
