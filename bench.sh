#!/usr/bin/env bash
# The performance benchmark of Sluice, in one command:
#
#   ./bench.sh                      # 3 rounds x 3 s per scenario, a 250,000-message backlog (about 5 minutes after the build)
#   ./bench.sh --rounds 1 --seconds 3
#   ./bench.sh --scenarios growth --rounds 1   # how cost grows with work (below)
#
# It starts a THROW-AWAY PostgreSQL (temp folder, port SLUICE_BENCH_PG_PORT, default 54340), publishes the
# service (ReadyToRun, self-contained; framework-dependent when that cannot be restored), builds the load
# generator (tests/Sluice.Benchmarks) and runs it: cold start, then produce / consume / backlog / mixed /
# latency against the service over loopback HTTP and against a raw-SQL baseline on the same PostgreSQL.
# Results: artifacts/bench/results.md (the table it prints) and artifacts/bench/results.json; the service's
# output goes to artifacts/bench/service.log. Extra arguments go to the load generator (--rounds, --seconds,
# --cold-starts, --drain-timeout, --backlog, --backlog-seconds, --scenarios, --push, --noisy-seconds, --noisy-limit,
# --auth-rounds, --growth-small, --growth-large, --growth-seconds, --growth-steady-seconds; `--scenarios noisy` runs the
# noisy-neighbour measurement, `--scenarios auth` the cost of each auth mode on the produce path and `--scenarios growth`
# how cost grows with work: claims from 10,000 vs 1,000,000 waiting, posts into 1 queue vs 10,000, and the database's
# growth per million messages over a 300 s steady run (10 to 13 minutes); none of the three is in the default set).
# The results name the command that produced them. For `auth` it also starts a THROW-AWAY Keystone
# (scripts/keystone.sh; port SLUICE_BENCH_KEYSTONE_PORT, default 15370); when that fails it says so and the
# scenario measures mode jwt without keystone. Exit code: 0 when the run completed and verification passed (targets
# that are missed do not fail it), 1 on a verification failure (double delivery, lost message), 2 when the run could
# not be done.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/stack.sh
source scripts/stack.sh
# shellcheck source=scripts/keystone.sh
source scripts/keystone.sh

PG_PORT_="${SLUICE_BENCH_PG_PORT:-54340}"
KEYSTONE_PORT_="${SLUICE_BENCH_KEYSTONE_PORT:-15370}"
OUT="artifacts/bench"
APP_DIR="$OUT/app"
LOADGEN_DIR="$OUT/loadgen"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

TMP=""
LOADGEN_PID=""
CLEANED=""
# shellcheck disable=SC2317 # called from traps
cleanup() {
  [[ -n "$CLEANED" ]] && return 0
  CLEANED=1
  local i pid file
  # The load generator stops the service it started; give it a moment when we are interrupted.
  if [[ -n "$LOADGEN_PID" ]] && kill -0 "$LOADGEN_PID" 2>/dev/null; then
    kill -TERM "$LOADGEN_PID" 2>/dev/null || true
    for ((i = 0; i < 80; i++)); do
      kill -0 "$LOADGEN_PID" 2>/dev/null || break
      sleep 0.25
    done
    kill -KILL "$LOADGEN_PID" 2>/dev/null || true
  fi
  # If it died without doing so, stop those services (by the pids they recorded, when they still run our app).
  for file in "$OUT"/service-*.pid; do
    [[ -f "$file" ]] || continue
    pid="$(cat "$file" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && [[ "$(readlink -f "/proc/$pid/exe" 2>/dev/null || true)" == "$(readlink -f "$APP_DIR/Sluice.Functions")" ]]; then
      stack_say "stopping the service (pid $pid) the load generator left running"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
  done
  keystone_stop || true
  pg_stop || true
  if [[ -n "$TMP" && -d "$TMP" ]]; then rm -rf "$TMP"; fi
  if [[ -n "$PG_FALLBACK_DIR" && -d "$PG_FALLBACK_DIR" ]]; then rm -rf "$PG_FALLBACK_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

stack_require_tools dotnet
port_free "$PG_PORT_" SLUICE_BENCH_PG_PORT
TMP="$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench.XXXXXX")"
chmod 755 "$TMP" # the postgres OS user (when we are root) must reach the cluster inside
mkdir -p "$OUT"

# 1. Publish the service: ReadyToRun, self-contained; else framework-dependent.
PUBLISH_MODE="ReadyToRun, self-contained linux-x64"
rm -rf "$APP_DIR"
stack_say "publishing the service ($PUBLISH_MODE) to $APP_DIR"
if ! dotnet publish functions/Sluice.Functions.csproj -c Release -r linux-x64 --self-contained \
  -p:PublishReadyToRun=true -o "$APP_DIR" </dev/null >"$TMP/publish.log" 2>&1; then
  grep -E 'error|warn' "$TMP/publish.log" | sort -u | head -n 20 >&2 || tail -n 20 "$TMP/publish.log" >&2
  PUBLISH_MODE="framework-dependent, no ReadyToRun (FALLBACK: the runtime pack or crossgen could not be restored)"
  stack_say "the ReadyToRun self-contained publish failed (above); publishing $PUBLISH_MODE"
  rm -rf "$APP_DIR"
  if ! dotnet publish functions/Sluice.Functions.csproj -c Release -p:PublishReadyToRun=false -o "$APP_DIR" \
    </dev/null >"$TMP/publish.log" 2>&1; then
    tail -n 40 "$TMP/publish.log" >&2
    stack_die "could not publish functions/Sluice.Functions.csproj (log above)"
  fi
  # The framework-dependent apphost finds the runtime through DOTNET_ROOT.
  DOTNET_ROOT="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  export DOTNET_ROOT
fi
[[ -x "$APP_DIR/Sluice.Functions" ]] || stack_die "the publish did not produce $APP_DIR/Sluice.Functions"

# 2. Build the load generator.
stack_say "building the load generator (tests/Sluice.Benchmarks)"
if ! dotnet build tests/Sluice.Benchmarks/Sluice.Benchmarks.csproj -c Release -o "$LOADGEN_DIR" \
  </dev/null >"$TMP/build.log" 2>&1; then
  grep -E ': error |error MSB|error NU' "$TMP/build.log" | sort -u | head -n 40 >&2 || tail -n 40 "$TMP/build.log" >&2
  stack_die "could not build tests/Sluice.Benchmarks (errors above)"
fi

REV="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ "$REV" != unknown && -n "$(git status --porcelain -- domain infra functions 2>/dev/null)" ]]; then REV="$REV+dirty"; fi

# 3. A throw-away PostgreSQL.
pg_start "$TMP/postgres" "$PG_PORT_" SLUICE_BENCH_PG_PORT
PG_CONN="Host=127.0.0.1;Port=$PG_PORT_;Username=sluice;Database=sluice;Maximum Pool Size=64"

# wants_auth ARGS...: whether the load generator's --scenarios names auth.
wants_auth() {
  local previous="" arg
  for arg in "$@"; do
    if [[ "$previous" == --scenarios && ",${arg// /}," == *,auth,* ]]; then return 0; fi
    previous="$arg"
  done
  return 1
}

# 4. For auth, a throw-away Keystone: its mode keystone validates tokens there.
KEYSTONE_ARGS=()
if wants_auth "$@"; then
  # In a subshell, since keystone_start exits when it fails: a Keystone that cannot start costs the keystone
  # measurement, not the run. It records the server's pid for keystone_stop in the cleanup.
  if (keystone_start "$TMP/keystone" "$KEYSTONE_PORT_" SLUICE_BENCH_KEYSTONE_PORT && echo "$KEYSTONE_PID" >"$TMP/keystone.pid"); then
    KEYSTONE_PID="$(cat "$TMP/keystone.pid")"
    export SLUICE_BENCH_KEYSTONE_PASSWORD="$KEYSTONE_PASSWORD"
    KEYSTONE_ARGS=(--keystone "http://127.0.0.1:$KEYSTONE_PORT_/v3")
  else
    stack_say "!!! WARNING: Keystone could not be started (above): the auth scenario measures modes none and jwt only; keystone is NOT MEASURED"
  fi
fi

stack_say "running the benchmark (service $REV; $PUBLISH_MODE)"
START_S=$SECONDS
dotnet "$LOADGEN_DIR/Sluice.Benchmarks.dll" --app "$APP_DIR/Sluice.Functions" --pg "$PG_CONN" --out "$OUT" \
  --publish-mode "$PUBLISH_MODE" --service-rev "$REV" "${KEYSTONE_ARGS[@]}" "$@" </dev/null &
LOADGEN_PID=$!
rc=0
wait "$LOADGEN_PID" || rc=$?
LOADGEN_PID=""
stack_say "benchmark finished in $((SECONDS - START_S)) s with exit code $rc (publish: $PUBLISH_MODE)"
exit "$rc"
