#!/usr/bin/env bash
# Schema registry component of the local stack: Apicurio Registry 3 (Quarkus app from Maven Central), with
# its Confluent-compatible API at /apis/ccompat/v7 and its storage in a Kafka topic on our broker
# ("kafkasql"), so schema ids survive restarts. See infra/local/README.md.
#
#   registry.sh up|down|status
#
# Env: SCHEMA_REGISTRY_URL (use an external registry, start nothing), RIVULET_APICURIO_VERSION,
#      RIVULET_REGISTRY_PORT, RIVULET_REGISTRY_MANAGEMENT_PORT (health/metrics), RIVULET_REGISTRY_HEAP_OPTS,
#      RIVULET_REGISTRY_COMPATIBILITY (global default rule, BACKWARD like Confluent), RIVULET_STACK_TIMEOUT.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../lib.sh
source "$HERE/../lib.sh"

NAME=registry
APICURIO_VERSION="${RIVULET_APICURIO_VERSION:-3.3.3}"
: "${RIVULET_REGISTRY_MANAGEMENT_PORT:=18082}"
: "${RIVULET_REGISTRY_COMPATIBILITY:=BACKWARD}"
HEAP_OPTS="${RIVULET_REGISTRY_HEAP_OPTS:--Xmx384m -Xms128m}"
APP_DIR="$CACHE_DIR/apicurio-$APICURIO_VERSION"
ARTIFACT="io/apicurio/apicurio-registry-app/$APICURIO_VERSION/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz"
BASE_URL="http://127.0.0.1:$RIVULET_REGISTRY_PORT"
CCOMPAT_URL="$BASE_URL/apis/ccompat/v7"
READY_URL="http://127.0.0.1:$RIVULET_REGISTRY_MANAGEMENT_PORT/health/ready"
BROKERS="${KAFKA_BROKERS:-$(kafka_local_bootstrap)}"
# KafkaSQL topics: the journal is the registry's database (retention -1, created by Apicurio itself).
JOURNAL_TOPIC=_registry-journal
SNAPSHOTS_TOPIC=_registry-snapshots
EVENTS_TOPIC=_registry-events
EXTERNAL_HINT="set SCHEMA_REGISTRY_URL to use an existing registry"

http_ok() { curl -fsS -o /dev/null --max-time 5 "$1"; }

fetch_app() {
  [ -f "$APP_DIR/.complete" ] && return 0
  command -v curl >/dev/null 2>&1 || die "registry: curl not found (apt-get install curl)"
  local url="$RIVULET_MAVEN_REPO/$ARTIFACT" tmp="$APP_DIR.partial"
  log "registry: downloading $url (~160 MB, once, into $APP_DIR)"
  rm -rf "$tmp"; mkdir -p "$tmp"
  curl -fsSL --retry 3 --retry-delay 2 --connect-timeout 20 -o "$tmp/app.tar.gz" "$url" \
    || die "registry: download of Apicurio Registry $APICURIO_VERSION failed: $url (check network access to $RIVULET_MAVEN_REPO and the version)"
  local want got
  want="$(curl -fsSL --retry 3 "$url.sha1" | cut -c1-40)" || die "registry: could not fetch $url.sha1"
  got="$(sha1sum "$tmp/app.tar.gz" | cut -c1-40)"
  [ "$want" = "$got" ] || die "registry: checksum mismatch for $url (sha1 $got, expected $want); try again"
  tar -xzf "$tmp/app.tar.gz" -C "$tmp" || die "registry: could not unpack $tmp/app.tar.gz"
  rm -f "$tmp/app.tar.gz"
  [ -f "$tmp/quarkus-run.jar" ] || die "registry: quarkus-run.jar not found in the Apicurio archive"
  rm -rf "$APP_DIR"; mv "$tmp" "$APP_DIR"
  date -u +%FT%TZ > "$APP_DIR/.complete"
}

running() { pid_cmdline_has "$NAME" "quarkus-run.jar"; }
ready() { http_ok "$READY_URL" && http_ok "$CCOMPAT_URL/subjects"; }

up() {
  if [ -n "${SCHEMA_REGISTRY_URL:-}" ]; then
    http_ok "${SCHEMA_REGISTRY_URL%/}/subjects" \
      || die "registry: external SCHEMA_REGISTRY_URL=$SCHEMA_REGISTRY_URL does not answer GET /subjects"
    log "registry: using external schema registry at $SCHEMA_REGISTRY_URL"
    return 0
  fi
  if running; then
    if ready; then log "registry: already running (pid $(cat "$RUN_DIR/$NAME.pid")), reusing"; return 0; fi
    log "registry: process running but not ready yet; waiting"
    wait_for "$NAME" ready; return 0
  fi
  rm -f "$RUN_DIR/$NAME.pid"
  # Apicurio 3.1+ is compiled for Java 21 (class file 65); 3.0.x still runs on 17.
  case "$APICURIO_VERSION" in
    2.*|3.0.*) require_java 17 "$EXTERNAL_HINT" ;;
    *) require_java 21 "set RIVULET_APICURIO_VERSION=3.0.9 (runs on Java 17), or $EXTERNAL_HINT" ;;
  esac
  local p
  for p in "$RIVULET_REGISTRY_PORT" "$RIVULET_REGISTRY_MANAGEMENT_PORT"; do
    if port_open "$p"; then
      die "registry: port 127.0.0.1:$p is already in use by another process $(port_user "$p") (not this stack's registry); stop it, or choose other ports with RIVULET_REGISTRY_PORT / RIVULET_REGISTRY_MANAGEMENT_PORT"
    fi
  done
  # Storage lives in Kafka: make sure it is up (idempotent; with KAFKA_BROKERS set it only checks it).
  bash "$HERE/kafka.sh" up
  fetch_app
  mkdir -p "$STATE_DIR/registry/tmp"
  rotate_log "$NAME"
  local t0; t0=$(date +%s)
  log "registry: starting Apicurio Registry $APICURIO_VERSION on $CCOMPAT_URL (storage: kafkasql on $BROKERS; $JAVA)"
  # Class-data sharing: on Java 19+ the JVM writes a dynamic CDS archive of the loaded classes at its first
  # clean exit and maps it on later starts (rebuilt automatically when the JDK or jars change).
  local cds=()
  if [ "$JAVA_MAJOR" -ge 19 ]; then
    cds=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$APP_DIR/cds-java$JAVA_MAJOR.jsa")
  fi
  # SerialGC + C1 only: the registry is small and lightly loaded; this starts noticeably faster on 2 cores.
  # shellcheck disable=SC2086  # HEAP_OPTS is a list of JVM flags
  spawn "$NAME" "$LOG_DIR/$NAME.log" "$JAVA" $HEAP_OPTS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -XX:+ExitOnOutOfMemoryError "${cds[@]}" \
    -Djava.io.tmpdir="$STATE_DIR/registry/tmp" \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dquarkus.log.console.format='%d{yyyy-MM-dd HH:mm:ss,SSS} %p [%c{2.}] (%t) %m%n' \
    -Dquarkus.log.category.\"org.apache.kafka\".level=WARN \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$RIVULET_REGISTRY_PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$RIVULET_REGISTRY_MANAGEMENT_PORT" \
    -Dapicurio.storage.kind=kafkasql \
    -Dapicurio.kafkasql.bootstrap.servers="$BROKERS" \
    -Dapicurio.kafkasql.topic="$JOURNAL_TOPIC" \
    -Dapicurio.kafkasql.snapshots.topic="$SNAPSHOTS_TOPIC" \
    -Dapicurio.events.kafka.topic="$EVENTS_TOPIC" \
    -Dapicurio.kafkasql.topic.auto-create=true \
    -Dapicurio.kafkasql.consumer.group-prefix=rivulet-registry- \
    -Dapicurio.kafkasql.consumer.poll.timeout=1000 \
    -Dapicurio.storage.snapshot.location="$STATE_DIR/registry/tmp" \
    -Dapicurio.import.work-dir="$STATE_DIR/registry/tmp" \
    -Dapicurio.ccompat.legacy-id-mode.enabled=false \
    -Dapicurio.ccompat.use-canonical-hash=true \
    -Dapicurio.ccompat.max-subjects=100000 \
    -Dapicurio.rules.global.validity=FULL \
    -Dapicurio.rules.global.compatibility="$RIVULET_REGISTRY_COMPATIBILITY" \
    -jar "$APP_DIR/quarkus-run.jar" 9>&-   # the child must not inherit the component lock
  wait_for "$NAME" ready
  log "registry: up in $(( $(date +%s) - t0 ))s (pid $(cat "$RUN_DIR/$NAME.pid"), $CCOMPAT_URL)"
}

down() {
  if [ -n "${SCHEMA_REGISTRY_URL:-}" ] && ! pid_alive "$NAME"; then log "registry: external ($SCHEMA_REGISTRY_URL), nothing to stop"; return 0; fi
  stop_pid "$NAME" 60   # a clean stop also writes the class-data archive on the first run
}

status() {
  if [ -n "${SCHEMA_REGISTRY_URL:-}" ]; then
    if http_ok "${SCHEMA_REGISTRY_URL%/}/subjects"; then echo "registry: external ($SCHEMA_REGISTRY_URL), reachable"; return 0; fi
    echo "registry: external ($SCHEMA_REGISTRY_URL), NOT reachable"; return 1
  fi
  if running && ready; then
    echo "registry: up (pid $(cat "$RUN_DIR/$NAME.pid"), $CCOMPAT_URL)"
  elif running; then
    echo "registry: starting or unhealthy (pid $(cat "$RUN_DIR/$NAME.pid"), $READY_URL not ready)"; return 1
  else
    echo "registry: down"; return 1
  fi
}

case "${1:-}" in
  up) lock_component "$NAME"; up ;;
  down) lock_component "$NAME"; down ;;
  status) status ;;
  *) die "usage: registry.sh up|down|status" ;;
esac
