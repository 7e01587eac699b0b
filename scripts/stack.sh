# shellcheck shell=bash
# Shared helpers for run.sh and test.sh: the local stack (PostgreSQL + Azurite; Keystone is in keystone.sh).
#
# Source this file from a script that uses `set -euo pipefail`:
#
#   source scripts/stack.sh
#   stack_require_tools dotnet node npm
#   port_free 8080 SLUICE_PORT
#   pg_start "$DATA/postgres" 54320 SLUICE_PG_PORT
#   azurite_start "$DATA/azurite" 10000 10001 10002 SLUICE_AZURITE
#   ...
#   azurite_stop; pg_stop
#
# Every failure prints one clear message (plus the tail of the relevant log and the log's path)
# and exits the calling script with status 1; the caller's EXIT trap does the cleanup.
#
# Layout: for a data folder D (e.g. .data/postgres) the logs, the socket folder and the pid file
# live beside it in its parent P (e.g. .data): P/postgres.log, P/initdb.log, P/pgsock/,
# P/azurite.log, P/azurite.pid.
#
# Knobs (all optional): SLUICE_PG_BIN (folder holding initdb/pg_ctl/postgres),
# SLUICE_STACK_TIMEOUT (seconds to wait for a server to come up, default 60).

STACK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_TIMEOUT="${SLUICE_STACK_TIMEOUT:-60}"

# State of what this shell started (used by the *_stop functions).
PG_BIN="${PG_BIN:-}"
PG_DATA=""
PG_LOG=""
PG_SOCK_TMP=()
AZURITE_PID=""
AZURITE_PIDFILE=""
AZURITE_LOG=""

stack_say() { printf '[sluice] %s\n' "$*" >&2; }

stack_die() {
  printf '[sluice] ERROR: %s\n' "$*" >&2
  exit 1
}

# stack_show_log FILE: print the last lines of a log file and its path (to stderr).
stack_show_log() {
  local log="$1"
  if [[ -s "$log" ]]; then
    printf '[sluice] ---- last lines of %s ----\n' "$log" >&2
    tail -n 40 "$log" >&2 || true
    printf '[sluice] ---- end of %s ----\n' "$log" >&2
  else
    printf '[sluice] (log %s is empty or missing)\n' "$log" >&2
  fi
}

stack_is_root() { [[ "$(id -u)" == 0 ]]; }

# stack_abs_path PATH: absolute form of PATH (which need not exist yet).
stack_abs_path() {
  case "$1" in
    /*) printf '%s' "$1" ;;
    *) printf '%s/%s' "$PWD" "$1" ;;
  esac
}

# stack_require_tools CMD...: fail clearly when a required command is missing.
stack_require_tools() {
  local missing=() t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  if ((${#missing[@]})); then
    local hint=""
    for t in "${missing[@]}"; do
      case "$t" in
        dotnet) hint+=$'\n  - dotnet: install the .NET 10 SDK (https://dot.net) and put `dotnet` on PATH' ;;
        node | npm) hint+=$'\n  - '"$t"': install Node.js 20+ with npm (Debian: apt-get install nodejs npm)' ;;
        *) hint+=$'\n  - '"$t" ;;
      esac
    done
    stack_die "missing required tool(s): ${missing[*]}${hint}"
  fi
}

# ---------------------------------------------------------------------------------------------
# Ports

# port_in_use_by PORT: print who listens on PORT (empty when unknown); exit 0 when in use.
port_in_use_by() {
  local port="$1" out=""
  if command -v ss >/dev/null 2>&1; then
    out="$(ss -Hltnp "sport = :$port" 2>/dev/null || true)"
    if [[ -n "$out" ]]; then
      # users:(("python3",pid=123,fd=3)) -> python3 (pid 123)
      sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' <<<"$out" | head -n 1
      return 0
    fi
    return 1
  fi
  if command -v lsof >/dev/null 2>&1; then
    out="$(lsof -nP -iTCP:"$port" -sTCP:LISTEN 2>/dev/null | awk 'NR==2 {print $1 " (pid " $2 ")"}' || true)"
    if [[ -n "$out" ]]; then
      echo "$out"
      return 0
    fi
  fi
  # Last resort: does something accept connections on the loopback address?
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    return 0
  fi
  return 1
}

# port_free PORT [ENV_VAR]: fail with a clear message when PORT is taken.
port_free() {
  local port="$1" var="${2:-}" who
  if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
    stack_die "'$port' is not a valid TCP port${var:+ (check $var)}"
  fi
  if who="$(port_in_use_by "$port")"; then
    stack_die "port $port is in use (by: ${who:-unknown process})${var:+; set $var to use another}"
  fi
}

# stack_wait_tcp PORT SECONDS [PID]: wait until 127.0.0.1:PORT accepts TCP connections.
# Fails early when PID (the server) exits.
stack_wait_tcp() {
  local port="$1" secs="$2" pid="${3:-}" i
  for ((i = 0; i < secs * 4; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 0.25
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

# pg_as CMD...: run a PostgreSQL server binary as the `postgres` OS user when we are root
# (initdb, pg_ctl and postgres refuse to run as root), else as ourselves. Runs from / so that an
# unreadable current folder does not bother it.
pg_as() {
  if stack_is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

pg_ensure_os_user() {
  stack_is_root || return 0
  command -v runuser >/dev/null 2>&1 ||
    stack_die "running as root needs \`runuser\` (util-linux) to start PostgreSQL as the postgres user"
  if ! id -u postgres >/dev/null 2>&1; then
    stack_say "creating the OS user 'postgres' (PostgreSQL refuses to run as root)"
    useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
      --shell /bin/bash postgres ||
      stack_die "could not create the OS user 'postgres' (useradd failed); create it and retry"
  fi
}

# pg_bin_dir_candidates: print folders that hold initdb+pg_ctl+postgres, newest version last.
pg_bin_dir_candidates() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]] && echo "$d"
  done | sort -V
}

pg_find_bin_quiet() {
  local d p
  d="$(pg_bin_dir_candidates | tail -n 1)"
  if [[ -n "$d" ]]; then
    echo "$d"
    return 0
  fi
  # Not a Debian layout: take them from PATH (resolving symlinks) if they sit together.
  if p="$(command -v initdb 2>/dev/null)"; then
    d="$(dirname "$(readlink -f "$p")")"
    if [[ -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
      echo "$d"
      return 0
    fi
  fi
  return 1
}

# stack_apt_install PACKAGE...: install Debian packages with apt-get (as root, or through passwordless sudo), keeping
# their services from starting: we run our own servers. When it cannot, it says why and returns 1; the caller says what
# is lost without them.
stack_apt_install() {
  local sudo=()
  if ! command -v apt-get >/dev/null 2>&1; then
    stack_say "there is no apt-get to install: $*"
    return 1
  fi
  if ! stack_is_root; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      stack_say "this script is not root and has no passwordless sudo, so it cannot install: $*. Run: sudo apt-get update && sudo apt-get install -y $*"
      return 1
    fi
  fi
  local policy=/usr/sbin/policy-rc.d made_policy=""
  if [[ ! -e "$policy" ]]; then
    if printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null 2>&1 &&
      "${sudo[@]}" chmod 755 "$policy"; then
      made_policy=1
    fi
  fi
  local ok=1
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || ok=""
  if [[ -n "$ok" ]]; then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" || ok=""
  fi
  [[ -n "$made_policy" ]] && "${sudo[@]}" rm -f "$policy"
  [[ -n "$ok" ]] || stack_say "apt-get could not install: $* (see its output above)"
  [[ -n "$ok" ]]
}

pg_install() {
  stack_say "PostgreSQL not found: installing it with apt-get (Debian package 'postgresql')"
  stack_apt_install postgresql ||
    stack_die "PostgreSQL server binaries (initdb, pg_ctl, postgres) are missing and could not be installed. Without PostgreSQL the service and the integration tests cannot run. Install PostgreSQL 15+ (apt-get install postgresql) or set SLUICE_PG_BIN to the folder holding them."
}

# pg_find_bin: set PG_BIN, installing PostgreSQL when it is missing.
pg_find_bin() {
  [[ -n "$PG_BIN" ]] && return 0
  if [[ -n "${SLUICE_PG_BIN:-}" ]]; then
    [[ -x "$SLUICE_PG_BIN/initdb" && -x "$SLUICE_PG_BIN/pg_ctl" && -x "$SLUICE_PG_BIN/postgres" ]] ||
      stack_die "SLUICE_PG_BIN=$SLUICE_PG_BIN does not hold initdb, pg_ctl and postgres"
    PG_BIN="${SLUICE_PG_BIN%/}"
    return 0
  fi
  if ! PG_BIN="$(pg_find_bin_quiet)"; then
    pg_install
    PG_BIN="$(pg_find_bin_quiet)" ||
      stack_die "PostgreSQL was installed but its binaries were not found under /usr/lib/postgresql/*/bin"
  fi
  PG_BIN="${PG_BIN%/}"
}

# pg_major: major version of the binaries in PG_BIN (e.g. 15).
pg_major() {
  "$PG_BIN/postgres" --version | sed -n 's/.* \([0-9][0-9]*\)\(\.[0-9]*\)*.*/\1/p' | head -n 1
}

# pg_resolve_data_dir DIR: set PG_RESOLVED to DIR, or (root only) to a fallback folder when the
# postgres OS user cannot reach DIR because some parent folder is closed to it (e.g. a clone
# under /root, which is mode 700). The fallback is stable for a given DIR, so data is reused;
# PG_FALLBACK_DIR names it (a throw-away caller removes it).
PG_RESOLVED=""
PG_FALLBACK_DIR=""
pg_resolve_data_dir() {
  local dir="$1" parent
  parent="$(dirname "$dir")"
  mkdir -p "$parent"
  PG_RESOLVED="$dir"
  if stack_is_root && ! runuser -u postgres -- test -x "$parent" 2>/dev/null; then
    local alt
    alt="/var/tmp/sluice-pg-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)"
    if [[ "$PG_FALLBACK_DIR" != "$alt" ]]; then
      stack_say "the postgres OS user cannot reach $parent (a parent folder is closed to it); keeping PostgreSQL in $alt instead"
    fi
    mkdir -p "$alt"
    chmod 755 "$alt"
    PG_FALLBACK_DIR="$alt"
    PG_RESOLVED="$alt/$(basename "$dir")"
  fi
}

# pg_stop_stale DATA_DIR: stop a server a previous run left running on DATA_DIR (if any).
pg_stop_stale() {
  local dir
  pg_find_bin
  pg_ensure_os_user
  pg_resolve_data_dir "$(stack_abs_path "$1")"
  dir="$PG_RESOLVED"
  [[ -f "$dir/postmaster.pid" ]] || return 0
  local pid state
  pid="$(head -n 1 "$dir/postmaster.pid" 2>/dev/null || true)"
  if [[ "$pid" =~ ^[0-9]+$ ]]; then
    state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
    if [[ "$state" == Z ]]; then
      # The server crashed (e.g. killed) and is not reaped yet: while its pid exists, its lock
      # files block a new start. Give the system a moment to reap it, else remove them.
      local i
      for ((i = 0; i < 40; i++)); do
        [[ -e "/proc/$pid" ]] || return 0
        sleep 0.25
      done
      stack_say "removing the lock files of a crashed PostgreSQL (pid $pid) in $dir"
      rm -f "$dir/postmaster.pid"
      grep -lx "$pid" "$(dirname "$dir")"/pgsock/.s.PGSQL.*.lock 2>/dev/null | xargs -r rm -f
      return 0
    fi
  fi
  if pg_as "$PG_BIN/pg_ctl" status -D "$dir" >/dev/null 2>&1; then
    stack_say "stopping the PostgreSQL a previous run left running on $dir"
    pg_as "$PG_BIN/pg_ctl" stop -D "$dir" -m fast -w -t 60 >/dev/null 2>&1 ||
      pg_as "$PG_BIN/pg_ctl" stop -D "$dir" -m immediate -w -t 30 >/dev/null 2>&1 ||
      stack_die "could not stop the PostgreSQL running on $dir; stop it yourself (pg_ctl stop -D $dir)"
  fi
}

# pg_start DATA_DIR PORT [PORT_ENV_VAR]: initdb when DATA_DIR is empty, start a server listening
# only on 127.0.0.1:PORT, wait until it answers, create database `sluice` when missing.
pg_start() {
  local want_dir="$1" port="$2" var="${3:-}"
  pg_find_bin
  pg_ensure_os_user

  pg_stop_stale "$want_dir"
  local dir="$PG_RESOLVED" parent
  mkdir -p "$dir"
  parent="$(dirname "$dir")"
  port_free "$port" "$var"

  local log="$parent/postgres.log" initlog="$parent/initdb.log"
  local sock="$parent/pgsock"
  # A Unix socket path is limited to ~107 bytes: fall back to a short folder under /tmp.
  if ((${#sock} + 20 > 100)); then
    sock="$(mktemp -d /tmp/sluice-pgsock.XXXXXX)"
    PG_SOCK_TMP+=("$sock")
  fi
  mkdir -p "$sock"
  touch "$log" "$initlog"
  if stack_is_root; then
    chown postgres: "$dir" "$sock" "$log" "$initlog"
    # Root may have made the folder before: give the whole cluster to postgres.
    if [[ -n "$(find "$dir" ! -user postgres -print -quit)" ]]; then chown -R postgres: "$dir"; fi
  fi
  chmod 700 "$dir"

  local major
  major="$(pg_major)"
  if [[ -z "$(ls -A "$dir")" ]]; then
    stack_say "initialising a new PostgreSQL $major cluster in $dir"
    if ! pg_as "$PG_BIN/initdb" -D "$dir" --auth=trust --username=sluice -E UTF8 --locale=C \
      >"$initlog" 2>&1; then
      stack_show_log "$initlog"
      stack_die "initdb failed for $dir (log: $initlog)"
    fi
  elif [[ ! -f "$dir/PG_VERSION" ]]; then
    stack_die "$dir is not empty and is not a PostgreSQL data folder; move it away or remove it (rm -rf '$dir') and retry"
  else
    local have
    have="$(cat "$dir/PG_VERSION")"
    if [[ "$have" != "$major" ]]; then
      stack_die "$dir holds a PostgreSQL $have cluster but the binaries in $PG_BIN are version $major; remove the folder (rm -rf '$dir') to start fresh"
    fi
  fi

  local q_sock="'${sock//\'/\'\\\'\'}'"
  PG_DATA="$dir"
  PG_LOG="$log"
  # pg_ctl's own messages go to the same (append-only) log as the server's.
  # shellcheck disable=SC2094
  if ! pg_as "$PG_BIN/pg_ctl" start -D "$dir" -l "$log" -w -t "$STACK_TIMEOUT" \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -k $q_sock -c max_connections=200" \
    >>"$log" 2>&1; then
    stack_show_log "$log"
    pg_stop
    stack_die "PostgreSQL did not start on 127.0.0.1:$port (log: $log)"
  fi

  # Wait until it answers over TCP, then make the database.
  local psql_bin="$PG_BIN/psql"
  [[ -x "$psql_bin" ]] || psql_bin="$(command -v psql || true)"
  [[ -n "$psql_bin" ]] || { pg_stop; stack_die "psql was not found (needed to create the database)"; }
  local psql=("$psql_bin" -X -q -h 127.0.0.1 -p "$port" -U sluice)
  local i ready=""
  for ((i = 0; i < STACK_TIMEOUT * 4; i++)); do
    if PGCONNECT_TIMEOUT=5 "${psql[@]}" -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
      ready=1
      break
    fi
    sleep 0.25
  done
  if [[ -z "$ready" ]]; then
    stack_show_log "$log"
    pg_stop
    stack_die "PostgreSQL on 127.0.0.1:$port did not answer within ${STACK_TIMEOUT}s (log: $log)"
  fi
  local has
  if ! has="$(PGCONNECT_TIMEOUT=10 "${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'sluice'" 2>>"$log")"; then
    stack_show_log "$log"
    pg_stop
    stack_die "could not query PostgreSQL on 127.0.0.1:$port (log: $log)"
  fi
  if [[ "$has" != 1 ]]; then
    if ! PGCONNECT_TIMEOUT=10 "${psql[@]}" -d postgres -c "CREATE DATABASE sluice" >>"$log" 2>&1; then
      stack_show_log "$log"
      pg_stop
      stack_die "could not create database 'sluice' (log: $log)"
    fi
  fi
  PG_STARTED+=("$dir")
  stack_say "PostgreSQL $major is up on 127.0.0.1:$port (data: $dir, log: $log)"
}

# pg_stop: stop every server pg_start started (fast shutdown; a test run starts more than one). Safe to call more
# than once.
PG_STARTED=()
pg_stop() {
  local dir
  [[ -n "$PG_DATA" ]] && PG_STARTED+=("$PG_DATA")
  for dir in "${PG_STARTED[@]}"; do
    [[ -n "$PG_BIN" && -f "$dir/postmaster.pid" ]] || continue
    if ! pg_as "$PG_BIN/pg_ctl" stop -D "$dir" -m fast -w -t 60 >>"$(dirname "$dir")/postgres.log" 2>&1; then
      if [[ -f "$dir/postmaster.pid" ]]; then
        stack_say "PostgreSQL did not stop in time; forcing it (immediate shutdown)"
        pg_as "$PG_BIN/pg_ctl" stop -D "$dir" -m immediate -w -t 30 >>"$(dirname "$dir")/postgres.log" 2>&1 || true
      fi
    fi
  done
  PG_STARTED=()
  local sock
  for sock in "${PG_SOCK_TMP[@]}"; do rm -rf "$sock"; done
  PG_SOCK_TMP=()
  PG_DATA=""
}

# ---------------------------------------------------------------------------------------------
# Azurite (npm package, pinned by package-lock.json)

AZURITE_BIN="$STACK_ROOT/node_modules/.bin/azurite"

# azurite_install: `npm ci` when node_modules/.bin/azurite is missing.
azurite_install() {
  [[ -x "$AZURITE_BIN" ]] && return 0
  stack_require_tools node npm
  [[ -f "$STACK_ROOT/package-lock.json" ]] ||
    stack_die "$STACK_ROOT/package-lock.json is missing: cannot install the pinned Azurite"
  stack_say "installing Azurite (npm ci, pinned by package-lock.json)"
  if ! (cd "$STACK_ROOT" && npm ci --no-audit --no-fund </dev/null >&2); then
    stack_die "npm ci failed (see above): Azurite cannot be installed, so the storage emulator is unavailable"
  fi
  [[ -x "$AZURITE_BIN" ]] || stack_die "npm ci finished but $AZURITE_BIN is missing"
}

# azurite_stop_stale LOCATION_DIR: stop an Azurite a previous run left running on that folder.
azurite_stop_stale() {
  local dir="$1" pidfile pid i
  pidfile="$(dirname "$dir")/azurite.pid"
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "azurite.*--location $dir"; then
    stack_say "stopping the Azurite (pid $pid) a previous run left running on $dir"
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# azurite_start LOCATION_DIR BLOB_PORT QUEUE_PORT TABLE_PORT [ENV_PREFIX]
# Starts Azurite in the background on 127.0.0.1 and waits until blob and table ports answer.
# ENV_PREFIX (e.g. SLUICE_AZURITE) names the variables in the port-in-use message.
azurite_start() {
  local dir="$1" blob="$2" queue="$3" table="$4" pfx="${5:-}"
  azurite_install
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  azurite_stop_stale "$dir"
  port_free "$blob" "${pfx:+${pfx}_BLOB_PORT}"
  port_free "$queue" "${pfx:+${pfx}_QUEUE_PORT}"
  port_free "$table" "${pfx:+${pfx}_TABLE_PORT}"

  local parent
  parent="$(dirname "$dir")"
  AZURITE_LOG="$parent/azurite.log"
  AZURITE_PIDFILE="$parent/azurite.pid"
  : >"$AZURITE_LOG"
  # Background jobs of a non-interactive shell ignore SIGINT: Ctrl-C reaches the calling
  # script's trap, which stops Azurite with azurite_stop.
  "$AZURITE_BIN" --silent --location "$dir" \
    --blobHost 127.0.0.1 --blobPort "$blob" \
    --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" \
    --skipApiVersionCheck --disableTelemetry \
    </dev/null >>"$AZURITE_LOG" 2>&1 &
  AZURITE_PID=$!
  echo "$AZURITE_PID" >"$AZURITE_PIDFILE"

  if ! stack_wait_tcp "$blob" "$STACK_TIMEOUT" "$AZURITE_PID" ||
    ! stack_wait_tcp "$table" "$STACK_TIMEOUT" "$AZURITE_PID"; then
    stack_show_log "$AZURITE_LOG"
    azurite_stop
    stack_die "Azurite did not come up on 127.0.0.1:$blob/$queue/$table within ${STACK_TIMEOUT}s (log: $AZURITE_LOG)"
  fi
  stack_say "Azurite is up: blob 127.0.0.1:$blob, queue :$queue, table :$table (data: $dir, log: $AZURITE_LOG)"
}

# stack_stop_pid PID NAME: stop a server this shell started in the background (SIGTERM, then SIGKILL after 10 s).
# Does nothing when PID is empty or gone.
stack_stop_pid() {
  local pid="$1" name="$2" i
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      stack_say "$name did not stop in time; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  fi
}

# azurite_stop: stop the Azurite azurite_start started. Safe to call more than once.
azurite_stop() {
  stack_stop_pid "$AZURITE_PID" Azurite
  [[ -n "$AZURITE_PIDFILE" ]] && rm -f "$AZURITE_PIDFILE"
  AZURITE_PID=""
}

# azurite_connection_string BLOB_PORT TABLE_PORT: the well-known Azurite dev account.
azurite_connection_string() {
  local blob="$1" table="$2"
  printf '%s' "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
}
