#!/usr/bin/env bash
# Runs Sluice on this machine with everything it needs, no setup of your own:
#   - PostgreSQL, data kept in .data/postgres (re-running reuses it), on 127.0.0.1:$SLUICE_PG_PORT
#   - Azurite (pinned npm package) for Blob/Table storage, data in .data/azurite
#   - the service itself (Release build) on http://127.0.0.1:$SLUICE_PORT
# Ctrl-C stops the service, Azurite and PostgreSQL.
#
# Environment (all optional):
#   SLUICE_PORT                 service port            (default 8080)
#   SLUICE_PG_PORT              PostgreSQL port         (default 54320)
#   SLUICE_AZURITE_BLOB_PORT    Azurite blob port       (default 10000)
#   SLUICE_AZURITE_QUEUE_PORT   Azurite queue port      (default 10001)
#   SLUICE_AZURITE_TABLE_PORT   Azurite table port      (default 10002)
#   SLUICE_DATA_DIR             where data and logs go  (default ./.data)
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/stack.sh
source scripts/stack.sh

APP_PORT="${SLUICE_PORT:-8080}"
PGPORT_="${SLUICE_PG_PORT:-54320}"
BLOB="${SLUICE_AZURITE_BLOB_PORT:-10000}"
QUEUE="${SLUICE_AZURITE_QUEUE_PORT:-10001}"
TABLE="${SLUICE_AZURITE_TABLE_PORT:-10002}"
DATA="${SLUICE_DATA_DIR:-$PWD/.data}"
PROJECT=functions/Sluice.Functions.csproj

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

APP_PID=""
CLEANED=""
# shellcheck disable=SC2317 # called from traps
cleanup() {
  [[ -n "$CLEANED" ]] && return 0
  CLEANED=1
  trap '' INT TERM
  local i
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    stack_say "stopping the service"
    kill -TERM "$APP_PID" 2>/dev/null || true
    for ((i = 0; i < 80; i++)); do
      kill -0 "$APP_PID" 2>/dev/null || break
      sleep 0.25
    done
    kill -KILL "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  if [[ -n "$AZURITE_PID" ]]; then
    stack_say "stopping Azurite"
    azurite_stop
  fi
  if [[ -n "$PG_DATA" ]]; then
    stack_say "stopping PostgreSQL"
    pg_stop
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

stack_require_tools dotnet node npm

# The service port first: if it is taken (e.g. another run.sh is serving), touch nothing else.
port_free "$APP_PORT" SLUICE_PORT
mkdir -p "$DATA"
# A PostgreSQL/Azurite that an earlier run.sh of this repo left behind (killed hard) is stopped
# and started again below; anything else on our ports is an error.
pg_stop_stale "$DATA/postgres"
azurite_stop_stale "$DATA/azurite"
port_free "$PGPORT_" SLUICE_PG_PORT
port_free "$BLOB" SLUICE_AZURITE_BLOB_PORT
port_free "$QUEUE" SLUICE_AZURITE_QUEUE_PORT
port_free "$TABLE" SLUICE_AZURITE_TABLE_PORT

pg_find_bin
azurite_install

stack_say "building the service (Release)"
if ! dotnet build "$PROJECT" -c Release -nologo </dev/null; then
  stack_die "the build failed (see the errors above)"
fi
DLL="$(dotnet msbuild "$PROJECT" -nologo -p:Configuration=Release -getProperty:TargetPath </dev/null 2>/dev/null | tail -n 1 || true)"
[[ -f "$DLL" ]] || DLL="$PWD/functions/bin/Release/net10.0/Sluice.Functions.dll"
[[ -f "$DLL" ]] || stack_die "the build succeeded but the service assembly was not found ($DLL)"

pg_start "$DATA/postgres" "$PGPORT_" SLUICE_PG_PORT
azurite_start "$DATA/azurite" "$BLOB" "$QUEUE" "$TABLE" SLUICE_AZURITE

export Sluice__Postgres="Host=127.0.0.1;Port=$PGPORT_;Username=sluice;Database=sluice"
Sluice__Storage="$(azurite_connection_string "$BLOB" "$TABLE")"
export Sluice__Storage

URL="http://127.0.0.1:$APP_PORT"
stack_say "starting the service on $URL"
# Run from the output folder so appsettings*.json there are the content root's.
(cd "$(dirname "$DLL")" && exec dotnet "$(basename "$DLL")" --urls "$URL" </dev/null) &
APP_PID=$!

up=""
for ((i = 0; i < 240; i++)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$APP_PORT") 2>/dev/null; then
    up=1
    break
  fi
  kill -0 "$APP_PID" 2>/dev/null || break
  sleep 0.25
done
if [[ -n "$up" ]]; then
  stack_say "Sluice is serving on $URL   (PostgreSQL 127.0.0.1:$PGPORT_, Azurite 127.0.0.1:$BLOB/$QUEUE/$TABLE; logs in $DATA). Press Ctrl-C to stop."
elif kill -0 "$APP_PID" 2>/dev/null; then
  stack_say "the service is still starting; it will serve on $URL. Press Ctrl-C to stop."
fi

rc=0
wait "$APP_PID" || rc=$?
APP_PID=""
stack_say "the service exited by itself (status $rc)"
exit "$rc"
