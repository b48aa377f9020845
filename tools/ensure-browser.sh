#!/bin/sh
# Headless Chromium and axe-core, for the HTML board's accessibility test (tests/render/).
# Installed with apt-get and npm when missing and possible; without them that one test is skipped
# with its reason. axe-core goes into .cache/render (gitignored).
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  need=""
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need="$need chromium"
  command -v npm >/dev/null 2>&1 || need="$need npm"
  if [ -n "$need" ]; then
    echo "installing$need with apt-get (for the accessibility test)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null) \
      || echo "warning: could not install$need; the accessibility test will be skipped" >&2
  fi
fi
if command -v npm >/dev/null 2>&1 && [ ! -f .cache/render/node_modules/axe-core/axe.min.js ]; then
  mkdir -p .cache/render
  npm install --no-audit --no-fund --silent --prefix .cache/render axe-core@4 >/dev/null 2>&1 \
    || echo "warning: npm could not fetch axe-core; the accessibility test will be skipped" >&2
fi
exit 0
