#!/usr/bin/env bash
# Trace backend for the local stack: Jaeger v2 (an OpenTelemetry Collector distribution) with in-memory
# storage. OTLP gRPC 127.0.0.1:$RIVULET_OTLP_GRPC_PORT, OTLP HTTP 127.0.0.1:$RIVULET_OTLP_HTTP_PORT,
# query API (/api/services, /api/traces?service=...) on 127.0.0.1:$RIVULET_JAEGER_QUERY_PORT.
#
#   jaeger.sh up|down|status|verify
#
# `verify` sends one OTLP/HTTP span (service "rivulet-probe") and reads it back through the query API.
#
# The binary is built from source once into $CACHE_DIR/go-bin with the local Go toolchain (several minutes
# on 2 cores; reused afterwards). Why not `go install ...@version`: every Jaeger tag's go.mod carries a
# `replace` directive, which `go install pkg@version` rejects, and the Go module proxy serves tags only
# (no commit pseudo-versions). So the tagged module is fetched with `go mod download` and built inside its
# own module folder, where the replace directive applies as intended.
# Jaeger publishes each release under two tags: v1.76.0 is the same source as Jaeger v2.13.0.
# With OTEL_EXPORTER_OTLP_ENDPOINT set nothing is started (JAEGER_QUERY_URL then names the query API).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=infra/local/lib.sh
source "$HERE/../lib.sh"

NAME=jaeger
: "${RIVULET_JAEGER_VERSION:=v1.76.0}"          # module tag; = Jaeger v2.13.0
: "${RIVULET_JAEGER_RELEASE:=v2.13.0}"          # shown by `jaeger version`
: "${RIVULET_JAEGER_QUERY_GRPC_PORT:=16685}"
export RIVULET_OTLP_GRPC_PORT RIVULET_OTLP_HTTP_PORT RIVULET_JAEGER_QUERY_PORT RIVULET_JAEGER_QUERY_GRPC_PORT
JAEGER_MODULE=github.com/jaegertracing/jaeger
GO_BIN_DIR="$CACHE_DIR/go-bin"
JAEGER_BIN="$GO_BIN_DIR/jaeger-$RIVULET_JAEGER_VERSION"
JAEGER_CONFIG="$HERE/../jaeger.yaml"
BUILD_LOG="$LOG_DIR/jaeger-build.log"
QUERY_URL="http://127.0.0.1:$RIVULET_JAEGER_QUERY_PORT"
OTLP_HTTP_URL="http://127.0.0.1:$RIVULET_OTLP_HTTP_PORT"

query_answers() { curl -fsS -o /dev/null --max-time 3 "$1/api/services"; }
local_healthy() {
  query_answers "$QUERY_URL" && port_open "$RIVULET_OTLP_HTTP_PORT" && port_open "$RIVULET_OTLP_GRPC_PORT"
}

build_jaeger() {
  command -v go >/dev/null 2>&1 || die "Go not found: install Go 1.24 or newer, or set OTEL_EXPORTER_OTLP_ENDPOINT and JAEGER_QUERY_URL to use an existing Jaeger"
  mkdir -p "$GO_BIN_DIR"
  # One build at a time (two `up`s racing would both compile); the lock fd is not passed on to the server.
  (
    if command -v flock >/dev/null 2>&1; then flock 9; fi
    [ -x "$JAEGER_BIN" ] && exit 0
    t0=$(date +%s)
    log "jaeger: building Jaeger $RIVULET_JAEGER_RELEASE ($JAEGER_MODULE@$RIVULET_JAEGER_VERSION) with $(go env GOVERSION); the first build takes several minutes; log: $BUILD_LOG"
    dir="$(cd "$GO_BIN_DIR" && GOFLAGS='' GOWORK=off go mod download -json "$JAEGER_MODULE@$RIVULET_JAEGER_VERSION" 2>>"$BUILD_LOG" \
      | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" || true
    if [ -z "$dir" ] || [ ! -d "$dir/cmd/jaeger" ]; then
      tail -n 20 "$BUILD_LOG" >&2; die "jaeger: could not download $JAEGER_MODULE@$RIVULET_JAEGER_VERSION; see $BUILD_LOG"
    fi
    if ! (cd "$dir" && GOFLAGS=-mod=readonly GOWORK=off CGO_ENABLED=0 \
          go build -trimpath -ldflags "-s -w -X $JAEGER_MODULE/internal/version.latestVersion=$RIVULET_JAEGER_RELEASE" \
          -o "$JAEGER_BIN.tmp" ./cmd/jaeger) >>"$BUILD_LOG" 2>&1; then
      rm -f "$JAEGER_BIN.tmp"; tail -n 30 "$BUILD_LOG" >&2; die "jaeger: build failed; see $BUILD_LOG"
    fi
    mv -f "$JAEGER_BIN.tmp" "$JAEGER_BIN"
    log "jaeger: built $JAEGER_BIN in $(( $(date +%s) - t0 ))s"
  ) 9>"$GO_BIN_DIR/.jaeger-build.lock" || exit 1
}

up() {
  if [ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]; then
    if [ -n "${JAEGER_QUERY_URL:-}" ]; then
      query_answers "$JAEGER_QUERY_URL" || die "jaeger: JAEGER_QUERY_URL=$JAEGER_QUERY_URL does not answer /api/services"
    fi
    log "jaeger: using external trace backend (OTEL_EXPORTER_OTLP_ENDPOINT=$OTEL_EXPORTER_OTLP_ENDPOINT)"
    return 0
  fi
  if pid_alive "$NAME"; then
    wait_for "$NAME" local_healthy
    log "jaeger: already running (pid $(cat "$RUN_DIR/$NAME.pid"))"; return 0
  fi
  local p
  for p in "$RIVULET_OTLP_GRPC_PORT" "$RIVULET_OTLP_HTTP_PORT" "$RIVULET_JAEGER_QUERY_PORT" "$RIVULET_JAEGER_QUERY_GRPC_PORT"; do
    if port_open "$p"; then die "jaeger: port $p is taken by another process (set RIVULET_*_PORT, or OTEL_EXPORTER_OTLP_ENDPOINT and JAEGER_QUERY_URL to use an existing backend)"; fi
  done
  [ -x "$JAEGER_BIN" ] || build_jaeger
  local t0; t0=$(date +%s)
  spawn "$NAME" "$LOG_DIR/$NAME.log" "$JAEGER_BIN" --config "$JAEGER_CONFIG"
  wait_for "$NAME" local_healthy
  log "jaeger: up (pid $(cat "$RUN_DIR/$NAME.pid"), OTLP 127.0.0.1:$RIVULET_OTLP_GRPC_PORT/$RIVULET_OTLP_HTTP_PORT, query $QUERY_URL) in $(( $(date +%s) - t0 ))s"
}

down() {
  if [ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]; then log "jaeger: external, nothing to stop"; return 0; fi
  stop_pid "$NAME" 20
}

status() {
  if [ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]; then
    echo "jaeger: external (OTEL_EXPORTER_OTLP_ENDPOINT=$OTEL_EXPORTER_OTLP_ENDPOINT)"; return 0
  fi
  if pid_alive "$NAME"; then
    echo "jaeger: up (pid $(cat "$RUN_DIR/$NAME.pid"), OTLP 127.0.0.1:$RIVULET_OTLP_GRPC_PORT/$RIVULET_OTLP_HTTP_PORT, query $QUERY_URL)"
    return 0
  fi
  echo "jaeger: down"; return 1
}

# verify: one span in through OTLP/HTTP JSON, read back through the query API.
verify() {
  local otlp="${OTEL_EXPORTER_OTLP_ENDPOINT:-$OTLP_HTTP_URL}" query="${JAEGER_QUERY_URL:-$QUERY_URL}"
  local trace span now
  trace="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  span="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  now="$(date +%s%N)"
  curl -fsS --max-time 5 -H 'Content-Type: application/json' -o /dev/null "${otlp%/}/v1/traces" -d @- <<EOF \
    || die "jaeger: OTLP/HTTP export to ${otlp%/}/v1/traces failed"
{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"rivulet-probe"}}]},
 "scopeSpans":[{"scope":{"name":"stack.sh"},"spans":[{"traceId":"$trace","spanId":"$span","name":"probe",
 "kind":1,"startTimeUnixNano":"$(( now - 1000000 ))","endTimeUnixNano":"$now"}]}]}]}
EOF
  local deadline=$(( $(date +%s) + 15 ))
  until curl -fsS --max-time 3 "$query/api/traces?service=rivulet-probe&limit=50" 2>/dev/null | grep -q "\"$trace\""; do
    [ "$(date +%s)" -lt "$deadline" ] || die "jaeger: span $trace sent to $otlp was not found through $query"
    sleep 0.2
  done
  log "jaeger: verified: trace $trace sent over OTLP/HTTP and read back from $query"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  verify) verify ;;
  build) build_jaeger ;;  # compile only (CI does it before the timed test run)
  *) die "usage: jaeger.sh up|down|status|verify|build" ;;
esac
