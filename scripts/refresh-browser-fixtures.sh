#!/usr/bin/env bash
# Refresh the browser code the tests load (never the package: zjtimeline's HTML page
# is its own code and vendors nothing). From the npm registry, with `npm pack`:
#   TimelineJS 3 (@knight-lab/timelinejs, MPL-2.0): dist/js/timeline.js, dist/css/timeline.css
#   Mermaid (mermaid, MIT): dist/mermaid.min.js, the single-file bundle
# into tests/browser/vendor/<name>/ with its licence, and records each version and
# sha256 in tests/browser/vendor/VERSIONS. Pin another version with
#   TIMELINEJS_VERSION=3.9.11 MERMAID_VERSION=11.12.0 bash scripts/refresh-browser-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TIMELINEJS_VERSION="${TIMELINEJS_VERSION:-3.9.11}"
# The newest Mermaid 11: its single-file bundle is 3.5 MB where 12.3.0's is 5.5 MB (our
# diagrams render in both, checked by hand).
MERMAID_VERSION="${MERMAID_VERSION:-11.17.2}"

dest=tests/browser/vendor
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch <package> <version> -> path of the unpacked package folder
  local pkg="$1" version="$2"
  (cd "$work" && npm pack --silent "$pkg@$version" >/dev/null)
  local tgz
  tgz="$(ls "$work"/*.tgz | head -n 1)"
  mkdir -p "$work/unpacked-$version"
  tar -xzf "$tgz" -C "$work/unpacked-$version"
  rm -f "$tgz"
  echo "$work/unpacked-$version/package"
}

rm -rf "$dest/timelinejs" "$dest/mermaid"
mkdir -p "$dest/timelinejs/css/icons" "$dest/timelinejs/js" "$dest/mermaid"

tl="$(fetch @knight-lab/timelinejs "$TIMELINEJS_VERSION")"
cp "$tl/dist/js/timeline.js" "$tl/dist/js/timeline.js.LICENSE.txt" "$dest/timelinejs/js/"
cp "$tl/dist/css/timeline.css" "$dest/timelinejs/css/"
cp "$tl"/dist/css/icons/tl-icons.{ttf,woff,woff2} "$dest/timelinejs/css/icons/"  # what Chromium may ask for
cp "$tl/LICENSE" "$dest/timelinejs/LICENSE"

mm="$(fetch mermaid "$MERMAID_VERSION")"
cp "$mm/dist/mermaid.min.js" "$dest/mermaid/"
cp "$mm/LICENSE" "$dest/mermaid/LICENSE" 2>/dev/null || cp "$mm/../LICENSE" "$dest/mermaid/LICENSE"

{
  echo "# Browser code for the tests only, from the npm registry (scripts/refresh-browser-fixtures.sh)."
  echo "@knight-lab/timelinejs $TIMELINEJS_VERSION MPL-2.0"
  echo "mermaid $MERMAID_VERSION MIT"
  (cd "$dest" && find timelinejs mermaid -type f ! -name LICENSE | sort | xargs sha256sum)
} > "$dest/VERSIONS"
cat "$dest/VERSIONS"
