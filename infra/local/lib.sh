#!/usr/bin/env bash
# Shared helpers and defaults for the local stack scripts. Sourced, never run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${RIVULET_CACHE_DIR:-$ROOT/.cache}"      # downloads (jars, archives, binaries): kept across runs
STATE_DIR="${RIVULET_STATE_DIR:-$ROOT/.local}"      # data, pids and logs of the running stack
RUN_DIR="$STATE_DIR/run"
LOG_DIR="$STATE_DIR/logs"
STACK_ENV="$STATE_DIR/stack.env"
mkdir -p "$CACHE_DIR" "$RUN_DIR" "$LOG_DIR"

# Ports on 127.0.0.1, chosen away from the usual defaults so a developer's own services do not collide.
: "${RIVULET_KAFKA_PORT:=19092}"
: "${RIVULET_KAFKA_CONTROLLER_PORT:=19093}"
: "${RIVULET_REGISTRY_PORT:=18081}"
: "${RIVULET_PG_PORT:=15432}"
: "${RIVULET_OTLP_GRPC_PORT:=14317}"
: "${RIVULET_OTLP_HTTP_PORT:=14318}"
: "${RIVULET_JAEGER_QUERY_PORT:=16686}"
: "${RIVULET_STACK_TIMEOUT:=180}"

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

# pid_alive NAME: true when .local/run/NAME.pid names a live process.
pid_alive() {
  local f="$RUN_DIR/$1.pid"
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

# stop_pid NAME [GRACE_SECONDS]: SIGTERM the process group, wait, then SIGKILL.
stop_pid() {
  local name="$1" grace="${2:-30}" f="$RUN_DIR/$1.pid" pid
  if ! pid_alive "$name"; then rm -f "$f"; log "$name: not running"; return 0; fi
  pid="$(cat "$f")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 "$grace"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name: did not stop in ${grace}s, killing"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"; log "$name: stopped"
}

# spawn NAME LOGFILE CMD...: start CMD detached in its own session (so `down` can signal the whole group).
spawn() {
  local name="$1" logfile="$2"; shift 2
  setsid "$@" >>"$logfile" 2>&1 < /dev/null &
  echo $! > "$RUN_DIR/$name.pid"
}

# wait_for NAME CHECK_CMD...: poll CHECK_CMD until it succeeds, the process dies, or the timeout passes.
wait_for() {
  local name="$1"; shift
  local deadline=$(( $(date +%s) + RIVULET_STACK_TIMEOUT ))
  until "$@" >/dev/null 2>&1; do
    if [ -f "$RUN_DIR/$name.pid" ] && ! pid_alive "$name"; then
      tail -n 30 "$LOG_DIR/$name.log" >&2 || true
      die "$name exited during start-up; log above and in $LOG_DIR/$name.log"
    fi
    [ "$(date +%s)" -lt "$deadline" ] || die "$name not healthy after ${RIVULET_STACK_TIMEOUT}s; see $LOG_DIR/$name.log"
    sleep 1
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# kafka_broker_count: how many Kafka nodes the local stack runs: RIVULET_KAFKA_BROKERS (1 or 3) when set,
# else what the last `up` recorded in .local/kafka-cluster (so a later `stack.sh up kafka` keeps the shape), else 1.
kafka_broker_count() {
  local n="${RIVULET_KAFKA_BROKERS:-}"
  [ -n "$n" ] || n="$(cat "$STATE_DIR/kafka-cluster" 2>/dev/null || true)"
  [ -n "$n" ] || n=1
  case "$n" in 1|3) echo "$n" ;; *) die "RIVULET_KAFKA_BROKERS must be 1 or 3, got '$n'" ;; esac
}

# kafka_node_port I / kafka_node_controller_port I: node I (1-based) listens 10 ports above node I-1.
kafka_node_port() { echo $(( RIVULET_KAFKA_PORT + 10 * ($1 - 1) )); }
kafka_node_controller_port() { echo $(( RIVULET_KAFKA_CONTROLLER_PORT + 10 * ($1 - 1) )); }

# kafka_local_bootstrap: the local cluster's broker addresses, comma-separated (one per node).
kafka_local_bootstrap() {
  local n i out=""; n="$(kafka_broker_count)"
  for (( i=1; i<=n; i++ )); do out="${out:+$out,}127.0.0.1:$(kafka_node_port "$i")"; done
  echo "$out"
}

# Addresses apps and tests use: external ones when configured, else the local stack's.
write_stack_env() {
  {
    echo "export KAFKA_BROKERS='${KAFKA_BROKERS:-$(kafka_local_bootstrap)}'"
    echo "export SCHEMA_REGISTRY_URL='${SCHEMA_REGISTRY_URL:-http://127.0.0.1:$RIVULET_REGISTRY_PORT/apis/ccompat/v7}'"
    echo "export DATABASE_URL='${DATABASE_URL:-postgres://rivulet:rivulet@127.0.0.1:$RIVULET_PG_PORT/rivulet}'"
    echo "export OTEL_EXPORTER_OTLP_ENDPOINT='${OTEL_EXPORTER_OTLP_ENDPOINT:-http://127.0.0.1:$RIVULET_OTLP_HTTP_PORT}'"
    echo "export JAEGER_QUERY_URL='${JAEGER_QUERY_URL:-http://127.0.0.1:$RIVULET_JAEGER_QUERY_PORT}'"
  } > "$STACK_ENV"
}

# --- JVM components (kafka, registry) -------------------------------------------------------------------
: "${RIVULET_MAVEN_REPO:=https://repo1.maven.org/maven2}"

# java_major BIN: the Java feature version of BIN (8, 17, 21, 25...), empty when it does not run.
java_major() {
  local ver
  ver="$("$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/{print $2; exit}')"
  ver="${ver#1.}"; echo "${ver%%.*}"
}

# require_java MIN HINT: set JAVA (and JAVA_MAJOR) to a java binary of version >= MIN, looking at $JAVA_HOME,
# then PATH, then the JDKs under /usr/lib/jvm; or die naming the JDK to install and HINT (the external option).
require_java() {
  local min="$1" hint="$2" cand major
  for cand in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
    [ -n "$cand" ] && [ -x "$cand" ] || continue
    major="$(java_major "$cand")"
    if [ -n "$major" ] && [ "$major" -ge "$min" ] 2>/dev/null; then JAVA="$cand"; JAVA_MAJOR="$major"; return 0; fi
  done
  die "Java $min+ not found: install a JDK $min+ (apt-get install openjdk-$min-jre-headless), or $hint"
}

# port_user PORT: short description of what listens on 127.0.0.1:PORT (empty when unknown).
port_user() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n 1 || true
}

# pid_cmdline_has NAME PATTERN: the process in .local/run/NAME.pid is alive and its command line contains
# PATTERN (guards against a stale pid file whose pid was reused by an unrelated process).
pid_cmdline_has() {
  pid_alive "$1" || return 1
  tr '\0' ' ' < "/proc/$(cat "$RUN_DIR/$1.pid")/cmdline" 2>/dev/null | grep -F -- "$2" >/dev/null
}

# lock_component NAME: serialise concurrent up/down of one component (released when the script exits).
lock_component() {
  exec 9>"$RUN_DIR/$1.lock"
  flock -w "$RIVULET_STACK_TIMEOUT" 9 || die "$1: another stack.sh is still starting or stopping it (lock $RUN_DIR/$1.lock)"
}

# rotate_log NAME: keep the previous run's log as NAME.log.1 so each start begins with a fresh log.
rotate_log() {
  [ -s "$LOG_DIR/$1.log" ] && mv -f "$LOG_DIR/$1.log" "$LOG_DIR/$1.log.1"
  : > "$LOG_DIR/$1.log"
}
