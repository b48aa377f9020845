"""The scoring model a rule scores a map with: its repository's (``[tool.cjm.scoring]``)."""

from __future__ import annotations

from typing import Any

from ...config import ConfigError, scoring_in
from ...scoring import DEFAULT, ScoringModel


def model_of(ctx: Any) -> ScoringModel:
    """The model of the map's repository; RICE when it has none (a broken configuration is a
    usage error lint reports before any rule runs)."""
    repository = getattr(ctx, "repository", None)
    try:
        return scoring_in(repository.config if repository is not None else None)
    except ConfigError:
        return DEFAULT
