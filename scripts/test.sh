#!/usr/bin/env bash
# `npm test`: every test of every workspace (unit, integration, e2e) through turbo, against the real local
# stack, which is started first (idempotent: a running stack is reused and left running afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/local/stack.sh up
# shellcheck disable=SC1091  # written by stack.sh up
source .local/stack.env
npx tsx --conditions=source libs/contracts/src/bin/topics.ts
rm -rf .local/test-results && mkdir -p .local/test-results
status=0
npx turbo run test --concurrency=2 --continue "$@" || status=$?
node scripts/test-summary.mjs .local/test-results || status=1
exit $status
