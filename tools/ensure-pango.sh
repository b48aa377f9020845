#!/bin/sh
# Pango (with its FreeType backend) and DejaVu fonts, for `cjm render -f board-pdf|board-png`:
# WeasyPrint, the extra cjm[pdf], is pure Python but loads the system's Pango to lay out text.
# Installed with apt-get when missing and possible; without them those two formats exit 2 with an
# install hint and their tests are skipped with the reason. DejaVu has Cyrillic and Polish glyphs.
has_pango() { ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; }
if has_pango && fc-list 2>/dev/null | grep -qi dejavu; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "installing Pango and fonts-dejavu with apt-get (for board-pdf/board-png)..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null) \
    || echo "warning: could not install Pango; board-pdf and board-png will be unavailable" >&2
else
  has_pango || echo "note: Pango not found; install libpango-1.0-0 and libpangoft2-1.0-0 for board-pdf/board-png" >&2
fi
exit 0
