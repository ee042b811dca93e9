#!/usr/bin/env bash
# Kafka component of the local stack: one Apache Kafka 4.x node in KRaft mode (broker + controller in one
# JVM), run as plain `java` on a classpath of Maven Central jars. See infra/local/README.md.
#
#   kafka.sh up|down|status
#   kafka.sh tool CLASS [ARGS...]   run a Kafka CLI tool class (TopicCommand, ConsumerGroupCommand, perf tools)
#
# Env: KAFKA_BROKERS (use an external cluster, start nothing), RIVULET_KAFKA_VERSION (default below),
#      RIVULET_KAFKA_PORT / RIVULET_KAFKA_CONTROLLER_PORT, RIVULET_KAFKA_HEAP_OPTS, RIVULET_STACK_TIMEOUT.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../lib.sh
source "$HERE/../lib.sh"

NAME=kafka
KAFKA_VERSION="${RIVULET_KAFKA_VERSION:-4.2.2}"
LOG4J_VERSION=2.25.3            # log4j2 + its SLF4J 1.x binding, matching Kafka's own distribution layout
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
LIBS="$KAFKA_HOME/libs"
KSTATE="$STATE_DIR/kafka"
DATA_DIR="$KSTATE/data"
CONF="$KSTATE/server.properties"
LOG4J_CONF="$KSTATE/log4j2.properties"
HEAP_OPTS="${RIVULET_KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
ADDR="127.0.0.1:$RIVULET_KAFKA_PORT"
EXTERNAL_HINT="set KAFKA_BROKERS to use an existing cluster"

# kafka_probe HOST:PORT: send a Kafka ApiVersions v0 request over bash's /dev/tcp and check that the reply
# carries our correlation id and error code 0. A real protocol round trip (not just an open port) that costs
# milliseconds instead of the seconds a JVM tool needs to start.
kafka_probe() {
  local host="${1%:*}" port="${1##*:}" reply
  reply="$(
    exec 2>/dev/null
    exec 3<>"/dev/tcp/$host/$port" || exit 1
    # size=14 | api_key=18 (ApiVersions) | api_version=0 | correlation_id=0x52495654 | client_id="rivu"
    printf '\x00\x00\x00\x0e\x00\x12\x00\x00\x52\x49\x56\x54\x00\x04rivu' >&3
    timeout 5 head -c 10 <&3 | od -An -tx1 | tr -d ' \n'
  )" || return 1
  # 4 bytes size, then correlation id, then error_code 0
  [ "${reply:8:12}" = "524956540000" ]
}

# kafka_run CLASS ARGS...: run a Kafka/tools main class from the cached jars (storage format, admin tools);
# tool logging is WARN and goes to stderr, so stdout carries only the tool's own output.
kafka_run() {
  mkdir -p "$KSTATE"
  printf '%s\n' 'status = warn' 'appender.err.type = Console' 'appender.err.name = ERR' \
    'appender.err.target = SYSTEM_ERR' 'appender.err.layout.type = PatternLayout' \
    'appender.err.layout.pattern = %p %m (%c)%n' 'rootLogger.level = warn' 'rootLogger.appenderRef.err.ref = ERR' \
    > "$KSTATE/tools-log4j2.properties"
  "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$KSTATE/tools-log4j2.properties" \
    -cp "$LIBS/*" "$@"
}

# tool NAME ARGS...: run a Kafka command-line tool against the local broker's jars, e.g.
#   kafka.sh tool TopicCommand --bootstrap-server 127.0.0.1:19092 --list
#   kafka.sh tool consumer.group.ConsumerGroupCommand --bootstrap-server 127.0.0.1:19092 --list
# A NAME not starting with org. or kafka. is taken relative to org.apache.kafka.tools.
tool() {
  [ $# -ge 1 ] || die "usage: kafka.sh tool CLASS [ARGS...] (e.g. TopicCommand --bootstrap-server $ADDR --list)"
  local cls="$1"; shift
  case "$cls" in org.*|kafka.*) ;; *) cls="org.apache.kafka.tools.$cls" ;; esac
  require_java 17 "$EXTERNAL_HINT"
  fetch_libs
  kafka_run "$cls" "$@"
}

fetch_libs() {
  [ -f "$LIBS/.complete" ] && return 0
  command -v mvn >/dev/null 2>&1 \
    || die "Maven (mvn) not found: it resolves Kafka's jars from Maven Central once; install it (apt-get install maven), or $EXTERNAL_HINT"
  log "kafka: fetching org.apache.kafka:kafka_2.13:$KAFKA_VERSION + kafka-tools + log4j2 from Maven (once, into $LIBS)"
  local build="$KAFKA_HOME/.build"
  rm -rf "$build" "$LIBS.partial"; mkdir -p "$build"
  cat > "$build/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.rivulet.local</groupId><artifactId>kafka-libs</artifactId><version>1</version>
  <packaging>pom</packaging>
  <repositories><repository><id>central-rivulet</id><url>$RIVULET_MAVEN_REPO</url></repository></repositories>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  if ! (cd "$build" && mvn -B -q dependency:copy-dependencies -DincludeScope=runtime \
          -DoutputDirectory="$LIBS.partial" >"$build/mvn.log" 2>&1); then
    tail -n 20 "$build/mvn.log" >&2 || true
    die "kafka: downloading Kafka $KAFKA_VERSION jars failed (Maven output above, full log $build/mvn.log); check network access to $RIVULET_MAVEN_REPO and that version $KAFKA_VERSION exists"
  fi
  [ -f "$LIBS.partial/kafka_2.13-$KAFKA_VERSION.jar" ] && [ -f "$LIBS.partial/kafka-tools-$KAFKA_VERSION.jar" ] \
    || die "kafka: Maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing from $LIBS.partial"
  rm -rf "$LIBS"; mv "$LIBS.partial" "$LIBS"
  date -u +%FT%TZ > "$LIBS/.complete"
  log "kafka: $(find "$LIBS" -name '*.jar' | wc -l) jars cached in $LIBS"
}

write_config() {
  mkdir -p "$DATA_DIR"
  cat > "$CONF" <<EOF
# Generated by infra/local/components/kafka.sh on every 'up'; edit the script, not this file.
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$RIVULET_KAFKA_PORT,CONTROLLER://127.0.0.1:$RIVULET_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$RIVULET_KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.bootstrap.servers=127.0.0.1:$RIVULET_KAFKA_CONTROLLER_PORT
log.dirs=$DATA_DIR

# Topics are created explicitly (by apps, tests and scripts), never by a typo'd producer.
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1
min.insync.replicas=1

# Single node: internal topics with replication 1; fewer partitions than the defaults (50) for a small box.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Tests join groups often: no 3 s wait for more members before the first rebalance.
group.initial.rebalance.delay.ms=0

num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=168
EOF
  cat > "$LOG4J_CONF" <<'EOF'
# Generated by infra/local/components/kafka.sh. Everything goes to stdout, which the stack sends to
# .local/logs/kafka.log (rotated to kafka.log.1 on each start).
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.target = SYSTEM_OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.out.ref = OUT
logger.request.name = kafka.request.logger
logger.request.level = warn
logger.state.name = state.change.logger
logger.state.level = warn
logger.netclient.name = org.apache.kafka.clients.NetworkClient
logger.netclient.level = warn
EOF
}

# format_storage: once per data dir. --standalone writes a one-voter KRaft quorum (dynamic quorum, KIP-853)
# whose voter endpoint is the CONTROLLER listener, hence the port recorded next to the data.
format_storage() {
  local marker="$KSTATE/formatted"
  if [ -f "$DATA_DIR/meta.properties" ]; then
    if [ -f "$marker" ] && ! grep -qx "controller_port=$RIVULET_KAFKA_CONTROLLER_PORT" "$marker"; then
      die "kafka: $DATA_DIR was formatted with another controller port ($(grep controller_port "$marker")); set RIVULET_KAFKA_CONTROLLER_PORT back, or remove $KSTATE to start with an empty cluster"
    fi
    return 0
  fi
  local id
  id="$(kafka_run kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  [[ "$id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka: StorageTool random-uuid returned '$id'"
  log "kafka: formatting $DATA_DIR (cluster id $id)"
  kafka_run kafka.tools.StorageTool format --standalone -t "$id" -c "$CONF" >"$LOG_DIR/kafka-format.log" 2>&1 || {
    cat "$LOG_DIR/kafka-format.log" >&2; die "kafka: formatting storage failed (output above)"; }
  printf 'cluster_id=%s\ncontroller_port=%s\nkafka_version=%s\nformatted_at=%s\n' \
    "$id" "$RIVULET_KAFKA_CONTROLLER_PORT" "$KAFKA_VERSION" "$(date -u +%FT%TZ)" > "$marker"
}

running() { pid_cmdline_has "$NAME" "kafka.Kafka"; }

# healthy: our process is up, its log says the server finished starting, and the broker answers ApiVersions.
healthy() {
  running && grep -q "Kafka Server started" "$LOG_DIR/$NAME.log" 2>/dev/null && kafka_probe "$ADDR"
}

up() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    local first="${KAFKA_BROKERS%%,*}"; first="${first#*://}"
    kafka_probe "$first" || die "kafka: external KAFKA_BROKERS=$KAFKA_BROKERS: $first does not answer a Kafka ApiVersions request"
    log "kafka: using external Kafka at $KAFKA_BROKERS"
    return 0
  fi
  if running; then
    if kafka_probe "$ADDR"; then log "kafka: already running (pid $(cat "$RUN_DIR/$NAME.pid")), reusing"; return 0; fi
    log "kafka: process running but not answering yet; waiting"
    wait_for "$NAME" kafka_probe "$ADDR"; return 0
  fi
  rm -f "$RUN_DIR/$NAME.pid"
  require_java 17 "$EXTERNAL_HINT"
  local p
  for p in "$RIVULET_KAFKA_PORT" "$RIVULET_KAFKA_CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "kafka: port 127.0.0.1:$p is already in use by another process $(port_user "$p") (not this stack's Kafka); stop it, or choose other ports with RIVULET_KAFKA_PORT / RIVULET_KAFKA_CONTROLLER_PORT"
    fi
  done
  fetch_libs
  write_config
  format_storage
  rotate_log "$NAME"
  # Class-data sharing for the broker's ~90 jars: the first clean stop writes an archive of the loaded
  # classes, later starts map it (faster JVM start). Java 19+ recreates it itself when stale; on 17/18 the
  # archive is written once (a stale one only costs the speed-up: the JVM then ignores it with a warning).
  local jsa="$KAFKA_HOME/cds-java$JAVA_MAJOR.jsa" cds=()
  if [ "$JAVA_MAJOR" -ge 19 ]; then cds=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$jsa")
  elif [ -f "$jsa" ]; then cds=(-XX:SharedArchiveFile="$jsa")
  else cds=(-XX:ArchiveClassesAtExit="$jsa"); fi
  local t0; t0=$(date +%s)
  log "kafka: starting Kafka $KAFKA_VERSION on $ADDR (controller 127.0.0.1:$RIVULET_KAFKA_CONTROLLER_PORT)"
  # shellcheck disable=SC2086  # HEAP_OPTS is a list of JVM flags
  spawn "$NAME" "$LOG_DIR/$NAME.log" "$JAVA" $HEAP_OPTS -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true "${cds[@]}" \
    -Dlog4j2.configurationFile="$LOG4J_CONF" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIBS/*" kafka.Kafka "$CONF" 9>&-   # the child must not inherit the component lock
  wait_for "$NAME" healthy
  log "kafka: up in $(( $(date +%s) - t0 ))s (pid $(cat "$RUN_DIR/$NAME.pid"), $ADDR)"
}

down() {
  if [ -n "${KAFKA_BROKERS:-}" ] && ! pid_alive "$NAME"; then log "kafka: external ($KAFKA_BROKERS), nothing to stop"; return 0; fi
  # The registry keeps its storage in this broker and hangs in shutdown without it: stop it first.
  if pid_alive registry; then bash "$HERE/registry.sh" down; fi
  stop_pid "$NAME" 60
}

status() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    local first="${KAFKA_BROKERS%%,*}"; first="${first#*://}"
    if kafka_probe "$first"; then echo "kafka: external ($KAFKA_BROKERS), reachable"; return 0; fi
    echo "kafka: external ($KAFKA_BROKERS), NOT reachable"; return 1
  fi
  if running && kafka_probe "$ADDR"; then
    echo "kafka: up (pid $(cat "$RUN_DIR/$NAME.pid"), $ADDR)"
  elif running; then
    echo "kafka: starting or unhealthy (pid $(cat "$RUN_DIR/$NAME.pid"), $ADDR not answering)"; return 1
  else
    echo "kafka: down"; return 1
  fi
}

case "${1:-}" in
  up) lock_component "$NAME"; up ;;
  down) lock_component "$NAME"; down ;;
  status) status ;;
  tool) shift; tool "$@" ;;
  *) die "usage: kafka.sh up|down|status|tool CLASS [ARGS...]" ;;
esac
