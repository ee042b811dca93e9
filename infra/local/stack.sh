#!/usr/bin/env bash
# Local stack for machines without Docker: Kafka (KRaft, from Maven Central jars), a Confluent-compatible
# schema registry (Apicurio), PostgreSQL and a trace backend (Jaeger v2), each a plain process on loopback.
#
#   stack.sh up [component...]      start (idempotent: a running component is reused), wait for health
#   stack.sh down [component...]    stop cleanly (SIGTERM, then SIGKILL after a grace period)
#   stack.sh status [component...]  one line per component; exit 1 if any is down
#
# A component whose external replacement is configured (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL,
# OTEL_EXPORTER_OTLP_ENDPOINT) is not started; its address is passed through instead.
# After `up`, .local/stack.env holds the addresses as `export` lines for apps and tests to source.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

ALL_COMPONENTS=(postgres kafka registry jaeger)

cmd="${1:-status}"; shift || true
components=("$@"); [ ${#components[@]} -gt 0 ] || components=("${ALL_COMPONENTS[@]}")

for c in "${components[@]}"; do
  [ -f "$HERE/components/$c.sh" ] || die "unknown component '$c' (known: ${ALL_COMPONENTS[*]})"
done

case "$cmd" in
  up)
    started=$(date +%s)
    for c in "${components[@]}"; do
      bash "$HERE/components/$c.sh" up
    done
    write_stack_env
    log "stack up in $(( $(date +%s) - started ))s; addresses in $STACK_ENV"
    ;;
  down)
    # Stop in reverse order: clients of Kafka (the registry) before Kafka itself.
    for (( i=${#components[@]}-1; i>=0; i-- )); do
      bash "$HERE/components/${components[$i]}.sh" down
    done
    ;;
  status)
    rc=0
    for c in "${components[@]}"; do
      bash "$HERE/components/$c.sh" status || rc=1
    done
    exit $rc
    ;;
  env)
    write_stack_env
    cat "$STACK_ENV"
    ;;
  *) die "usage: stack.sh up|down|status|env [${ALL_COMPONENTS[*]}]" ;;
esac
