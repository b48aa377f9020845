"""What the hostile tests share: a valid map, and the shape every error line has."""

from __future__ import annotations

import re

MAP = """\
cjm: 1
id: minimal
title: Minimal map
stages:
  - id: awareness
    name: Awareness
    touchpoints:
      - id: visit
        name: Visit the site
"""

# One line, the way every cjm error starts; never a traceback.
_ERROR_LINE = re.compile(r"\Acjm: error: cannot (read|write) [^\n]+\n\Z")


def one_error_line(stderr: str, verb: str = "write") -> bool:
    """``stderr`` is exactly one ``cjm: error: cannot VERB PATH: REASON`` line."""
    match = _ERROR_LINE.match(stderr)
    return match is not None and match.group(1) == verb


def temp_files(folder: object) -> list[str]:
    """Leftover ``.cjm-*.tmp`` files anywhere under ``folder``."""
    from pathlib import Path

    return sorted(str(p) for p in Path(str(folder)).rglob(".cjm-*.tmp"))
