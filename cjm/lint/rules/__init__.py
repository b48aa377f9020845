"""One module per rule. Each has ``CODE``, ``NAME``, ``SEVERITY``, ``Options`` (a
:class:`cjm.lint.finding.RuleOptions` model with the defaults of its settings, ``NoOptions`` when
it has none), a docstring that is its documentation (``cjm rules CODE``) and
``check(ctx) -> Iterator[Finding]``, where ``ctx`` is a :class:`cjm.lint.finding.Context`. The
registry is in :mod:`cjm.lint`.
"""
