#!/usr/bin/env bash
# `npm run test:faults`: the fault suite (e2e/faults) on a stack of its own, because it stops and restarts the
# Kafka broker, PostgreSQL and the registry. Every port is moved off the defaults and the state lives in
# .local/faults-stack, so a developer's running stack (npm start, npm test) is never touched.
# FAULT_BROKERS (1 or 3, default 1: with 3 the stack runs a 3-node KRaft cluster and the suite also SIGKILLs
# one broker with records in flight), FAULT_RECORDS (default 3000; the issue's 100000 takes long on a small
# machine), FAULT_FEED_SECONDS (120), FAULT_PG_DOWN_MS (30000), FAULT_REGISTRY_DOWN_MS (20000),
# FAULT_BROKER_DOWN_MS (30000). RIVULET_FAULTS_KEEP_STACK=1 leaves the stack up.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export RIVULET_STATE_DIR="${RIVULET_FAULTS_STATE_DIR:-$PWD/.local/faults-stack}"
export RIVULET_KAFKA_PORT="${RIVULET_FAULTS_KAFKA_PORT:-29092}" RIVULET_KAFKA_CONTROLLER_PORT="${RIVULET_FAULTS_KAFKA_CONTROLLER_PORT:-29093}"
export RIVULET_REGISTRY_PORT="${RIVULET_FAULTS_REGISTRY_PORT:-28081}" RIVULET_REGISTRY_MANAGEMENT_PORT="${RIVULET_FAULTS_REGISTRY_MANAGEMENT_PORT:-28082}"
export RIVULET_PG_PORT="${RIVULET_FAULTS_PG_PORT:-25432}"
export RIVULET_KAFKA_BROKERS="${FAULT_BROKERS:-1}"   # node N listens on the ports above + 10*(N-1)
export RIVULET_OTLP_GRPC_PORT=24317 RIVULET_OTLP_HTTP_PORT=24318 RIVULET_JAEGER_QUERY_PORT=26686 RIVULET_JAEGER_QUERY_GRPC_PORT=26685
# Only this stack's addresses: an exported address of another stack would make stack.sh skip a component.
unset KAFKA_BROKERS SCHEMA_REGISTRY_URL DATABASE_URL OTEL_EXPORTER_OTLP_ENDPOINT JAEGER_QUERY_URL
stop_stack() {
  [ "${RIVULET_FAULTS_KEEP_STACK:-0}" = 1 ] && return 0
  (unset KAFKA_BROKERS SCHEMA_REGISTRY_URL DATABASE_URL; bash "$ROOT/infra/local/stack.sh" down postgres kafka registry)
}
trap stop_stack EXIT
# A fresh cluster and database each run: the books count every message of the topics as this run's.
if [ "${RIVULET_FAULTS_KEEP_STACK:-0}" != 1 ]; then stop_stack; rm -rf "$RIVULET_STATE_DIR"; fi
bash infra/local/stack.sh up postgres kafka registry
KAFKA_BROKERS="127.0.0.1:$RIVULET_KAFKA_PORT"
for (( node=2; node<=RIVULET_KAFKA_BROKERS; node++ )); do KAFKA_BROKERS="$KAFKA_BROKERS,127.0.0.1:$(( RIVULET_KAFKA_PORT + 10 * (node - 1) ))"; done
export KAFKA_BROKERS
export SCHEMA_REGISTRY_URL="http://127.0.0.1:$RIVULET_REGISTRY_PORT/apis/ccompat/v7"
export DATABASE_URL="postgres://rivulet:rivulet@127.0.0.1:$RIVULET_PG_PORT/rivulet"
# A busy machine can make the registry's first answers slow: try the (idempotent) topic set-up a few times.
for attempt in 1 2 3 4 5; do npm run --silent topics && break; [ "$attempt" = 5 ] && exit 1; sleep 5; done
npm run --silent migrate
(cd e2e && npx vitest run --config faults/vitest.config.ts "$@")
