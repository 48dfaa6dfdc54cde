#!/usr/bin/env bash
# npm test: make sure the browser and database server the tests use are installed, then run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
exec node test/support/run-tests.ts "$@"
