#!/usr/bin/env bash
# `npm test`: every test of every workspace (unit, integration, e2e) through turbo, against the real local
# stack, which is started first (idempotent: a running stack is reused and left running afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/local/stack.sh up
# shellcheck disable=SC1091  # written by stack.sh up
source .local/stack.env
npm run --silent topics
# Apps expect the schema in place (npm start and compose migrate first too); tests that start apps rely on it.
npm run --silent migrate
rm -rf .local/test-results && mkdir -p .local/test-results
status=0
npx turbo run test --concurrency=2 --continue "$@" || status=$?
node scripts/test-summary.mjs .local/test-results || status=1
exit $status
