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

from ..idgen import Ids
from ..text import slug

SCHEMA_URL = "https://cjm.dev/schema/v1/cjm.schema.json"
SCHEMA_FILE = os.path.join("schema", "cjm.schema.json")


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
        "Online shopper",
        (
            StageSeed("Awareness", "Get ideas and find products worth a look", "Social media ad", "social"),
            StageSeed("Consideration", "Be sure the product is right and the store reliable", "Product page with reviews", "web"),
            StageSeed("Purchase", "Pay quickly and safely", "Cart and checkout", "web"),
            StageSeed("Delivery", "Get the order on time, and know when it comes", "Courier delivery with tracking", "partner"),
            StageSeed("Loyalty", "Come back when something else is needed", "Post-purchase email", "email"),
        ),
        "e-commerce",
    ),
    "saas": Preset(
        "Trial user",
        (
            StageSeed("Discovery", "Find a tool that solves the problem", "Search result for the problem", "search"),
            StageSeed("Sign-up", "Start a trial without friction", "Sign-up form", "web"),
            StageSeed("Onboarding", "Reach the first useful result", "In-app setup checklist", "web"),
            StageSeed("Adoption", "Make the tool part of the team's routine", "Weekly usage summary email", "email"),
            StageSeed("Renewal", "Decide whether it is worth paying for another year", "Renewal call with the account manager", "phone"),
        ),
        "saas",
    ),
    "service": Preset(
        "Customer",
        (
            StageSeed("Need", "Realise a problem needs a professional", "Recommendation from a friend", "word_of_mouth"),
            StageSeed("Research", "Compare providers, prices and availability", "Provider website", "web"),
            StageSeed("Booking", "Get an appointment that fits", "Booking phone call", "phone"),
            StageSeed("Service", "Have the job done well, on time", "Visit at the service point", "store"),
            StageSeed("Follow-up", "Know what to do next and whom to call", "Follow-up email with the invoice", "email"),
        ),
        "service",
    ),
    "blank": Preset(
        "Customer",
        (
            StageSeed("Before", "", "", "web"),
            StageSeed("During", "", "", "web"),
            StageSeed("After", "", "", "web"),
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


def schema_ref(target: str) -> str:
    """Relative path to the repository's ``schema/cjm.schema.json`` when one is above ``target``."""
    folder = os.path.dirname(os.path.abspath(target))
    probe = folder
    while True:
        candidate = os.path.join(probe, SCHEMA_FILE)
        if os.path.isfile(candidate):
            return os.path.relpath(candidate, folder).replace(os.sep, "/")
        parent = os.path.dirname(probe)
        if parent == probe:
            return SCHEMA_URL
        probe = parent


def title_from_file(path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    words = stem.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "New journey"


def _lane_examples(first_tp: str, indent: str) -> list[str]:
    """Every lane but touchpoints, commented out: the format at a glance, ready to uncomment."""
    body = f"""\
# moments_of_truth:            # where the customer decides to trust, buy or stay
#   - id: mot-first-impression
#     name: First impression
#     kind: zero               # zero, first, second or ultimate
#     touchpoint: {first_tp}
# pain_points:
#   - id: pp-example
#     name: What goes wrong for the customer here
#     touchpoints: [{first_tp}]
#     severity: high           # low, medium, high or critical
#     evidence: How we know (interviews, analytics, support tickets)
# opportunities:
#   - id: op-example
#     name: What we could do about it
#     addresses: [pp-example]  # pain points it addresses
#     owner: Team that owns it
#     status: idea             # idea, planned, in_progress or done
#     impact: high             # low, medium or high
#     effort: medium           # low, medium or high
# desired_actions:             # what the business wants the customer to do here
#   - id: da-example
#     name: Click through to the site
#     metric: m-example
# completed_actions:           # the funnel: how many did it, of how many who could have
#   - id: ca-example
#     fulfils: da-example
#     count: 480
#     of: 12000
#     period: 2026-Q3
# metrics:
#   - id: m-example
#     name: Click-through rate
#     unit: "%"
#     target: 4
#     actual: 3.2
#     direction: higher_is_better   # or lower_is_better"""
    return [indent + line for line in body.splitlines()]


def scaffold(
    target: str,
    title: str | None = None,
    preset: str = "ecommerce",
    stages: list[str] | None = None,
    persona: str | None = None,
    today: _dt.date | None = None,
    lang: str | None = None,
) -> str:
    """The text of a new map for ``target`` (the path decides the schema modeline); ``lang`` is
    written as the map's language and romanises the ids made from names by its official system."""
    seed = PRESETS[preset]
    today = today or _dt.date.today()
    title = (title or "").strip() or title_from_file(target)
    ids = Ids(lang)
    map_id = (slug(title, lang=lang) or slug(os.path.splitext(os.path.basename(target))[0], lang=lang)
              or "journey")
    persona_name = (persona or "").strip() or seed.persona
    persona_id = ids.make(persona_name, fallback="persona")
    if stages:
        names = [s.strip() for s in stages if s.strip()]
        seeds = [StageSeed(name, "", "", "web") for name in names]
    else:
        seeds = list(seed.stages)
    out = [
        f"# yaml-language-server: $schema={schema_ref(target)}",
        "# A customer journey map in cjm format 1 (see docs/format.md), made by `cjm init`.",
        "# Replace each TODO, uncomment the examples you need, then run `cjm validate` and `cjm lint`.",
        "cjm: 1",
        f"id: {scalar(map_id)}",
        f"title: {scalar(title)}",
        'description: "TODO: whose journey this is, its scope, and what it is based on"',
        'owner: "TODO: the team responsible for this journey"',
    ]
    if seed.tag and not stages:
        out += [f"tags: [{seed.tag}]"]
    else:
        out += ["tags: []"]
    out += [
        f"reviewed: {today.isoformat()}  # when the map was last checked against reality",
        "state: current  # current (as-is) or future (to-be)",
    ]
    if lang:  # where `cjm fmt` puts it: after state
        out += [f"lang: {scalar(lang)}"]
    out += [
        f"persona: {scalar(persona_id)}",
        "personas:",
        f"  - id: {scalar(persona_id)}",
        f"    name: {scalar(persona_name)}",
        '    summary: "TODO: who they are, in one sentence"',
        "    goals:",
        '      - "TODO: what they want to achieve"',
        "    needs:",
        '      - "TODO: what they need from us to get there"',
        "    # demographics: {age: 25-34, location: Manchester}",
        "    # psychographics: Cares about design; distrusts brands she does not know",
        "    # behaviours: {research: Reads the 1-star reviews first}",
        "# channels:  # channels beyond the built-in web, mobile_app, email, social, ads, search,",
        "#            # store, phone, chat, sms, partner, word_of_mouth and mail",
        "#   - id: kiosk",
        "#     name: In-store kiosk",
        "#     kind: physical  # digital, physical or human",
        "stages:",
    ]
    for i, stage in enumerate(seeds):
        sid = ids.make(stage.name, fallback=f"stage-{i + 1}")
        tp_name = stage.touchpoint or f"TODO: where the customer meets you in {stage.name}"
        tp_id = ids.make(stage.touchpoint or stage.name, prefix="tp-", fallback=f"tp-{i + 1}")
        goal = stage.goal or "TODO: what the customer wants to get done in this stage"
        out += [
            f"  - id: {scalar(sid)}",
            f"    name: {scalar(stage.name)}",
            f"    customer_goal: {scalar(goal)}",
        ]
        if i == 0:
            out += [
                "    # description: What happens in this stage",
                "    # emotion: 3  # 1 = very negative ... 5 = very positive; rate every stage or none",
                "    # thoughts:",
                '    #   - "What customers say here, in their words"',
            ]
        channel_note = "  # TODO: the real channel" if not stage.touchpoint else ""
        out += [
            "    touchpoints:",
            f"      - id: {scalar(tp_id)}",
            f"        name: {scalar(tp_name)}",
            f"        channel: {stage.channel}{channel_note}",
        ]
        if i == 0:
            out += [
                "        # emotion: 4",
                "        # owner: Team that owns it",
                "        # next: [tp-...]  # touchpoints that can follow (default: the next stage's)",
                "        # backstage:      # what runs behind it: systems, teams, partners",
                "        #   - CRM sends the welcome email",
            ]
            out += _lane_examples(tp_id, "    ")
    if len(seeds) > 1:
        out.append("    # Add moments_of_truth, pain_points, opportunities, desired_actions,")
        out.append("    # completed_actions and metrics to every stage as shown in the first one.")
    return "\n".join(out) + "\n"
