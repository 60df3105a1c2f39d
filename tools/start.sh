#!/usr/bin/env bash
# `npm start`: a real n8n on http://127.0.0.1:5678 with this package loaded, pointed at the tracker
# mocks (see test/e2e/sandbox.ts). The first run installs Node 24 and the pinned n8n into
# ~/.cache/n8n-nodes-affiliate-trackers/ (outside the source tree)
# (a few minutes, ~2.5 GB); later runs reuse them. Ctrl-C stops everything.
#   npm start -- --port 5679     another port
#   npm start -- --keep          keep the workflows/executions of the last run
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/ts-node ]; then
	echo "Run 'npm ci' first (the sandbox uses the project's dev dependencies)." >&2
	exit 1
fi
exec node node_modules/.bin/ts-node --transpile-only test/e2e/sandbox.ts "$@"
