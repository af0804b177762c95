#!/usr/bin/env bash
# `make demo`: a live zero-downtime migration of a travel-booking app from MariaDB to PostgreSQL, on the testbed.
# `DEMO_SOURCE=postgres make demo`: the same app and the same steps from a PostgreSQL source (PostgreSQL to PostgreSQL).
#
#   1. the testbed (MariaDB 10.11 + PostgreSQL 15) is started;
#   2. a travel-booking database (customers, trips, bookings, payments) is made on the source with Bogus data;
#   3. the booking app (godwit-demo traffic) starts writing: new bookings, confirmations, cancellations, at a steady
#      rate, as its own DML-only account, through a routing file that names the primary;
#   4. Godwit runs the whole flow while the app writes: assess; migrate --follow (copy, then the change stream);
#      verify; cutover (freeze, drain, identities, count check, routing file switched); the app carries on against
#      PostgreSQL; a final verify, and every write the app was told succeeded is looked up on PostgreSQL;
#      with DEMO_ROLLBACK=1 (the default) the round trip goes on: `migrate --follow` has turned around by itself into
#      the reverse stream (PostgreSQL → the source); `godwit rollback` freezes the target, drains it and switches the
#      app back; the app writes on the source again and the stream follows it forward; the ledger is then held to both
#      databases (every acknowledged write on each, exactly once);
#   5. a summary: rows copied, copy time, max lag, write freeze, verify result, failed app writes (must be 0).
#
#   scripts/demo.sh          run the demo
#   scripts/demo.sh clean    drop what the demo made with either source (the databases, the app and migration accounts,
#                            DEMO_DIR); the testbed keeps running
#
# Environment:
#   DEMO_SOURCE   mysql (default): the source is the testbed's MariaDB, database DEMO_DB.
#                 postgres: the source is the testbed's PostgreSQL, schema DEMO_DB of database DEMO_DB_src
#                 (godwit's URI: postgresql://…/DEMO_DB_src?schema=DEMO_DB); the target is database DEMO_DB_tgt on the same
#                 server, which the demo creates (unless DEMO_TARGET names another), and the tables land in a schema of
#                 the same name. The app's account there is a plain role with DML only; godwit freezes the source at the
#                 cutover with triggers that refuse writes with SQLSTATE 25006, which the app retries on the new primary.
#   DEMO_SCALE    data size; 1 (default) is about 60,000 rows, fractions allowed
#   DEMO_RATE     the app's writes per second (default 50)
#   DEMO_SECONDS  how long the app writes on each side of the cutover, besides the copy and verify (default 20)
#   DEMO_ROLLBACK 1 (default): end with the rollback round trip above (about DEMO_SECONDS more); 0: stop after the cutover
#   DEMO_DB       database name on MariaDB, schema name on PostgreSQL (default godwit_demo); the app account is DEMO_DB_app
#                 (with DEMO_SOURCE=postgres also the prefix of the databases DEMO_DB_src and DEMO_DB_tgt)
#   DEMO_DIR      routing file, ledger, logs and reports (default .testbed/demo/DEMO_DB)
#   DEMO_TARGET   PostgreSQL database URI to migrate to (default: the testbed's, $GODWIT_TEST_PG, with DEMO_SOURCE=mysql;
#                 its database DEMO_DB_tgt with DEMO_SOURCE=postgres)
#   DEMO_APP_PASSWORD  the app account's password (default: a random one)
#
# No password goes on a command line, where every local user can read it (ps, /proc/PID/cmdline): they are taken out of
# the URIs and handed over in the environment (GODWIT_SOURCE_PASSWORD / GODWIT_TARGET_PASSWORD for godwit and
# godwit-demo, GODWIT_DEMO_APP_PASSWORD for the app, MYSQL_PWD for mariadb, PGPASSWORD for psql).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SCALE="${DEMO_SCALE:-1}"
RATE="${DEMO_RATE:-50}"
LIVE="${DEMO_SECONDS:-20}"
ROLLBACK="${DEMO_ROLLBACK:-1}"
DB="${DEMO_DB:-godwit_demo}"
ENGINE="${DEMO_SOURCE:-mysql}"
DIR="${DEMO_DIR:-$ROOT/.testbed/demo/$DB}"
APP_USER="${DB}_app"

die() { printf 'demo: error: %s\n' "$*" >&2; exit 1; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
say() { printf '%s\n' "$*" >&2; }

# The name goes into SQL and file paths: a plain identifier only.
[[ "$DB" =~ ^[a-z][a-z0-9_]{0,50}$ ]] || die "DEMO_DB must be a lower-case identifier (letters, digits, '_'), not '$DB'"
[[ "$LIVE" =~ ^[0-9]+$ ]] || die "DEMO_SECONDS must be a whole number of seconds, not '$LIVE'"
[[ "$ENGINE" =~ ^(mysql|postgres)$ ]] || die "DEMO_SOURCE must be mysql or postgres, not '$ENGINE'"
[[ "$ROLLBACK" =~ ^[01]$ ]] || die "DEMO_ROLLBACK must be 0 or 1, not '$ROLLBACK'"

# A URI's password is percent-encoded; the environment gets it as it is.
uri_decode() { printf '%b' "${1//%/\\x}"; }

eval "$(scripts/testbed.sh env)"
[[ "$GODWIT_TEST_MYSQL" =~ ^mysql://([^:@/]+):([^@/]+)@([^:/]+):([0-9]+) ]] || die "unexpected GODWIT_TEST_MYSQL from scripts/testbed.sh env"
MY_USER="${BASH_REMATCH[1]}"
MY_HOST="${BASH_REMATCH[3]}"
MY_PORT="${BASH_REMATCH[4]}"
ADMIN_PASSWORD="$(uri_decode "${BASH_REMATCH[2]}")"
# The testbed's PostgreSQL: a PostgreSQL source's server, and the default target's.
[[ "$GODWIT_TEST_PG" =~ ^postgres(ql)?://([^:@/]+):([^@/]+)@([^:/]+):([0-9]+)/ ]] || die "unexpected GODWIT_TEST_PG from scripts/testbed.sh env"
PG_USER="${BASH_REMATCH[2]}"
PG_HOST="${BASH_REMATCH[4]}"
PG_PORT="${BASH_REMATCH[5]}"
PG_ADMIN_PASSWORD="$(uri_decode "${BASH_REMATCH[3]}")"
# With a PostgreSQL source, the booking database and the target are databases of their own on that server.
SRC_DB="${DB}_src"
TGT_DB="${DB}_tgt"
PG_TESTBED_TARGET="postgresql://$PG_USER:${BASH_REMATCH[3]}@$PG_HOST:$PG_PORT/$TGT_DB"
# `clean` works on the MariaDB run's target (a PostgreSQL run's own target database is dropped whole).
if [ -n "${DEMO_TARGET:-}" ]; then
  TARGET="$DEMO_TARGET"
elif [ "$ENGINE" = postgres ] && [ "${1:-}" != clean ]; then
  TARGET="$PG_TESTBED_TARGET"
else
  TARGET="$GODWIT_TEST_PG"
fi
TARGET_PASSWORD=""
if [[ "$TARGET" =~ ^(postgres(ql)?://)([^:@/?#]*):([^@/?#]*)@(.*)$ ]]; then
  TARGET="${BASH_REMATCH[1]}${BASH_REMATCH[3]}@${BASH_REMATCH[5]}"
  TARGET_PASSWORD="$(uri_decode "${BASH_REMATCH[4]}")"
fi
# Without a password in DEMO_TARGET, whatever the caller has set (or ~/.pgpass) is used.
TARGET_PASSWORD="${TARGET_PASSWORD:-${GODWIT_TARGET_PASSWORD:-${PGPASSWORD:-}}}"
unset GODWIT_TEST_MYSQL GODWIT_TEST_PG
ROUTING="$DIR/routing.json"

# Godwit runs as a migration account of the demo's own on both servers, with a random password: as in production,
# not as the testbed's superuser, and with a password that no other word shares (godwit masks a password wherever it
# appears in its output, and the testbed's is "godwit").
MIG_USER="${DB}_mig"
MIG_PASSWORD="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The schema is DEMO_DB on a PostgreSQL source too, not public: the target gets the source's schema name, so both runs
# key everything the same way (the stream's name, `status --stream`, the cutover's records, the summary's --schema, the
# app's target schema), and `migrate --if-exists drop` replaces a schema of the demo's own, never a target's public one.
if [ "$ENGINE" = postgres ]; then
  SOURCE="postgresql://$MIG_USER@$PG_HOST:$PG_PORT/$SRC_DB?schema=$DB"
  SOURCE_NAME="the PostgreSQL source"
  TARGET_NAME="the PostgreSQL target"
  SOURCE_WHERE="PostgreSQL (database $SRC_DB, schema $DB)"
else
  SOURCE="mysql://$MIG_USER@$MY_HOST:$MY_PORT/$DB"
  SOURCE_NAME="MariaDB"
  TARGET_NAME="PostgreSQL"
  SOURCE_WHERE="MariaDB"
fi
if [[ "$TARGET" =~ ^(postgres(ql)?://)([^@/?#]*@)?(.*)$ ]]; then
  GTARGET="${BASH_REMATCH[1]}$MIG_USER@${BASH_REMATCH[4]}"
else
  die "DEMO_TARGET must be a postgresql:// URI"
fi

# The passwords go to each program in its environment (a prefix assignment, not `env VAR=…`, which is a command line).
my() { MYSQL_PWD="$ADMIN_PASSWORD" mariadb --no-defaults --protocol=TCP -h"$MY_HOST" -P"$MY_PORT" -u"$MY_USER" -N -B "$@"; }
pg() { PGPASSWORD="$TARGET_PASSWORD" psql "$TARGET" -X -q -v ON_ERROR_STOP=1 "$@"; }
# The testbed's PostgreSQL as its admin, in database $1 (a PostgreSQL source's server).
pgs() { local db="$1"; shift; PGPASSWORD="$PG_ADMIN_PASSWORD" psql "postgresql://$PG_USER@$PG_HOST:$PG_PORT/$db" -X -q -v ON_ERROR_STOP=1 "$@"; }
godwit() { GODWIT_SOURCE_PASSWORD="$MIG_PASSWORD" GODWIT_TARGET_PASSWORD="$MIG_PASSWORD" ./godwit "$@"; }

# The migration account: everything godwit needs (a consistent snapshot, the binlog, read_only, killing sessions that
# hold a freeze up; on PostgreSQL, creating the schema). Statements go on stdin, never on a command line.
# A PostgreSQL source needs a superuser here as well (or a role with REPLICATION that owns the tables): the slot, the
# publication and the freeze triggers. Its arguments: the psql function and database of the server.
create_pg_migration_role() {
  "$@" <<SQL
SET client_min_messages = warning;
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$MIG_USER') AS missing \gset
\if :missing
CREATE ROLE "$MIG_USER" LOGIN SUPERUSER;
\endif
ALTER ROLE "$MIG_USER" PASSWORD '$MIG_PASSWORD';
SQL
}

create_migration_accounts() {
  if [ "$ENGINE" = postgres ]; then
    create_pg_migration_role pgs postgres
  else
    my <<SQL
CREATE OR REPLACE USER '$MIG_USER'@'%' IDENTIFIED BY '$MIG_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$MIG_USER'@'%' WITH GRANT OPTION;
SQL
  fi
  create_pg_migration_role pg
}

drop_pg_migration_role() {
  "$@" <<SQL
SET client_min_messages = warning;
SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$MIG_USER') AS present \gset
\if :present
REASSIGN OWNED BY "$MIG_USER" TO CURRENT_USER;
DROP OWNED BY "$MIG_USER";
DROP ROLE "$MIG_USER";
\endif
SQL
}

drop_migration_accounts() {
  my -e "DROP USER IF EXISTS '$MIG_USER'@'%'"
  drop_pg_migration_role pg
  drop_pg_migration_role pgs postgres
}

# Drops a database of the testbed's PostgreSQL (a PostgreSQL run's source or target). Its logical replication slots
# would keep it (even WITH (FORCE)) and pin WAL on the shared server: their readers are ended, then the slots dropped
# (a terminated walsender lets go of its slot a moment later: until then the drop says the slot is active).
drop_pg_database() {
  local db="$1" i
  for i in $(seq 1 100); do
    if pgs postgres -v db="$db" >/dev/null 2>&1 <<'SQL'
SET client_min_messages = warning;
SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = :'db' AND active_pid IS NOT NULL;
SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = :'db';
SQL
    then
      break
    fi
    sleep 0.1
  done
  pgs postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
}

# The demo app, built like ./godwit: once, and again whenever a source or build file is newer than the build.
APP_OUT="$ROOT/artifacts/demo"
APP_DLL="$APP_OUT/godwit-demo.dll"
app_stale() {
  [ ! -f "$APP_DLL" ] && return 0
  [ -n "$(find "$ROOT/src" "$ROOT/Directory.Build.props" "$ROOT/Directory.Packages.props" "$ROOT/global.json" \
    \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name 'global.json' \) -newer "$APP_DLL" -print -quit 2>/dev/null)" ]
}
build_app() {
  mkdir -p "$APP_OUT"
  exec 8>"$APP_OUT/.build.lock"
  flock 8
  if app_stale; then
    local log
    log="$(mktemp)"
    if ! dotnet build "$ROOT/src/Godwit.Demo/Godwit.Demo.csproj" -c Release -o "$APP_OUT" --nologo -v q -clp:NoSummary >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      die "building the demo app failed (output above)"
    fi
    rm -f "$log"
    touch "$APP_DLL"
  fi
  flock -u 8
}
app() { GODWIT_SOURCE_PASSWORD="$MIG_PASSWORD" GODWIT_TARGET_PASSWORD="$MIG_PASSWORD" dotnet "$APP_DLL" "$@"; }

# `clean` also forgets the demo's stream and cutover records on the target, so that `godwit status` does not list a
# demo long gone (a new run's `migrate --restart` forgets them as well).
forget_godwit_records() {
  pg -v schema="$DB" -v streams="$1" <<'SQL'
SELECT to_regclass('godwit.cutovers') IS NOT NULL AS has_cutovers, to_regclass('godwit.sync_state') IS NOT NULL AS has_streams \gset
\if :has_cutovers
DELETE FROM godwit.cutovers WHERE target_schema = :'schema';
\endif
\if :streams
\if :has_streams
DELETE FROM godwit.sync_state WHERE target_schema = :'schema';
\endif
\endif
SQL
}

if [ "${1:-}" = "clean" ]; then
  # Whichever source the demo ran with: what a MariaDB run made, then what a PostgreSQL run made.
  my -e "DROP DATABASE IF EXISTS \`$DB\`; DROP USER IF EXISTS '$APP_USER'@'%'"
  pg -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS \"$DB\" CASCADE"
  # The rollback round trip's reverse stream read the target through a slot and publication of its own
  # (godwit_<schema>_reverse_<hash>): left behind, the slot would keep the shared server's WAL for ever.
  pg -v pattern="godwit\\_${DB}\\_reverse\\_%" >/dev/null <<'SQL'
SET client_min_messages = warning;
SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots
 WHERE slot_name LIKE :'pattern' AND database = current_database() AND active_pid IS NOT NULL;
SELECT pg_sleep(0.5) WHERE EXISTS (SELECT FROM pg_replication_slots WHERE slot_name LIKE :'pattern' AND database = current_database() AND active);
SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
 WHERE slot_name LIKE :'pattern' AND database = current_database() AND NOT active;
SELECT format('DROP PUBLICATION IF EXISTS %I', pubname) FROM pg_publication WHERE pubname LIKE :'pattern' \gexec
SQL
  forget_godwit_records true
  # The app's PostgreSQL role was granted rights in the source database only: it goes with it.
  drop_pg_database "$SRC_DB"
  drop_pg_database "$TGT_DB"
  pgs postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS \"$APP_USER\""
  drop_migration_accounts
  rm -rf "$DIR"
  say "demo: dropped database $DB and accounts $APP_USER, $MIG_USER on MariaDB; schema $DB, databases $SRC_DB and $TGT_DB and roles $APP_USER, $MIG_USER on PostgreSQL; and $DIR"
  exit 0
fi
[ -z "${1:-}" ] || die "unknown argument '$1' (scripts/demo.sh, or scripts/demo.sh clean)"

# ---------- background processes: stopped however the demo ends ----------

TRAFFIC_PID=""
MIGRATE_PID=""
SAMPLER_PID=""
READ_ONLY_AT_START=""

stop_pid() {
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

read_only() { my -e "SELECT @@GLOBAL.read_only"; }

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  [ -d "$DIR" ] && touch "$DIR/stop"
  stop_pid "$SAMPLER_PID"
  stop_pid "$TRAFFIC_PID"
  stop_pid "$MIGRATE_PID"
  # In a real migration the source stays read-only, the fallback copy. The testbed is shared, so the demo gives
  # back the MariaDB it found: writable (only when its own cutover left it frozen, not another one in its freeze).
  if [ "$READ_ONLY_AT_START" = "0" ] && grep -q '"source_writable": *false' "$DIR/cutover.json" 2>/dev/null \
    && [ "$(read_only 2>/dev/null || echo 0)" = "1" ]; then
    my -e "SET GLOBAL read_only = OFF" || true
    say "demo: MariaDB was left read-only by the cutover (the fallback copy); made writable again for the shared testbed"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Prints what the app and the stream are doing, every few seconds, for $1 seconds (or until $2 succeeds).
live_for() {
  local seconds="$1" until="${2:-false}" end=$((SECONDS + $1)) shown=""
  while [ "$SECONDS" -lt "$end" ]; do
    if eval "$until"; then return 0; fi
    local traffic lag applied
    traffic="$(grep 'writes/s on the' "$DIR/traffic.log" 2>/dev/null | tail -n 1 || true)"
    lag="$(grep '"running":true' "$DIR/status.jsonl" 2>/dev/null | tail -n 1 | grep -o '"lag_seconds":[0-9.]*' | cut -d: -f2 || true)"
    applied="$(grep '"running":true' "$DIR/status.jsonl" 2>/dev/null | tail -n 1 | grep -o '"rows_applied":[0-9]*' | cut -d: -f2 || true)"
    local line="  ${traffic:-traffic: starting}${lag:+ | sync: lag ${lag} s, ${applied:-0} rows applied}"
    [ "$line" != "$shown" ] && say "$line" && shown="$line"
    sleep 3
  done
  eval "$until"
}

running() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# verify --json's overall verdict, for the log line (the summary reads the whole report).
verdict() { grep -m 1 -o '"equal": *[a-z]*' "$1" 2>/dev/null | grep -q true && echo "every table equal" || echo "see $1"; }

START=$SECONDS

step "1. The testbed: MariaDB 10.11 and PostgreSQL 15 on loopback"
scripts/testbed.sh up
if [ "$ENGINE" = mysql ]; then
  READ_ONLY_AT_START="$(read_only)"
  if [ "$READ_ONLY_AT_START" = "1" ]; then
    # Another cutover (a test) may be in its write freeze: give it time, then take the server back.
    for _ in $(seq 1 30); do [ "$(read_only)" = "0" ] && break; sleep 1; done
    if [ "$(read_only)" = "1" ]; then
      my -e "SET GLOBAL read_only = OFF"
      say "demo: MariaDB was read-only (left so by an earlier cutover); made it writable"
    fi
    READ_ONLY_AT_START=0
  fi
fi
say "building godwit and the demo app"
godwit --help >/dev/null
build_app

step "2. A travel-booking database on $SOURCE_WHERE: customers, trips, bookings, payments (Bogus data, scale $SCALE)"
# A demo killed with -9 leaves its background processes, recorded by pid. A pid file can outlive its process (a
# reboot) and the pid be another program's by now: only a process whose command line is the one we started is stopped.
# The app's and the stream's command lines name this demo's routing file; the sampler is a subshell of this script.
ours() {
  local pid="$1" marker="$2" cmdline
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" 2>/dev/null || return 1
  [[ "$cmdline" == *"$marker"* ]]
}
stop_leftovers() {
  local f marker
  for f in "$DIR"/*.pid; do
    [ -f "$f" ] || continue
    case "$f" in
      */traffic.pid) marker=" traffic --routing-file $ROUTING " ;;
      */migrate.pid) marker=" --follow --routing-file $ROUTING " ;;
      */sampler.pid) marker="demo.sh" ;;
      *) continue ;;
    esac
    if ours "$(cat "$f")" "$marker"; then stop_pid "$(cat "$f")"; fi
  done
  return 0
}
[ -d "$DIR" ] && stop_leftovers
rm -rf "$DIR"
mkdir -p "$DIR"
APP_PASSWORD="${DEMO_APP_PASSWORD:-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
if [ "$ENGINE" = postgres ]; then
  # A fresh source database (an earlier run's slot would outlive a dropped schema), and a fresh target of its own.
  drop_pg_database "$SRC_DB"
  if [ -z "${DEMO_TARGET:-}" ]; then
    drop_pg_database "$TGT_DB"
    pgs postgres -c "CREATE DATABASE \"$TGT_DB\" ENCODING 'UTF8' TEMPLATE template0"
  fi
fi
# An earlier run's target schema goes first: a PostgreSQL source's copy there carries grants to the app's role, which
# keep the seed from making that role anew.
pg -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS \"$DB\" CASCADE"
create_migration_accounts
GODWIT_DEMO_APP_PASSWORD="$APP_PASSWORD" app seed --source "$SOURCE" --scale "$SCALE" --app-user "$APP_USER"
# The app's password reaches it through the environment, not its command line.
if [ "$ENGINE" = postgres ]; then
  APP_URI="postgresql://$APP_USER@$PG_HOST:$PG_PORT/$SRC_DB?schema=$DB"
else
  APP_URI="mysql://$APP_USER@$MY_HOST:$MY_PORT/$DB"
fi

step "3. The booking app starts: $RATE writes/s (book, confirm, cancel) as '$APP_USER', through $ROUTING"
app route --routing-file "$ROUTING" --source "$SOURCE" --target "$GTARGET"
GODWIT_DEMO_APP_PASSWORD="$APP_PASSWORD" GODWIT_TARGET_PASSWORD="$MIG_PASSWORD" dotnet "$APP_DLL" traffic --routing-file "$ROUTING" --source "$APP_URI" --target "$GTARGET" --rate "$RATE" \
  --ledger "$DIR/ledger.jsonl" --stop-file "$DIR/stop" --progress-interval 3s --json \
  >"$DIR/traffic.json" 2>"$DIR/traffic.log" &
TRAFFIC_PID=$!
echo "$TRAFFIC_PID" >"$DIR/traffic.pid"
live_for 30 "grep -qs 'writes/s on the' '$DIR/traffic.log' || ! running $TRAFFIC_PID" || true
running "$TRAFFIC_PID" || { cat "$DIR/traffic.log" >&2; die "the booking app stopped"; }
say "  $(grep 'writes/s on the' "$DIR/traffic.log" | tail -n 1)"

step "4.1 godwit assess: the preflight"
set +e
godwit assess --source "$SOURCE" --target "$GTARGET"
code=$?
set -e
[ "$code" -le 2 ] || die "assess failed (exit $code)"

step "4.2 godwit migrate --follow: consistent copy while the app writes, then the change stream (in the background)"
# Not through the godwit function: in the background that would be a subshell, and $! its pid rather than godwit's.
GODWIT_SOURCE_PASSWORD="$MIG_PASSWORD" GODWIT_TARGET_PASSWORD="$MIG_PASSWORD" \
  ./godwit migrate --source "$SOURCE" --target "$GTARGET" --restart --if-exists drop --discard-cutover --follow --routing-file "$ROUTING" --json \
  >"$DIR/migrate.json" 2>"$DIR/migrate.log" &
MIGRATE_PID=$!
echo "$MIGRATE_PID" >"$DIR/migrate.pid"
live_for 600 "grep -qs 'following the change stream' '$DIR/migrate.log' || ! running $MIGRATE_PID" || true
grep -v '^\s*$' "$DIR/migrate.log" | sed 's/^/  /' >&2 || true
running "$MIGRATE_PID" || die "migrate --follow stopped (log above)"
if [ "$ENGINE" = postgres ]; then
  say "  copied; the change stream now follows the source's WAL through a logical replication slot (pgoutput)"
else
  say "  copied; the change stream now follows MariaDB's binlog"
fi
# The stream's lag, sampled while it runs, for the live lines and the summary's maximum.
(
  while :; do
    godwit status --json --source "$SOURCE" --target "$GTARGET" --stream "$DB" >>"$DIR/status.jsonl" 2>/dev/null || true
    sleep 2
  done
) &
SAMPLER_PID=$!
echo "$SAMPLER_PID" >"$DIR/sampler.pid"

step "4.3 The app keeps writing on $SOURCE_NAME; Godwit streams every change to $TARGET_NAME ($LIVE s)"
live_for "$LIVE" || true

step "4.4 godwit verify while the app writes: chunk checksums in both databases, differences re-checked"
set +e
godwit verify --source "$SOURCE" --target "$GTARGET" --mode checksum --json >"$DIR/verify-live.json"
say "  verify exit code: $? (0 = equal, 2 = differences): $(verdict "$DIR/verify-live.json")"
set -e

step "4.5 godwit cutover: gates, write freeze, drain, identities, count check, routing file switched"
set +e
godwit cutover --source "$SOURCE" --target "$GTARGET" --max-lag 1s --routing-file "$ROUTING" --json >"$DIR/cutover.json"
code=$?
set -e
say "  cutover exit code: $code (0 = switched)"
[ -s "$DIR/cutover.json" ] && sed 's/^/  /' "$ROUTING" >&2

step "4.6 The app carries on against $TARGET_NAME ($LIVE s)"
live_for "$LIVE" || true
FINAL=4.7
if [ "$ROLLBACK" = 1 ]; then
  step "4.7 godwit rollback: the way back. migrate --follow turned around by itself: it applies $TARGET_NAME's writes to $SOURCE_NAME"
  live_for 60 "grep -qs 'following it back into the source' '$DIR/migrate.log' || ! running $MIGRATE_PID" || true
  grep -m 1 'following it back into the source' "$DIR/migrate.log" | sed 's/^/  /' >&2 || { cat "$DIR/migrate.log" >&2; die "migrate --follow did not turn into the reverse stream (log above)"; }
  set +e
  godwit rollback --source "$SOURCE" --target "$GTARGET" --max-lag 5s --routing-file "$ROUTING" --json >"$DIR/rollback.json"
  code=$?
  set -e
  say "  rollback exit code: $code (0 = switched back): $(grep -o '"freeze_ms": *[0-9]*' "$DIR/rollback.json" | head -n 1)"
  sed 's/^/  /' "$ROUTING" >&2

  step "4.8 The app carries on against $SOURCE_NAME again ($LIVE s); the stream has turned forward and follows it to $TARGET_NAME"
  live_for "$LIVE" || true
  FINAL=4.9
fi
touch "$DIR/stop"
set +e
wait "$TRAFFIC_PID"
say "  booking app stopped (exit $?)"
set -e
TRAFFIC_PID=""
grep 'failed write' "$DIR/traffic.log" | sed 's/^/  /' >&2 || true
stop_pid "$SAMPLER_PID"
SAMPLER_PID=""
stop_pid "$MIGRATE_PID"
MIGRATE_PID=""
if [ "$ROLLBACK" = 1 ]; then
  # The app has stopped: the forward stream's last changes, to the end of the source's log, before the ledger check.
  godwit sync --source "$SOURCE" --target "$GTARGET" --until-caught-up --no-reverse 2>>"$DIR/migrate.log" >/dev/null \
    || { tail -n 20 "$DIR/migrate.log" >&2; die "the forward stream did not catch up after the rollback"; }
  LOOKED_UP="$SOURCE_NAME and $TARGET_NAME (each must have every one)"
  BOTH=(--both)
else
  LOOKED_UP="$TARGET_NAME"
  BOTH=()
fi

step "$FINAL Final verify: the tables the app does not write, row for row; then every write the app was told succeeded, looked up on $LOOKED_UP"
set +e
# The tables are named with their schema (DEMO_DB on either source): verify qualifies a bare name with the source URI's
# database, which for a PostgreSQL source is not the schema its tables are in.
godwit verify --source "$SOURCE" --target "$GTARGET" --mode rows --tables "$DB.customers,$DB.trips" --no-wait-for-sync --json >"$DIR/verify-final.json"
say "  verify exit code: $? (0 = equal, 2 = differences): $(verdict "$DIR/verify-final.json")"
app check --source "$SOURCE" --target "$GTARGET" --ledger "$DIR/ledger.jsonl" "${BOTH[@]}"
app check --source "$SOURCE" --target "$GTARGET" --ledger "$DIR/ledger.jsonl" "${BOTH[@]}" --json >"$DIR/check.json" 2>/dev/null
set -e

step "5. Summary"
set +e
app summary --dir "$DIR" --schema "$DB" --source-engine "$ENGINE" --elapsed "$((SECONDS - START))" --json >"$DIR/summary.json"
app summary --dir "$DIR" --schema "$DB" --source-engine "$ENGINE" --elapsed "$((SECONDS - START))"
code=$?
set -e
printf '\nReports, ledger and logs are in %s; the databases stay in place. `make demo-clean` removes them.\n' "$DIR" >&2
if [ "$ROLLBACK" = 1 ]; then
  say "After the rollback $SOURCE_NAME is the primary again; $TARGET_NAME keeps its freeze for the app until a next cutover."
elif [ "$ENGINE" = postgres ]; then
  # Unlike the shared MariaDB, the PostgreSQL source is a database of the demo's own: it keeps its freeze.
  say "The PostgreSQL source $SRC_DB stays frozen by the cutover's triggers, as the fallback copy."
fi
exit "$code"
