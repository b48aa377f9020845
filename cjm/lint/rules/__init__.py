"""One module per rule. Each has ``CODE``, ``NAME``, ``SEVERITY``, ``OPTIONS`` (defaults of its
settings, ``{}`` when it has none), a docstring that is its documentation (``cjm rules CODE``)
and ``check(journey, options) -> Iterator[Finding]``. The registry is in :mod:`cjm.lint`.
"""
