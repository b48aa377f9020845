"""Small maps whose numbers were worked out by hand for the report tests."""

HAND = """\
cjm: 1
id: hand-checked
title: Hand-checked shop
reviewed: 2026-09-01
persona: ola
personas:
  - id: ola
    name: Ola, first-time buyer
stages:
  - id: discover
    name: Discover
    emotion: 4
    touchpoints:
      - {id: tp-ad, name: Video ad, channel: ads, emotion: 4}
      - {id: tp-search, name: Search result, channel: search, emotion: 3}
    desired_actions:
      - {id: da-visit, name: Visit the shop, metric: m-ctr}
    completed_actions:
      - {id: ca-visit, fulfils: da-visit, count: 1000, of: 20000, period: 2026-Q3}
    metrics:
      - {id: m-ctr, name: Click-through rate, unit: "%", target: 6, actual: 5}
  - id: buy
    name: Buy
    touchpoints:
      - {id: tp-checkout, name: Checkout, channel: web, emotion: 2}
      - {id: tp-call, name: Order by phone, channel: phone, emotion: 3}
    moments_of_truth:
      - {id: mot-pay, name: Paying, kind: first, touchpoint: tp-checkout}
    pain_points:
      - {id: pp-forms, name: Long forms, touchpoints: [tp-checkout], severity: critical, evidence: Recordings}
      - {id: pp-wait, name: Waiting on hold, touchpoints: [tp-call], severity: high, evidence: Call logs}
      - {id: pp-x, name: Unclear prices, severity: low}
    opportunities:
      - {id: op-fix, name: One-page checkout, addresses: [pp-forms], status: planned}
      - {id: op-callback, name: Call-back instead of hold, addresses: [pp-wait], status: done}
    desired_actions:
      - {id: da-buy, name: Place an order, metric: m-wait}
    completed_actions:
      - {id: ca-buy, fulfils: da-buy, count: 120, of: 1000, period: 2026-Q3}
    metrics:
      - {id: m-wait, name: Time on hold, unit: s, target: 60, actual: 75, direction: lower_is_better}
      - {id: m-aov, name: Average order value, unit: EUR, target: 50, actual: 55}
      - {id: m-nps, name: NPS}
  - id: return
    name: Return
    emotion: 3
    touchpoints:
      - {id: tp-email, name: Reminder email, channel: email}
    moments_of_truth:
      - {id: mot-mail, name: The reminder, kind: second, touchpoint: tp-email}
    desired_actions:
      - {id: da-return, name: Buy again}
    completed_actions:
      - {id: ca-return, fulfils: da-return, count: 2, of: 3, period: 2026-Q3}
"""


def small(map_id: str, *, critical: int = 0, high: int = 0, off: int = 0, emotion: int = 3,
          reviewed: str | None = "2026-10-01") -> str:
    """A map with a chosen number of open critical/high pains and metrics off target."""
    lines = [
        "cjm: 1",
        f"id: {map_id}",
        f"title: Map {map_id}",
        *( [f"reviewed: {reviewed}"] if reviewed else [] ),
        "stages:",
        "  - id: s1",
        "    name: Only stage",
        f"    emotion: {emotion}",
        "    touchpoints:",
        "      - {id: tp1, name: Site, channel: web}",
        "    pain_points:",
    ]
    pains = ["critical"] * critical + ["high"] * high + ["low"]
    lines += [f"      - {{id: pp{i}, name: Pain {i}, touchpoints: [tp1], severity: {s}}}" for i, s in enumerate(pains)]
    lines.append("    metrics:")
    lines += [f"      - {{id: m{i}, name: Metric {i}, target: 10, actual: 5}}" for i in range(off)]
    lines.append("      - {id: m-ok, name: Fine metric, target: 1, actual: 2}")
    return "\n".join(lines) + "\n"
