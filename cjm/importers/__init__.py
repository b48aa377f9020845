"""Importers: journey maps made in other tools, turned into cjm maps (``cjm import ...``)."""
