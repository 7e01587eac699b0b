#!/usr/bin/env bash
# Runs every test of Queue.sln against a THROW-AWAY PostgreSQL, Azurite and Keystone (in a temp folder,
# on their own ports), then prints as its very last line:  N passed, N failed, N skipped
# Exit 0 only when dotnet test succeeded, nothing failed and at least one test passed.
#
# Extra arguments go to `dotnet test`, e.g.  ./test.sh --filter "FullyQualifiedName~Outbox"
#
# Environment (all optional):
#   SLUICE_TEST_PG_PORT                 PostgreSQL port     (default 54330)
#   SLUICE_TEST_PG_B_PORT, _C_PORT      the two more PostgreSQL clusters of the pool tests (defaults 54331, 54332)
#   SLUICE_TEST_AZURITE_BLOB_PORT       Azurite blob port   (default 10010)
#   SLUICE_TEST_AZURITE_QUEUE_PORT      Azurite queue port  (default 10011)
#   SLUICE_TEST_AZURITE_TABLE_PORT      Azurite table port  (default 10012)
#   SLUICE_TEST_KEYSTONE_PORT           Keystone port       (default 15360: below the ephemeral port range, where a
#                                       client connection in TIME_WAIT can hold the port gunicorn binds)
# Exported to the tests:
#   SLUICE_TEST_POSTGRES   Npgsql connection string of the throw-away database `sluice`
#   SLUICE_TEST_POOL_B, SLUICE_TEST_POOL_C   pool URIs (postgresql://sluice@127.0.0.1:PORT/sluice) of two more
#                          throw-away clusters, for the tests of pools (Pools/*)
#   SLUICE_TEST_STORAGE    Azure Storage connection string of the throw-away Azurite
#   SLUICE_TEST_KEYSTONE   identity v3 URL of the throw-away Keystone (http://127.0.0.1:PORT/v3), with the users
#                          of scripts/keystone.sh (service user `sluice`: role service in project service;
#                          alpha-member, beta-member, alpha-admin, domain-member), all in domain Default
#   SLUICE_TEST_KEYSTONE_PASSWORD         the password of each of those users
#   SLUICE_TEST_KEYSTONE_ADMIN_PASSWORD   the password of `admin` (role admin in project admin)
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/stack.sh
source scripts/stack.sh
# shellcheck source=scripts/keystone.sh
source scripts/keystone.sh
# shellcheck source=scripts/trx.sh
source scripts/trx.sh

PGPORT_="${SLUICE_TEST_PG_PORT:-54330}"
PGPORT_B="${SLUICE_TEST_PG_B_PORT:-54331}"
PGPORT_C="${SLUICE_TEST_PG_C_PORT:-54332}"
BLOB="${SLUICE_TEST_AZURITE_BLOB_PORT:-10010}"
QUEUE="${SLUICE_TEST_AZURITE_QUEUE_PORT:-10011}"
TABLE="${SLUICE_TEST_AZURITE_TABLE_PORT:-10012}"
KEYSTONE_PORT="${SLUICE_TEST_KEYSTONE_PORT:-15360}"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

TMP=""
SUMMARY_PRINTED=""
CLEANED=""
# shellcheck disable=SC2317 # called from traps
cleanup() {
  [[ -n "$CLEANED" ]] && return 0
  CLEANED=1
  keystone_stop || true
  azurite_stop || true
  pg_stop || true
  if [[ -n "$TMP" && -d "$TMP" ]]; then
    rm -rf "$TMP"
  fi
  # Set only when the postgres OS user could not reach $TMP and the cluster went elsewhere.
  if [[ -n "$PG_FALLBACK_DIR" && -d "$PG_FALLBACK_DIR" ]]; then
    rm -rf "$PG_FALLBACK_DIR"
  fi
}
# shellcheck disable=SC2317 # called from a trap
on_exit() {
  local rc=$?
  trap '' INT TERM
  cleanup
  # Whatever stopped us early (missing tool, busy port, Ctrl-C), CI still reads a closing line.
  if [[ -z "$SUMMARY_PRINTED" ]]; then
    echo "0 passed, 1 failed"
    ((rc != 0)) || rc=1
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

stack_require_tools dotnet node npm

# The test with the real OpenStack client (Auth/ZaqarClientSignedUrlTests, Auth/ZaqarClientKeystoneTests) needs Debian's python3-zaqarclient,
# for the system's /usr/bin/python3 (not whichever python3 comes first on PATH). Installed like PostgreSQL when
# missing; if it cannot be, that test fails and says why, and the rest still run.
zaqarclient_install() {
  /usr/bin/python3 -c 'import zaqarclient' >/dev/null 2>&1 && return 0
  local sudo=()
  if ! stack_is_root; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      stack_say "WARNING: python3-zaqarclient is missing and this script is not root: run sudo apt-get install -y python3-zaqarclient (its test will fail)"
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    stack_say "WARNING: python3-zaqarclient is missing and there is no apt-get to install it (its test will fail)"
    return 0
  fi
  stack_say "python-zaqarclient not found: installing it with apt-get (Debian package 'python3-zaqarclient')"
  if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-zaqarclient; }; then
    stack_say "WARNING: could not install python3-zaqarclient (above); its test will fail"
  fi
}
zaqarclient_install

TMP="$(mktemp -d "${TMPDIR:-/tmp}/sluice-test.XXXXXX")"
chmod 755 "$TMP" # the postgres OS user (when we are root) must reach the cluster inside
RESULTS="$TMP/results"
LOG="$TMP/dotnet-test.log"

# All ports first, so that a busy one fails fast before anything starts.
port_free "$PGPORT_" SLUICE_TEST_PG_PORT
port_free "$PGPORT_B" SLUICE_TEST_PG_B_PORT
port_free "$PGPORT_C" SLUICE_TEST_PG_C_PORT
port_free "$BLOB" SLUICE_TEST_AZURITE_BLOB_PORT
port_free "$QUEUE" SLUICE_TEST_AZURITE_QUEUE_PORT
port_free "$TABLE" SLUICE_TEST_AZURITE_TABLE_PORT
port_free "$KEYSTONE_PORT" SLUICE_TEST_KEYSTONE_PORT

pg_start "$TMP/postgres" "$PGPORT_" SLUICE_TEST_PG_PORT
pg_start "$TMP/pool-b/postgres" "$PGPORT_B" SLUICE_TEST_PG_B_PORT
pg_start "$TMP/pool-c/postgres" "$PGPORT_C" SLUICE_TEST_PG_C_PORT
azurite_start "$TMP/azurite" "$BLOB" "$QUEUE" "$TABLE" SLUICE_TEST_AZURITE
keystone_start "$TMP/keystone" "$KEYSTONE_PORT" SLUICE_TEST_KEYSTONE_PORT

export SLUICE_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT_;Username=sluice;Database=sluice;Maximum Pool Size=100"
export SLUICE_TEST_POOL_B="postgresql://sluice@127.0.0.1:$PGPORT_B/sluice"
export SLUICE_TEST_POOL_C="postgresql://sluice@127.0.0.1:$PGPORT_C/sluice"
SLUICE_TEST_STORAGE="$(azurite_connection_string "$BLOB" "$TABLE")"
export SLUICE_TEST_STORAGE
export SLUICE_TEST_KEYSTONE="http://127.0.0.1:$KEYSTONE_PORT/v3"
export SLUICE_TEST_KEYSTONE_PASSWORD="$KEYSTONE_PASSWORD" SLUICE_TEST_KEYSTONE_ADMIN_PASSWORD="$KEYSTONE_ADMIN_PASSWORD"

# print_errors: the build/run errors of the dotnet test log (deduplicated), or its tail.
print_errors() {
  local errors
  errors="$(grep -E ': error |error MSB|error NU|error CS|error NETSDK|Build FAILED|Test Run Aborted|[Cc]rashed' "$LOG" |
    sed 's/^[[:space:]]*//' | awk '!seen[$0]++' | head -n 60 || true)"
  if [[ -n "$errors" ]]; then
    echo "$errors"
  else
    tail -n 40 "$LOG"
  fi
}

# The Functions package, for the layout and contract tests (Hosting/*). If it cannot be built those tests fail and
# say why; the rest still run.
stack_say "building the Functions package: ./publish.sh"
./publish.sh </dev/null || stack_say "WARNING: ./publish.sh failed (above); the package tests will fail"

stack_say "running: dotnet test Queue.sln -c Release --logger trx --results-directory $RESULTS${*:+ $*}"
rc=0
dotnet test Queue.sln -c Release --logger "trx" --results-directory "$RESULTS" "$@" \
  </dev/null 2>&1 | tee "$LOG" || rc=${PIPESTATUS[0]}

# Count and explain before the temp folder goes; stop the stack before the summary so that
# nothing prints after it.
mapfile -t trx_files < <(find "$RESULTS" -name '*.trx' -type f 2>/dev/null | sort)
passed=0 failed=0 skipped=0 status=0
if ((${#trx_files[@]} == 0)); then
  # No .trx at all: the build (or the test host) failed before any test ran.
  echo
  echo "==== dotnet test produced no test results (exit code $rc). Errors: ===="
  print_errors
  cleanup
  SUMMARY_PRINTED=1
  echo "0 passed, 1 failed"
  exit 1
fi

read -r passed failed skipped < <(trx_sum "${trx_files[@]}")
if ((rc != 0)); then
  status=1
  if ((failed == 0)); then
    # Something broke without a failing test (a project did not build, a test host crashed):
    # count it as one failure so that the closing line agrees with the exit code.
    echo
    echo "==== dotnet test exited with code $rc although no test failed. Errors: ===="
    print_errors
    failed=1
  fi
elif ((failed > 0)); then
  status=1
elif ((passed == 0)); then
  echo "no test passed (none found, or all skipped): treating the run as failed"
  status=1
fi
echo "results: ${#trx_files[@]} .trx file(s), dotnet test exit code $rc"

cleanup
SUMMARY_PRINTED=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
