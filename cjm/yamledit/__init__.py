"""The one way cjm changes a YAML file's text: every writer (``cjm fmt``, ``cjm data import``,
and any to come) edits through this package, never by hand.

Two ways to write, one package, because they answer two needs:

- :mod:`.splice` edits the text in place at the positions the loader found (:class:`cjm.loader.
  SourceMap`): a new list item at the end of its list, a key where ``cjm fmt`` would put it, a
  number replaced where it stands. Every other byte is kept, so a review diff shows only the data.
  It edits only layouts it is sure of and raises :class:`Unsafe` otherwise.
- :mod:`.roundtrip` reads a file into a tree that keeps its comments and writes it in the
  canonical layout (docs/fmt.md): ``cjm fmt`` itself, and the fallback when splicing is unsafe.

Either way the writer loads the new text again (:func:`cjm.loader.read_back`, then the loader
with positions when there is a problem to point at) and compares it with the data it meant to
write, so a misjudged layout can never change what a map says.
"""

from __future__ import annotations

from .roundtrip import (
    Document,
    Entry,
    Item,
    Mapping,
    Order,
    Path,
    Scalar,
    Sequence,
    YamlError,
    parse,
    render_string,
)
from .splice import Splice, Unsafe

__all__ = ["Document", "Entry", "Item", "Mapping", "Order", "Path", "Scalar", "Sequence", "Splice",
           "Unsafe", "YamlError", "parse", "render_string"]
