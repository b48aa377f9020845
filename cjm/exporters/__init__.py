"""Exporters: a map in other tools' formats (``cjm export ...``), e.g. CSV for spreadsheets."""
