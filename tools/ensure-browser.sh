#!/bin/sh
# Headless Chromium and axe-core, for the HTML board's accessibility test (tests/render/).
# Installed with apt-get and npm when missing and possible; without them that one test is skipped
# with its reason. axe-core goes into .cache/render (gitignored), at the exact version in
# tools/axe-core.version: an accessibility result must not change because npm found a newer axe.
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
AXE_VERSION=$(cat tools/axe-core.version)
AXE=.cache/render/node_modules/axe-core
if command -v npm >/dev/null 2>&1 && { [ ! -f $AXE/axe.min.js ] || ! grep -q "\"version\": \"$AXE_VERSION\"" $AXE/package.json; }; then
  mkdir -p .cache/render
  npm install --no-audit --no-fund --silent --save-exact --prefix .cache/render "axe-core@$AXE_VERSION" >/dev/null 2>&1 \
    || echo "warning: npm could not fetch axe-core; the accessibility test will be skipped" >&2
fi
exit 0
