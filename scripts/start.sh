#!/usr/bin/env bash
# `npm start`: the whole platform on the local stack, fed with generated sample data.
#   1. local stack (Kafka, registry, PostgreSQL, Jaeger), topics and schemas, migrations
#   2. every app as a child process (logs in .local/logs/apps/<app>.log)
#   3. sample data from the ground-truth generator, ingested through the CLI
# Ctrl-C stops the apps (the stack keeps running: `npm run stack:down` stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
RECORDS="${RIVULET_SAMPLE_RECORDS:-5000}"
LOGS="$ROOT/.local/logs/apps"
mkdir -p "$LOGS" "$ROOT/.local/secrets"
chmod 700 "$ROOT/.local/secrets"

bash infra/local/stack.sh up
# shellcheck disable=SC1091
source .local/stack.env
npm run --silent topics
npm run --silent migrate

# Local secrets, made once: the PII master key and a bootstrap admin API key for the dashboard.
[ -s .local/secrets/master.key ] || (umask 077 && node -e "console.log(require('crypto').randomBytes(32).toString('base64'))" > .local/secrets/master.key)
[ -s .local/secrets/admin.key ] || (umask 077 && node -e "const c=require('crypto');console.log('rk_'+c.randomBytes(6).toString('hex')+'_'+c.randomBytes(32).toString('base64url'))" > .local/secrets/admin.key)
export RIVULET_MASTER_KEY="${RIVULET_MASTER_KEY:-$(cat .local/secrets/master.key)}"
export RIVULET_BOOTSTRAP_ADMIN_KEY="${RIVULET_BOOTSTRAP_ADMIN_KEY:-$(cat .local/secrets/admin.key)}"
export RIVULET_BOOTSTRAP_TENANT="${RIVULET_BOOTSTRAP_TENANT:-demo}"
export RIVULET_API_KEYS="${RIVULET_API_KEYS:-$RIVULET_BOOTSTRAP_ADMIN_KEY:$RIVULET_BOOTSTRAP_TENANT:admin}"

# app, the port serving its /health and /metrics, and its settings (NAME=value words).
APPS=(
  "gateway 18090 GATEWAY_PORT=18090"
  "transform 19402 OPS_PORT=19402"
  "quality 19403 OPS_PORT=19403"
  "match 19404 OPS_PORT=19404"
  "rca 19405 OPS_PORT=19405"
  "projector 19406 OPS_PORT=19406"
  "api 18080 API_PORT=18080 OPS_PORT=19407"
)
PIDS=()
stop_apps() {
  trap - INT TERM EXIT
  echo "[start] stopping apps (the stack keeps running; npm run stack:down stops it)"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop_apps INT TERM EXIT

for entry in "${APPS[@]}"; do
  read -r app _port settings <<<"$entry"
  entry_file="apps/$app/src/index.ts"
  if [ ! -f "$entry_file" ]; then echo "[start] $app: not built yet, skipped"; continue; fi
  # shellcheck disable=SC2086  # settings are NAME=value words
  env $settings LOG_LEVEL="${LOG_LEVEL:-info}" \
    node --import tsx --conditions=source "$entry_file" >>"$LOGS/$app.log" 2>&1 &
  PIDS+=($!)
  echo "[start] $app: pid $! ($settings), log $LOGS/$app.log"
done

# Wait for every app's /health.
for entry in "${APPS[@]}"; do
  read -r app port _settings <<<"$entry"
  [ -f "apps/$app/src/index.ts" ] || continue
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break
    sleep 1
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/health" || { echo "[start] $app is not healthy; see $LOGS/$app.log"; tail -n 20 "$LOGS/$app.log"; exit 1; }
done

SAMPLE="$ROOT/.local/sample"
if [ ! -f "$SAMPLE/truth/summary.json" ]; then
  npm run --silent generate -- --records "$RECORDS" --seed 1 --out "$SAMPLE"
fi
if [ -f apps/cli/src/index.ts ]; then
  for file in "$SAMPLE"/raw.*.ndjson; do
    base="$(basename "$file" .ndjson)"; rest="${base#raw.}"; source_name="${rest%%.*}"; entity="${rest#*.}"
    npx tsx --conditions=source apps/cli/src/index.ts produce --tenant "$RIVULET_BOOTSTRAP_TENANT" --source "$source_name" --entity "$entity" "$file" || true
  done
else
  echo "[start] the rivulet CLI is not built yet: sample data written to $SAMPLE but not ingested"
fi

cat <<INFO

Rivulet is running (tenant "$RIVULET_BOOTSTRAP_TENANT").
  dashboard      http://127.0.0.1:18080/dashboard   (API key in .local/secrets/admin.key)
  query API      http://127.0.0.1:18080/openapi.json
  ingest         POST http://127.0.0.1:18090/data/ingest?source=crm&entity=customer
  traces         $JAEGER_QUERY_URL/api/traces?service=rivulet-transform
  metrics        /metrics on 127.0.0.1:18090 (gateway), 19402-19406 (processors), 19407 (api)
  Kafka          $KAFKA_BROKERS      registry $SCHEMA_REGISTRY_URL
  PostgreSQL     $DATABASE_URL
Ctrl-C stops the apps.
INFO
wait
