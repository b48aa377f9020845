"""A small repository of maps, as a team would lay one out: a library and maps at two zoom levels."""

from __future__ import annotations

LIBRARY = """\
cjm: 1
library: people
title: Shared personas and channels
personas:
  - id: anna
    name: Anna, 34, busy parent
  - id: boris
    name: Boris, 51
channels:
  - id: kiosk
    name: Self-service kiosk
    kind: physical
metrics:
  - id: nps
    name: Net promoter score
    target: 40
"""

TOP = """\
cjm: 1
id: become-customer
title: Become a customer
persona: anna
stages:
  - id: discover
    name: Discover
    touchpoints:
      - id: tp-kiosk
        name: Kiosk in the branch
        channel: kiosk
  - id: onboarding
    name: Onboarding
    detail: onboarding
    desired_actions:
      - id: da-sign
        name: Sign the contract
        metric: nps
"""

CHILD = """\
cjm: 1
id: onboarding
title: Onboarding
parent: become-customer
persona: anna
stages:
  - id: kyc
    name: Identity check
"""


TOP_ALONE = TOP.replace("    detail: onboarding\n", "")
"""The top journey without its zoom into onboarding: a repository of one map and the library."""
