#!/bin/sh
# Graphviz's `dot` and fonts with Cyrillic and Polish glyphs, for `cjm render --format svg|png|pdf`.
# Installed with apt-get when missing and possible; cjm works without them (HTML needs neither).
# DejaVu Sans is the font the DOT source asks for: without a font that has the glyphs, Cyrillic
# and Polish labels come out as boxes.
if command -v dot >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi dejavu; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "installing graphviz and fonts-dejavu with apt-get..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz fonts-dejavu-core >/dev/null) \
    || echo "warning: could not install graphviz; svg/png/pdf rendering will be unavailable" >&2
else
  command -v dot >/dev/null 2>&1 || echo "note: Graphviz 'dot' not found; install it for svg/png/pdf rendering" >&2
fi
exit 0
