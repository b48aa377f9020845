"""A small repository of maps with a journey hierarchy, its numbers worked out by hand in the tests
(the site tree in tests/render/test_hierarchy.py, the report rollups in tests/report/test_rollups.py)."""

from __future__ import annotations

PARENT = """\
cjm: 1
id: become-customer
title: Become a customer
persona: ola
personas:
  - {id: ola, name: Ola}
stages:
  - id: discover
    name: Discover
    emotion: 4
    touchpoints:
      - {id: tp-ad, name: Ad, channel: ads, emotion: 4}
    desired_actions:
      - {id: da-visit, name: Visit}
    completed_actions:
      - {id: ca-visit, fulfils: da-visit, count: 1000, of: 20000, period: 2026-Q3}
  - id: onboarding
    name: Onboarding
    detail: onboard
    touchpoints:
      - {id: tp-app, name: App, channel: mobile_app, emotion: 3, detail: kyc}
    pain_points:
      - {id: pp-a, name: Slow, touchpoints: [tp-app], severity: high}
    desired_actions:
      - {id: da-active, name: Active}
    completed_actions:
      - {id: ca-active, fulfils: da-active, count: 400, of: 1000, period: 2026-Q3}
"""
ONBOARD = """\
cjm: 1
id: onboard
title: Onboarding
parent: become-customer
stages:
  - id: s1
    name: Sign up
    emotion: 2
    pain_points:
      - {id: pp-b, name: Long form, severity: critical}
      - {id: pp-c, name: Captcha, severity: high}
      - {id: pp-e, name: Old captcha, severity: high}
    opportunities:
      - {id: op-e, name: Drop it, addresses: [pp-e], status: done}
    desired_actions:
      - {id: da-1, name: Sign up}
    completed_actions:
      - {id: ca-1, fulfils: da-1, count: 800, of: 1000, period: 2026-Q2}
      - {id: ca-1b, fulfils: da-1, count: 810, of: 1000, period: 2026-Q3}
  - id: s2
    name: First use
    emotion: 3
    desired_actions:
      - {id: da-2, name: Use}
    completed_actions:
      - {id: ca-2, fulfils: da-2, count: 405, of: 810, period: 2026-Q3}
    metrics:
      - {id: m-1, name: Activation, unit: "%", target: 60, actual: 50}
"""
KYC = """\
cjm: 1
id: kyc
title: Identity check
parent: become-customer
stages:
  - id: s1
    name: Upload ID
    emotion: 1
    pain_points:
      - {id: pp-d, name: Blurry photo rejected, severity: medium}
"""
KYC_FUTURE = """\
cjm: 1
id: kyc-future
title: Identity check, to-be
state: future
current: kyc
parent: become-customer
stages:
  - id: s1
    name: Upload ID
    emotion: 4
    pain_points:
      - {id: pp-f, name: Planned problem, severity: critical}
"""
OTHER = """\
cjm: 1
id: other
title: Another journey
stages:
  - {id: s1, name: Only, emotion: 3}
"""

FILES = [("parent.yaml", PARENT), ("sub/onboard.yaml", ONBOARD), ("sub/kyc.yaml", KYC),
         ("sub/kyc-future.yaml", KYC_FUTURE), ("other.yaml", OTHER)]
