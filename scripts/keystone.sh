# shellcheck shell=bash
# A real OpenStack Keystone (Debian's python3-keystone, served by gunicorn) on loopback, for the tests of the `keystone` auth mode.
# Needs scripts/stack.sh sourced first:
#
#   source scripts/stack.sh
#   source scripts/keystone.sh
#   keystone_start "$TMP/keystone" 15360 SLUICE_TEST_KEYSTONE_PORT
#   ...
#   keystone_stop
#
# It runs without systemd, Apache or uWSGI: gunicorn (one process, one thread) serves the v3 API over an SQLite
# database and Fernet tokens in DATA_DIR. Not keystone-wsgi-public's own wsgiref server: it closes each connection
# without saying so, and .NET's HttpClient, reusing one, now and then gets no answer. The first start sets it up (db_sync, bootstrap, then
# the identities below through the REST API with the bootstrap admin's token) and keeps the database and keys in a cache
# folder (keystone_template_dir); later starts copy them. The log (the server's and keystone-manage's) is beside
# DATA_DIR: P/keystone.log.
#
# Identities, all in domain Default, every user with password $KEYSTONE_PASSWORD:
#   admin          role admin   in project admin   (the bootstrap admin; password $KEYSTONE_ADMIN_PASSWORD)
#   sluice         role service in project service (the service user: may validate others' tokens)
#   alpha-member   role member  in project alpha
#   beta-member    role member  in project beta
#   alpha-admin    role admin   in project alpha
#   domain-member  role member  on domain Default and in no project (its tokens are unscoped or domain-scoped)

KEYSTONE_PASSWORD="sluice-test-password"
KEYSTONE_ADMIN_PASSWORD="sluice-test-admin-password"
# keystone's own interpreter (its scripts name it), not whatever python3 comes first on PATH.
KEYSTONE_PYTHON=/usr/bin/python3
KEYSTONE_SCRIPT="$STACK_ROOT/scripts/keystone.sh"

# State of what this shell started (used by keystone_stop).
KEYSTONE_PID=""
KEYSTONE_LOG=""

# keystone_missing_packages: the Debian packages to install, one a line: those whose programs or modules are missing.
keystone_missing_packages() {
  if [[ ! -x "$KEYSTONE_PYTHON" ]] || ! command -v keystone-manage >/dev/null 2>&1 ||
    ! "$KEYSTONE_PYTHON" -c 'import keystone' 2>/dev/null; then
    echo python3-keystone
  fi
  [[ -x "$KEYSTONE_PYTHON" ]] && "$KEYSTONE_PYTHON" -c 'import gunicorn' 2>/dev/null || echo python3-gunicorn
  command -v curl >/dev/null 2>&1 || echo curl
}

# keystone_install: install Keystone and gunicorn when missing. Only the Python packages: the `keystone` package would
# add uWSGI, dbconfig-common and a system service, none of which is needed here.
keystone_install() {
  local missing=()
  mapfile -t missing < <(keystone_missing_packages)
  ((${#missing[@]})) || return 0
  stack_say "Keystone's packages are missing: installing them with apt-get (${missing[*]}; takes a minute or two)"
  stack_apt_install --no-install-recommends "${missing[@]}" ||
    stack_die "Keystone is missing and could not be installed, so the tests of the keystone auth mode cannot run. Install it: apt-get install --no-install-recommends ${missing[*]}"
  mapfile -t missing < <(keystone_missing_packages)
  ((${#missing[@]} == 0)) || stack_die "apt-get installed ${missing[*]}, but its programs or modules are still missing"
}

# keystone_write_conf DATA_DIR LOG PORT: the configuration of a throw-away Keystone in DATA_DIR, and of the gunicorn
# that serves it on 127.0.0.1:PORT.
keystone_write_conf() {
  local dir="$1" log="$2" port="$3"
  # Read by gunicorn from its working folder: Keystone parses the command line as its own options, so gunicorn gets none.
  cat >"$dir/gunicorn.conf.py" <<EOF
wsgi_app = "keystone.server.wsgi:initialize_public_application()"
bind = "127.0.0.1:$port"
workers = 1  # one process: Keystone's cache (below) is in memory, and revocations must reach every request
worker_class = "gthread"
# One thread: SQLite takes one writer at a time, and under parallel tests a writer in one thread could hold the lock
# past any busy timeout of another ("database is locked" as a 500). Serving one request at a time costs the tests
# little: the service caches what Keystone answers.
threads = 1
keepalive = 75  # longer than HttpClient keeps an idle connection (60 s), so the client is the one that closes it
graceful_timeout = 3
raw_env = ["OS_KEYSTONE_CONFIG_FILES=$dir/keystone.conf"]
EOF
  cat >"$dir/keystone.conf" <<EOF
[DEFAULT]
log_file = $log
use_stderr = false

[database]
# SQLite takes one writer at a time: a writer waits for the lock (up to 30 s) rather than failing with "database is
# locked" when the tests make projects and tokens in parallel.
connection = sqlite:///$dir/keystone.db?timeout=30

[token]
provider = fernet

[fernet_tokens]
key_repository = $dir/fernet-keys

[fernet_receipts]
key_repository = $dir/fernet-keys

[identity]
# bcrypt's fewest rounds: a password check costs a millisecond instead of a quarter of a second.
password_hash_rounds = 4

[cache]
# As a deployed Keystone runs (with memcached): validating a token it has seen costs ~30 ms instead of ~200 ms.
# Revoking a token or a role assignment still takes effect at once, since Keystone invalidates what it cached.
enabled = true
backend = dogpile.cache.memory
EOF
}

# keystone_manage DATA_DIR ARGS...: run keystone-manage on DATA_DIR's configuration, its output to the log.
keystone_manage() {
  local dir="$1"
  shift
  (cd / && keystone-manage --config-file "$dir/keystone.conf" "$@") >>"$KEYSTONE_LOG" 2>&1
}

# keystone_setup DATA_DIR URL: a new database and Fernet keys in DATA_DIR, bootstrapped with the admin and the catalog
# entry of URL.
keystone_setup() {
  local dir="$1" url="$2"
  stack_say "setting up Keystone in $dir (db_sync, fernet_setup, bootstrap)"
  # The keys do not touch the database: make them while the schema is created.
  keystone_manage "$dir" fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)" &
  local keys=$!
  if ! keystone_manage "$dir" db_sync; then
    wait "$keys" || true
    stack_show_log "$KEYSTONE_LOG"
    stack_die "keystone-manage db_sync failed (log: $KEYSTONE_LOG)"
  fi
  if ! wait "$keys"; then
    stack_show_log "$KEYSTONE_LOG"
    stack_die "keystone-manage fernet_setup failed (log: $KEYSTONE_LOG)"
  fi
  if ! keystone_manage "$dir" bootstrap --bootstrap-password "$KEYSTONE_ADMIN_PASSWORD" \
    --bootstrap-admin-url "$url" --bootstrap-internal-url "$url" --bootstrap-public-url "$url" \
    --bootstrap-region-id RegionOne; then
    stack_show_log "$KEYSTONE_LOG"
    stack_die "keystone-manage bootstrap failed (log: $KEYSTONE_LOG)"
  fi
}

# keystone_template_dir PORT: where the provisioned database and keys of an earlier start are kept, for the next start
# to copy instead of setting up again (15-30 s of keystone-manage and API calls on 2 cores). Keyed by what made them:
# Keystone's version, this file, and PORT (the catalog holds the URL).
keystone_template_dir() {
  local version key
  version="$(dpkg-query -W -f='${Version}' python3-keystone 2>/dev/null || keystone-manage --version 2>/dev/null || true)"
  key="$(printf '%s\n%s\n%s' "$version" "$1" "$(cat "$KEYSTONE_SCRIPT")" | cksum | cut -d' ' -f1)"
  printf '%s/sluice/keystone-%s' "${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}" "$key"
}

# keystone_save_template DATA_DIR TEMPLATE_DIR: keep DATA_DIR's database and keys (Keystone idle: SQLite's file is
# whole) in TEMPLATE_DIR. Made aside and renamed, so a test run beside this one never copies half of it.
keystone_save_template() {
  local dir="$1" template="$2" tmp
  mkdir -p "$(dirname "$template")" || return 0
  # Templates of older versions of this file or of Keystone.
  find "$(dirname "$template")" -maxdepth 1 -name 'keystone-*' -mtime +30 -exec rm -rf {} + 2>/dev/null || true
  tmp="$(mktemp -d "$template.XXXXXX")" || return 0
  if cp "$dir/keystone.db" "$tmp/" && cp -r "$dir/fernet-keys" "$tmp/" && mv -T "$tmp" "$template" 2>/dev/null; then
    stack_say "kept Keystone's database in $template for the next start"
  else
    rm -rf "$tmp"
  fi
}

# keystone_start DATA_DIR PORT [PORT_ENV_VAR]: a Keystone in DATA_DIR (empty or absent) with the identities listed at
# the top, serving http://127.0.0.1:PORT/v3.
keystone_start() {
  local dir="$1" port="$2" var="${3:-}"
  keystone_install
  port_free "$port" "$var"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  [[ -z "$(ls -A "$dir")" ]] || stack_die "$dir is not empty: keystone_start sets up a fresh Keystone in an empty folder"
  KEYSTONE_LOG="$(dirname "$dir")/keystone.log"
  : >"$KEYSTONE_LOG"
  mkdir -m 700 "$dir/fernet-keys"
  keystone_write_conf "$dir" "$KEYSTONE_LOG" "$port"

  local url="http://127.0.0.1:$port/v3/" template fresh=""
  template="$(keystone_template_dir "$port")"
  if [[ -f "$template/keystone.db" ]]; then
    if ! cp "$template/keystone.db" "$dir/" || ! cp "$template"/fernet-keys/* "$dir/fernet-keys/"; then
      stack_die "could not copy Keystone's database from $template"
    fi
  else
    keystone_setup "$dir" "$url"
    fresh=1
  fi

  # Background jobs of a non-interactive shell ignore SIGINT: Ctrl-C reaches the calling script's trap, which stops
  # Keystone with keystone_stop.
  (cd "$dir" && exec "$KEYSTONE_PYTHON" -m gunicorn) </dev/null >>"$KEYSTONE_LOG" 2>&1 &
  KEYSTONE_PID=$!
  if ! stack_wait_tcp "$port" "$STACK_TIMEOUT" "$KEYSTONE_PID" ||
    ! curl -sf -o /dev/null --max-time "$STACK_TIMEOUT" "$url"; then
    stack_show_log "$KEYSTONE_LOG"
    keystone_stop
    stack_die "Keystone did not come up on 127.0.0.1:$port within ${STACK_TIMEOUT}s (log: $KEYSTONE_LOG)"
  fi
  if [[ -n "$fresh" ]]; then
    if ! keystone_provision "$url"; then
      stack_show_log "$KEYSTONE_LOG"
      keystone_stop
      stack_die "could not make Keystone's test identities through $url (log: $KEYSTONE_LOG)"
    fi
    keystone_save_template "$dir" "$template"
  fi
  stack_say "Keystone is up on ${url} (data: $dir, log: $KEYSTONE_LOG)"
}

# keystone_stop: stop the Keystone keystone_start started. Safe to call more than once.
keystone_stop() {
  stack_stop_pid "$KEYSTONE_PID" Keystone
  KEYSTONE_PID=""
}

# ---------------------------------------------------------------------------------------------
# Provisioning through the v3 API

KEYSTONE_URL=""
KEYSTONE_TOKEN=""

# keystone_call METHOD PATH [JSON]: one call with the admin token; prints the body, fails (saying why) on a non-2xx.
keystone_call() {
  local method="$1" path="$2" out code send=()
  [[ -n "${3:-}" ]] && send=(-H "Content-Type: application/json" --data "$3")
  out="$(mktemp)"
  code="$(curl -s -o "$out" -w '%{http_code}' --max-time 60 -X "$method" -H "X-Auth-Token: $KEYSTONE_TOKEN" \
    "${send[@]}" "${KEYSTONE_URL}${path}")" || code=000
  if [[ "$code" != 2?? ]]; then
    stack_say "Keystone answered $code to $method $path: $(head -c 500 "$out")"
    rm -f "$out"
    return 1
  fi
  cat "$out"
  rm -f "$out"
}

# keystone_id KIND NAME: the id in a create reply ({"KIND": {"id": ...}}) or a listing ({"KINDs": [{"id": ...}]}), read
# from standard input.
keystone_id() {
  "$KEYSTONE_PYTHON" -c '
import json, sys
kind, reply = sys.argv[1], json.load(sys.stdin)
found = [reply[kind]] if kind in reply else reply[kind + "s"]
print(found[0]["id"])' "$1"
}

# keystone_create KIND JSON: create one resource (user, project, role); prints its id.
keystone_create() {
  local reply
  reply="$(keystone_call POST "${1}s" "{\"$1\": $2}")" && keystone_id "$1" <<<"$reply"
}

# keystone_provision URL: the identities listed at the top of this file, through the API at URL (ending in /v3/).
keystone_provision() {
  KEYSTONE_URL="$1"
  local headers
  headers="$(curl -s -o /dev/null -D - --max-time 60 -H "Content-Type: application/json" --data \
    "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}, \"password\": \"$KEYSTONE_ADMIN_PASSWORD\"}}}, \"scope\": {\"project\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}}}}}" \
    "${KEYSTONE_URL}auth/tokens")" || return 1
  KEYSTONE_TOKEN="$(sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: *\([^[:space:]]*\).*/\1/p' <<<"$headers")"
  [[ -n "$KEYSTONE_TOKEN" ]] || { stack_say "the bootstrap admin got no token: $headers"; return 1; }

  local member admin service p_service p_alpha p_beta
  member="$(keystone_call GET "roles?name=member" | keystone_id role)" || return 1
  admin="$(keystone_call GET "roles?name=admin" | keystone_id role)" || return 1
  service="$(keystone_create role '{"name": "service"}')" || return 1
  p_service="$(keystone_create project '{"name": "service", "domain_id": "default"}')" || return 1
  p_alpha="$(keystone_create project '{"name": "alpha", "domain_id": "default"}')" || return 1
  p_beta="$(keystone_create project '{"name": "beta", "domain_id": "default"}')" || return 1

  local name project role user
  while read -r name project role; do
    user="$(keystone_create user "{\"name\": \"$name\", \"domain_id\": \"default\", \"password\": \"$KEYSTONE_PASSWORD\"}")" ||
      return 1
    keystone_call PUT "$project/users/$user/roles/$role" >/dev/null || return 1
  done <<EOF
sluice projects/$p_service $service
alpha-member projects/$p_alpha $member
beta-member projects/$p_beta $member
alpha-admin projects/$p_alpha $admin
domain-member domains/default $member
EOF
}
