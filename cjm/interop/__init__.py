"""Interop: maps to and from other tools.

``cjm init`` presets (:mod:`.scaffold`), ``cjm import mermaid`` (:mod:`.mermaid`), ``cjm data import``
of analytics exports (:mod:`.data`, writing through :mod:`.splice`) and ``cjm export csv``
(:mod:`.csv_export`): each reads or writes a format that is not cjm's own.
"""
