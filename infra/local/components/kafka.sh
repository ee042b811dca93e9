#!/usr/bin/env bash
# Kafka component of the local stack: Apache Kafka 4.x in KRaft mode, each node a broker and a controller in
# one JVM, run as plain `java` on a classpath of Maven Central jars. One node by default; three with
# RIVULET_KAFKA_BROKERS=3 (a 3-voter controller quorum that survives the loss of any one node, replication 3,
# min.insync.replicas 2). See infra/local/README.md.
#
#   kafka.sh up|down|status
#   kafka.sh kill NODE              SIGKILL node NODE (1..3) of a 3-node cluster (the fault suite); `up` restarts it
#   kafka.sh tool CLASS [ARGS...]   run a Kafka CLI tool class (TopicCommand, ConsumerGroupCommand, perf tools)
#
# Env: KAFKA_BROKERS (use an external cluster, start nothing), RIVULET_KAFKA_BROKERS (1 or 3; default: what
#      the last `up` used, else 1), RIVULET_KAFKA_VERSION (default below), RIVULET_KAFKA_PORT /
#      RIVULET_KAFKA_CONTROLLER_PORT (node 1; node N uses them + 10*(N-1)), RIVULET_KAFKA_HEAP_OPTS,
#      RIVULET_STACK_TIMEOUT.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../lib.sh
source "$HERE/../lib.sh"

NAME=kafka
KAFKA_VERSION="${RIVULET_KAFKA_VERSION:-4.2.2}"
LOG4J_VERSION=2.25.3            # log4j2 + its SLF4J 1.x binding, matching Kafka's own distribution layout
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
LIBS="$KAFKA_HOME/libs"
KSTATE="$STATE_DIR/kafka"       # tools' scratch files; a single node also keeps its data here
BROKER_COUNT="$(kafka_broker_count)"
CLUSTER_FILE="$STATE_DIR/kafka-cluster"   # the node count of the last `up`
if [ "$BROKER_COUNT" = 1 ]; then HEAP_DEFAULT="-Xmx512m -Xms256m"; else HEAP_DEFAULT="-Xmx384m -Xms128m"; fi
HEAP_OPTS="${RIVULET_KAFKA_HEAP_OPTS:-$HEAP_DEFAULT}"
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

# Per-node names. A single-node cluster keeps the original layout (pid/log name `kafka`, state in .local/kafka);
# node N of a 3-node cluster is `kafka-N` with state in .local/kafka-N.
node_name() { if [ "$BROKER_COUNT" = 1 ]; then echo "$NAME"; else echo "$NAME-$1"; fi; }
node_state() { echo "$STATE_DIR/$(node_name "$1")"; }
node_addr() { echo "127.0.0.1:$(kafka_node_port "$1")"; }

# write_config NODE: server.properties and log4j2.properties of one node.
write_config() {
  local i="$1" st; st="$(node_state "$i")"
  local port cport; port="$(kafka_node_port "$i")"; cport="$(kafka_node_controller_port "$i")"
  mkdir -p "$st/data"
  local quorum replicas isr
  if [ "$BROKER_COUNT" = 1 ]; then
    quorum="controller.quorum.bootstrap.servers=127.0.0.1:$cport"; replicas=1; isr=1
  else
    # A static 3-voter quorum (controller.quorum.voters): the voter set is fixed, which is all a local
    # cluster needs, and every node is formatted alike (no --standalone/--initial-controllers bootstrap).
    local voters="" j
    for (( j=1; j<=BROKER_COUNT; j++ )); do voters="${voters:+$voters,}$j@127.0.0.1:$(kafka_node_controller_port "$j")"; done
    quorum="controller.quorum.voters=$voters"; replicas=3; isr=2
  fi
  cat > "$st/server.properties" <<EOF
# Generated by infra/local/components/kafka.sh on every 'up'; edit the script, not this file.
process.roles=broker,controller
node.id=$i
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
$quorum
log.dirs=$st/data

# Topics are created explicitly (by apps, tests and scripts), never by a typo'd producer.
auto.create.topics.enable=false
num.partitions=1
# One replica per node (at most 3); with 3, a write (acks=all) needs 2 in-sync copies, so losing one node
# loses no acknowledged record and does not stop producers.
default.replication.factor=$replicas
min.insync.replicas=$isr

# Internal topics likewise; fewer partitions than the defaults (50) for a small box.
offsets.topic.replication.factor=$replicas
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=$isr
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=$replicas
share.coordinator.state.topic.min.isr=$isr

# Tests join groups often: no 3 s wait for more members before the first rebalance.
group.initial.rebalance.delay.ms=0

num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=168
EOF
  cat > "$st/log4j2.properties" <<'EOF'
# Generated by infra/local/components/kafka.sh. Everything goes to stdout, which the stack sends to
# .local/logs/<node>.log (rotated to <node>.log.1 on each start).
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

# cluster_id: one id for every node of the cluster, made once and kept next to the nodes' data.
cluster_id() {
  local f="$STATE_DIR/kafka-cluster-id" id
  if [ "$BROKER_COUNT" != 1 ] && [ -s "$f" ]; then cat "$f"; return 0; fi
  id="$(kafka_run kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  [[ "$id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka: StorageTool random-uuid returned '$id'"
  [ "$BROKER_COUNT" = 1 ] || echo "$id" > "$f"
  echo "$id"
}

# format_storage NODE: once per data dir. A single node: --standalone writes a one-voter dynamic quorum
# (KIP-853) whose voter endpoint is the CONTROLLER listener, hence the port recorded next to the data.
# Three nodes: the static voter list is in server.properties; each node is formatted with the shared cluster id.
format_storage() {
  local i="$1" st; st="$(node_state "$i")"
  local marker="$st/formatted" cport; cport="$(kafka_node_controller_port "$i")"
  if [ -f "$st/data/meta.properties" ]; then
    if [ -f "$marker" ] && ! grep -qx "controller_port=$cport" "$marker"; then
      die "kafka: $st/data was formatted with another controller port ($(grep controller_port "$marker")); set RIVULET_KAFKA_CONTROLLER_PORT back, or remove $st to start with an empty cluster"
    fi
    return 0
  fi
  local id mode=(--standalone); id="$(cluster_id)"
  [ "$BROKER_COUNT" = 1 ] || mode=()
  log "kafka: formatting $st/data (cluster id $id)"
  kafka_run kafka.tools.StorageTool format "${mode[@]}" -t "$id" -c "$st/server.properties" >"$LOG_DIR/$(node_name "$i")-format.log" 2>&1 || {
    cat "$LOG_DIR/$(node_name "$i")-format.log" >&2; die "kafka: formatting storage failed (output above)"; }
  printf 'cluster_id=%s\ncontroller_port=%s\nkafka_version=%s\nformatted_at=%s\n' \
    "$id" "$cport" "$KAFKA_VERSION" "$(date -u +%FT%TZ)" > "$marker"
}

node_running() { pid_cmdline_has "$(node_name "$1")" "kafka.Kafka"; }

# node_healthy NODE: its process is up, its log says the server finished starting, and it answers ApiVersions.
node_healthy() {
  node_running "$1" && grep -q "Kafka Server started" "$LOG_DIR/$(node_name "$1").log" 2>/dev/null && kafka_probe "$(node_addr "$1")"
}

# spawn_node NODE: start one node's JVM (no waiting: the nodes of a quorum must start together).
spawn_node() {
  local i="$1" name st port; name="$(node_name "$i")"; st="$(node_state "$i")"; port="$(kafka_node_port "$i")"
  local p
  for p in "$port" "$(kafka_node_controller_port "$i")"; do
    if port_open "$p"; then
      die "kafka: port 127.0.0.1:$p is already in use by another process $(port_user "$p") (not this stack's Kafka $name); stop it, or choose other ports with RIVULET_KAFKA_PORT / RIVULET_KAFKA_CONTROLLER_PORT"
    fi
  done
  rm -f "$RUN_DIR/$name.pid"
  write_config "$i"
  format_storage "$i"
  rotate_log "$name"
  # Class-data sharing for the broker's ~90 jars: the first clean stop writes an archive of the loaded
  # classes, later starts map it (faster JVM start). Java 19+ recreates it itself when stale; on 17/18 the
  # archive is written once (a stale one only costs the speed-up: the JVM then ignores it with a warning).
  # Only node 1 writes it, so that three JVMs never write one file at once.
  local jsa="$KAFKA_HOME/cds-java$JAVA_MAJOR.jsa" cds=()
  if [ "$JAVA_MAJOR" -ge 19 ]; then [ "$i" = 1 ] && cds=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$jsa")
  elif [ -f "$jsa" ]; then cds=(-XX:SharedArchiveFile="$jsa")
  elif [ "$i" = 1 ]; then cds=(-XX:ArchiveClassesAtExit="$jsa"); fi
  log "kafka: starting $name (Kafka $KAFKA_VERSION) on 127.0.0.1:$port (controller 127.0.0.1:$(kafka_node_controller_port "$i"))"
  # shellcheck disable=SC2086  # HEAP_OPTS is a list of JVM flags
  spawn "$name" "$LOG_DIR/$name.log" "$JAVA" $HEAP_OPTS -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true "${cds[@]}" \
    -Dlog4j2.configurationFile="$st/log4j2.properties" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIBS/*" kafka.Kafka "$st/server.properties" 9>&-   # the child must not inherit the component lock
}

# other_shape_running: a node of a cluster with another node count is alive (both would want node 1's ports).
other_shape_running() {
  local n
  if [ "$BROKER_COUNT" = 1 ]; then for n in 1 2 3; do pid_alive "$NAME-$n" && return 0; done; return 1; fi
  pid_alive "$NAME"
}

up() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    local first="${KAFKA_BROKERS%%,*}"; first="${first#*://}"
    kafka_probe "$first" || die "kafka: external KAFKA_BROKERS=$KAFKA_BROKERS: $first does not answer a Kafka ApiVersions request"
    log "kafka: using external Kafka at $KAFKA_BROKERS"
    return 0
  fi
  if other_shape_running; then
    die "kafka: a cluster of another size runs in $STATE_DIR (RIVULET_KAFKA_BROKERS=$BROKER_COUNT asked); stop it first: stack.sh down kafka"
  fi
  echo "$BROKER_COUNT" > "$CLUSTER_FILE"
  local i name missing=() t0; t0=$(date +%s)
  for (( i=1; i<=BROKER_COUNT; i++ )); do
    name="$(node_name "$i")"
    if node_running "$i"; then
      if kafka_probe "$(node_addr "$i")"; then log "kafka: $name already running (pid $(cat "$RUN_DIR/$name.pid")), reusing"
      else log "kafka: $name running but not answering yet; waiting"; missing+=("$i"); fi
    else
      missing+=("$i")
    fi
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  require_java 17 "$EXTERNAL_HINT"
  fetch_libs
  # Start every missing node before waiting for any: a node of a quorum only finishes starting once a
  # majority of the voters is up.
  for i in "${missing[@]}"; do node_running "$i" || spawn_node "$i"; done
  for i in "${missing[@]}"; do wait_for "$(node_name "$i")" node_healthy "$i"; done
  log "kafka: up in $(( $(date +%s) - t0 ))s ($(kafka_local_bootstrap))"
}

# stop_nodes GRACE NAME...: SIGTERM every node at once (a node's controlled shutdown needs the quorum, so
# stopping them one after another would leave the last one waiting for voters that are gone), then SIGKILL.
stop_nodes() {
  local grace="$1"; shift
  local name pid pids=() deadline alive
  for name in "$@"; do
    if pid_alive "$name"; then
      pid="$(cat "$RUN_DIR/$name.pid")"; pids+=("$pid")
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  deadline=$(( $(date +%s) + grace ))
  while :; do
    alive=0; for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    if [ "$alive" = 0 ] || [ "$(date +%s)" -ge "$deadline" ]; then break; fi
    sleep 1
  done
  for name in "$@"; do
    [ -f "$RUN_DIR/$name.pid" ] || continue
    if pid_alive "$name"; then
      log "$name: did not stop in ${grace}s, killing"
      pid="$(cat "$RUN_DIR/$name.pid")"; kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$RUN_DIR/$name.pid"; log "$name: stopped"
  done
}

down() {
  if [ -n "${KAFKA_BROKERS:-}" ] && ! pid_alive "$NAME" && ! pid_alive "$NAME-1"; then log "kafka: external ($KAFKA_BROKERS), nothing to stop"; return 0; fi
  # The registry keeps its storage in this cluster and hangs in shutdown without it: stop it first.
  if pid_alive registry; then bash "$HERE/registry.sh" down; fi
  # Whatever shape runs (one node or three), regardless of RIVULET_KAFKA_BROKERS now.
  local names=("$NAME" "$NAME-1" "$NAME-2" "$NAME-3") any=0 n
  for n in "${names[@]}"; do pid_alive "$n" && any=1; done
  if [ "$any" = 0 ]; then rm -f "$RUN_DIR/$NAME.pid" "$RUN_DIR/$NAME"-?.pid; log "kafka: not running"; return 0; fi
  stop_nodes 60 "${names[@]}"
}

# kill_node NODE: SIGKILL one node of a 3-node cluster, as a crash would (no controlled shutdown).
kill_node() {
  local i="${1:-}"
  [ "$BROKER_COUNT" = 3 ] || die "kafka: kill needs a 3-node cluster (RIVULET_KAFKA_BROKERS=3); the only node is stopped with 'down'"
  [[ "$i" =~ ^[1-3]$ ]] || die "usage: kafka.sh kill 1|2|3"
  local name pid; name="$(node_name "$i")"
  pid_alive "$name" || die "kafka: $name is not running"
  pid="$(cat "$RUN_DIR/$name.pid")"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  rm -f "$RUN_DIR/$name.pid"
  log "kafka: $name (pid $pid) SIGKILLed"
}

status() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    local first="${KAFKA_BROKERS%%,*}"; first="${first#*://}"
    if kafka_probe "$first"; then echo "kafka: external ($KAFKA_BROKERS), reachable"; return 0; fi
    echo "kafka: external ($KAFKA_BROKERS), NOT reachable"; return 1
  fi
  local i name addr rc=0
  for (( i=1; i<=BROKER_COUNT; i++ )); do
    name="$(node_name "$i")"; addr="$(node_addr "$i")"
    if node_running "$i" && kafka_probe "$addr"; then
      echo "$name: up (pid $(cat "$RUN_DIR/$name.pid"), $addr)"
    elif node_running "$i"; then
      echo "$name: starting or unhealthy (pid $(cat "$RUN_DIR/$name.pid"), $addr not answering)"; rc=1
    else
      echo "$name: down"; rc=1
    fi
  done
  return $rc
}

case "${1:-}" in
  up) lock_component "$NAME"; up ;;
  down) lock_component "$NAME"; down ;;
  status) status ;;
  kill) lock_component "$NAME"; shift; kill_node "$@" ;;
  tool) shift; tool "$@" ;;
  *) die "usage: kafka.sh up|down|status|kill NODE|tool CLASS [ARGS...]" ;;
esac
