#!/usr/bin/env bash
# Issue #16's benchmark: PostgreSQL -> PostgreSQL, `godwit migrate` against two anchors on the same data, same server,
# same run: Debian's `pgcopydb clone` and `pg_dump -Fd -j JOBS` followed by `pg_restore -j JOBS`. Then, as
# bench/catchup.sh does for MySQL, a stream catch-up: a pgbench backlog (-c 4 -j 2, BACKLOG_SECONDS s, unthrottled)
# written on the source while the stream is stopped, applied by `godwit sync --until-caught-up`; it reports the
# source's tps while writing the backlog, the stream's apply rate (transactions/s) and their ratio.
#   bench/pg.sh [SCALE] [BACKLOG_SECONDS] [JOBS]     defaults: 50 20 2
# Data: `pgbench -i -s SCALE` plus public.wide (200,000 rows: bigint identity key, varchar, text of 200-2,000 chars
# and ~10% of 2.6-4 kB stored out of line (TOAST), numeric(20,6), integer, float8 with NaN/-Infinity, timestamptz,
# date, jsonb, bytea, boolean, unique uuid, a generated stored column; NULLs in most columns) and public.wide_events
# (100,000 rows, no key at all, every row twice, a foreign key to wide).
# Every tool's copy is checked against the source: the row count of every source table (and, with BENCH_CHECKSUM=1,
# an order-independent hash of every row's text); a tool whose copy differs is marked and the script exits 1.
# The catch-up is always checked with the hash. CPU is the tool's own (user+sys of it and its children, from
# /usr/bin/time); "server CPU" is what the PostgreSQL server spent meanwhile (the postmaster's children, read
# from /proc; anything else that uses this server in the meantime is counted too).
# Environment:
#   BENCH_ANCHORS_ONLY=1   run the anchors only: no ./godwit at all (no build, no migrate, no catch-up)
#   BENCH_CHECKSUM=1       also compare a hash of every row's text after each copy (slower)
#   BENCH_DUMP_COMPRESS=N  pass -Z N to pg_dump (default: pg_dump's own, gzip; 0 spares the 2 cores the compression)
#   GODWIT=PATH            the godwit to run (default: ./godwit, which builds this checkout first)
#   KEEP=1                 keep the four databases afterwards (replication slots are dropped all the same)
# Server: the testbed PostgreSQL (scripts/testbed.sh up-pg) on 127.0.0.1:5433, superuser godwit; the password comes
# from PGPASSWORD (default: the testbed's) and is never put on a command line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SCALE="${1:-50}"
SECS="${2:-20}"
JOBS="${3:-2}"
for v in "$SCALE" "$SECS" "$JOBS"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/pg.sh [SCALE] [BACKLOG_SECONDS] [JOBS] (positive integers)" >&2; exit 64; }
done
ANCHORS_ONLY="${BENCH_ANCHORS_ONLY:-0}"
GODWIT="${GODWIT:-./godwit}"
DUMP_NAME="pg_dump${BENCH_DUMP_COMPRESS:+ -Z$BENCH_DUMP_COMPRESS}+pg_restore"
CHECKSUM="${BENCH_CHECKSUM:-0}"
WIDE_ROWS=200000
KEYLESS_ROWS=100000

HOST=127.0.0.1
PORT=5433
PGUSER_NAME=godwit
export PGPASSWORD="${PGPASSWORD:-godwit}"
# godwit reads a password missing from the URI from these; pgcopydb, pg_dump, pg_restore and pgbench (libpq) from PGPASSWORD.
export GODWIT_SOURCE_PASSWORD="$PGPASSWORD" GODWIT_TARGET_PASSWORD="$PGPASSWORD"
SRC_DB=godwit_bench_pg_src
GW_DB=godwit_bench_pg_godwit
PCD_DB=godwit_bench_pg_pgcopydb
RS_DB=godwit_bench_pg_restore
uri() { printf 'postgresql://%s@%s:%s/%s' "$PGUSER_NAME" "$HOST" "$PORT" "$1"; }   # no password in it
PSQL=(env PGOPTIONS='-c client_min_messages=warning' psql -X -h "$HOST" -p "$PORT" -U "$PGUSER_NAME" -v ON_ERROR_STOP=1 -qAt)
LIBPQ=(-h "$HOST" -p "$PORT" -U "$PGUSER_NAME")
# Masks anything shaped like a password in tool output that we print (URIs carry none, this is a second guard).
mask() { sed -E 's#(://[^:/@[:space:]]+:)[^@[:space:]]*@#\1****@#g; s/(password=)[^[:space:]]*/\1****/Ig'; }
log() { printf '%s\n' "$*" >&2; }

scripts/testbed.sh up-pg >/dev/null
for tool in pgbench pg_dump pg_restore pgcopydb bc; do
  command -v "$tool" >/dev/null || { log "missing $tool (pgcopydb: apt-get install -y pgcopydb)"; exit 1; }
done
[ -x /usr/bin/time ] || { log "missing /usr/bin/time (apt-get install -y time)"; exit 1; }

TMP="$(mktemp -d)"
# Leaves nothing behind on the shared server: our replication slots (pgcopydb's and any on the source database,
# e.g. godwit's), pgcopydb's replication origins, and the databases unless KEEP=1.
drop_slots() {
  "${PSQL[@]}" -d postgres -v db="$SRC_DB" -f - >/dev/null 2>&1 <<'SQL' || true
SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots
 WHERE (slot_name LIKE 'pgcopydb%' OR database = :'db') AND active_pid IS NOT NULL;
SELECT pg_sleep(0.5) WHERE EXISTS (SELECT FROM pg_replication_slots WHERE (slot_name LIKE 'pgcopydb%' OR database = :'db') AND active);
SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
 WHERE (slot_name LIKE 'pgcopydb%' OR database = :'db') AND NOT active;
SELECT pg_replication_origin_drop(roname) FROM pg_replication_origin WHERE roname LIKE 'pgcopydb%';
SQL
}
drop_db() { "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null; }
fresh_db() { drop_db "$1"; "${PSQL[@]}" -d postgres -c "CREATE DATABASE \"$1\"" >/dev/null; }
cleanup() {
  drop_slots
  if [ "${KEEP:-0}" != 1 ]; then
    for db in "$GW_DB" "$PCD_DB" "$RS_DB" "$SRC_DB"; do drop_db "$db" 2>/dev/null || true; done
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# ---------- measurement helpers ----------

CLK_TCK="$(getconf CLK_TCK)"
PM_PID=""
datadir="$("${PSQL[@]}" -d postgres -c 'SHOW data_directory' 2>/dev/null || true)"
if [ -n "$datadir" ] && [ -r "$datadir/postmaster.pid" ]; then
  PM_PID="$(head -n 1 "$datadir/postmaster.pid")"
  [ -r "/proc/$PM_PID/stat" ] || PM_PID=""
fi
# CPU ticks of the server so far: the postmaster's own and its reaped children's (exited backends, autovacuum and
# parallel workers), plus every live child's. The difference of two readings is what the server spent in between.
server_ticks() {
  [ -n "$PM_PID" ] || { echo 0; return 0; }
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$PM_PID" '
    { pid = $1; rest = $0; sub(/^.*\) /, "", rest); n = split(rest, f, " ")
      if (n < 15) next
      if (pid == pm) t += f[12] + f[13] + f[14] + f[15]; else if (f[2] == pm) t += f[12] + f[13] }
    END { printf "%d\n", t }'
}
load1() { cut -d' ' -f1 /proc/loadavg; }

declare -A WALL CPU SRV RSS LOAD CHECK
# timed KEY CMD...: runs CMD under /usr/bin/time after a CHECKPOINT; records wall, CPU, peak RSS and server CPU.
timed() {
  local key="$1"; shift
  "${PSQL[@]}" -d postgres -c CHECKPOINT >/dev/null
  LOAD[$key]="$(load1)"
  local s0 s1 e u s m
  s0="$(server_ticks)"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$TMP/$key.time" "$@" >"$TMP/$key.out" 2>"$TMP/$key.err"; then
    log "$key failed ($(head -n 1 "$TMP/$key.time" 2>/dev/null || true)); last lines of its output:"
    tail -n 25 "$TMP/$key.err" | mask >&2
    return 1
  fi
  s1="$(server_ticks)"
  read -r e u s m < <(tail -n 1 "$TMP/$key.time")
  WALL[$key]="$e"
  CPU[$key]="$(echo "$u + $s" | bc -l)"
  RSS[$key]="$(echo "$m / 1024" | bc -l)"
  if [ -n "$PM_PID" ]; then SRV[$key]="$(printf '%.2f' "$(echo "($s1 - $s0) / $CLK_TCK" | bc -l)")"; else SRV[$key]=""; fi
}

# Source tables, as quoted schema.table names (pgcopydb's and godwit's own schemas are never counted).
source_tables() {
  "${PSQL[@]}" -d "$SRC_DB" -c "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname NOT IN ('information_schema', 'godwit', 'pgcopydb') AND n.nspname NOT LIKE 'pg\_%' ORDER BY 1"
}
# table_stats DB HASH: one line per source table, "name rows" or "name rows:hash" (HASH=1; order-independent), or "name missing".
table_stats() {
  local db="$1" hash="$2" t
  while IFS= read -r t; do
    "${PSQL[@]}" -d "$db" -v t="$t" -v hash="$hash" -f - <<'SQL'
SELECT to_regclass(:'t') IS NOT NULL AS present, :'hash' = '1' AS hashed \gset
\if :present
  \if :hashed
SELECT :'t' || ' ' || count(*) || ':' || coalesce(sum(('x' || substr(md5(r::text), 1, 15))::bit(60)::bigint), 0) FROM :t AS r;
  \else
SELECT :'t' || ' ' || count(*) FROM :t;
  \endif
\else
SELECT :'t' || ' missing';
\endif
SQL
  done <"$TMP/tables"
}
# Indexes and constraints (primary, unique, foreign, check, exclusion) outside the catalogs and the tools' schemas.
shape() {
  "${PSQL[@]}" -d "$1" -c "SELECT
    (SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('information_schema', 'godwit', 'pgcopydb') AND n.nspname NOT LIKE 'pg\_%') || ' ' ||
    (SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
      WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND n.nspname NOT IN ('information_schema', 'godwit', 'pgcopydb') AND n.nspname NOT LIKE 'pg\_%')"
}
# check KEY LABEL DB: compares DB with the source's stats in $TMP/source.stats; prints one line, sets CHECK[KEY].
check() {
  local key="$1" label="$2" db="$3" src_shape dst_shape
  table_stats "$db" "$CHECKSUM" >"$TMP/$key.stats"
  src_shape="$(shape "$SRC_DB")"; dst_shape="$(shape "$db")"
  local what="row counts"; [ "$CHECKSUM" = 1 ] && what="row counts and row hashes"
  local shape_note="indexes ${dst_shape% *}/${src_shape% *}, constraints ${dst_shape#* }/${src_shape#* }"
  if cmp -s "$TMP/source.stats" "$TMP/$key.stats"; then
    CHECK[$key]=equal
    echo "check $label: tables equal ($(wc -l <"$TMP/tables") tables, $what; $shape_note)"
  else
    CHECK[$key]=DIFFERENT
    echo "check $label: tables NOT equal ($what; $shape_note):"
    LC_ALL=C join -a 1 -e none -o '0,1.2,2.2' <(LC_ALL=C sort "$TMP/source.stats") <(LC_ALL=C sort "$TMP/$key.stats") | awk '$2 != $3 {print "  " $1 ": source " $2 ", copy " $3}'
  fi
}

# ---------- data ----------

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: PostgreSQL $("${PSQL[@]}" -d postgres -c 'SHOW server_version') on $HOST:$PORT; $(pg_dump --version); $(pgcopydb --version 2>/dev/null | head -n 1)"
drop_slots   # a slot left on the source by an interrupted run would keep DROP DATABASE from working
for db in "$GW_DB" "$PCD_DB" "$RS_DB"; do drop_db "$db"; done
fresh_db "$SRC_DB"
log "loading: pgbench -i -s $SCALE, public.wide ($WIDE_ROWS rows), public.wide_events ($KEYLESS_ROWS rows, no key)…"
t0=$(date +%s.%N)
pgbench "${LIBPQ[@]}" -i -q -s "$SCALE" "$SRC_DB" >"$TMP/init.out" 2>&1 || { tail -n 20 "$TMP/init.out" | mask >&2; exit 1; }
"${PSQL[@]}" -d "$SRC_DB" -v wide_rows="$WIDE_ROWS" -v keyless_rows="$KEYLESS_ROWS" -f - >/dev/null <<'SQL'
CREATE TABLE public.wide (
  id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  title      varchar(120) NOT NULL,
  body       text,
  amount     numeric(20,6),
  qty        integer NOT NULL,
  ratio      double precision,
  created_at timestamptz NOT NULL,
  day        date,
  doc        jsonb,
  blob       bytea,
  active     boolean NOT NULL,
  ref        uuid NOT NULL UNIQUE,
  total      numeric(32,6) GENERATED ALWAYS AS (amount * qty) STORED
);
-- body: 6-60 md5 words (198-1,980 chars) and, for every tenth row, 80-124 (2.6-4.1 kB, incompressible for pglz, so
-- stored out of line in TOAST); deterministic, so every run has the same data.
INSERT INTO public.wide (id, title, body, amount, qty, ratio, created_at, day, doc, blob, active, ref)
SELECT i,
  'item ' || i || ' ' || left(md5(i::text), 12),
  CASE WHEN i % 23 = 0 THEN NULL ELSE
    (SELECT string_agg(md5(i::text || ':' || g), ' ') FROM generate_series(1, CASE WHEN i % 10 = 0 THEN 80 + i % 45 ELSE 6 + i % 55 END) g) END,
  CASE WHEN i % 17 = 0 THEN NULL ELSE (hashint8extended(i, 0) % 100000000000000)::numeric / 1000000 END,
  1 + i % 100,
  CASE i % 50000 WHEN 1 THEN 'NaN'::float8 WHEN 2 THEN '-Infinity'::float8 ELSE hashint8(i)::float8 / 2147483648 END,
  timestamptz '2020-01-01 00:00:00+00' + i * interval '37 seconds' + (i % 1000) * interval '1 microsecond',
  CASE WHEN i % 19 = 0 THEN NULL ELSE date '1970-01-01' + i % 20000 END,
  CASE WHEN i % 13 = 0 THEN NULL ELSE jsonb_build_object('i', i, 'name', 'n' || i, 'tags', jsonb_build_array('a' || i % 7, 'b' || i % 11),
    'nested', jsonb_build_object('ok', i % 2 = 0, 'score', round((i % 1000) / 7.0, 4)), 'text', 'żółw "' || i || E'"\n') END,
  CASE WHEN i % 29 = 0 THEN NULL WHEN i % 31 = 0 THEN '\x'::bytea ELSE decode(repeat(md5(i::text), 1 + i % 8), 'hex') END,
  i % 3 <> 0,
  md5(i::text)::uuid
FROM generate_series(1, :wide_rows) i;
SELECT setval(pg_get_serial_sequence('public.wide', 'id'), max(id)) FROM public.wide;
CREATE INDEX wide_created_at ON public.wide (created_at);
-- No primary key, no unique index; rows 2j and 2j+1 are identical.
CREATE TABLE public.wide_events (
  wide_id bigint REFERENCES public.wide (id),
  at      timestamptz NOT NULL,
  sensor  smallint,
  reading numeric(12,4),
  label   text,
  attrs   jsonb,
  flag    boolean
);
INSERT INTO public.wide_events
SELECT 1 + (j * 7) % :wide_rows, timestamptz '2021-06-01 00:00:00+00' + j * interval '1.5 seconds', j % 64, round(j / 7.0, 4) % 100000000,
  CASE WHEN j % 9 = 0 THEN NULL ELSE 'event ' || j END, jsonb_build_object('k', j % 5, 'v', j), j % 4 = 0
FROM generate_series(0, :keyless_rows - 1) i, LATERAL (SELECT i / 2 AS j) x;
CREATE INDEX wide_events_sensor_at ON public.wide_events (sensor, at);
VACUUM ANALYZE public.wide;
VACUUM ANALYZE public.wide_events;
SQL
# The keyless tables log whole old rows, as `godwit assess --fix` sets them (a stream needs a replica identity; the
# anchors' copies do not care, and the setting changes nothing they read).
if [[ "$ANCHORS_ONLY" != 1 ]]; then
  "$GODWIT" assess --source "$(uri "$SRC_DB")" --fix >/dev/null 2>"$TMP/assess.err" || true
  grep -q "REPLICA IDENTITY FULL" "$TMP/assess.err" || { cat "$TMP/assess.err" >&2; echo "godwit assess --fix did not set the keyless tables' replica identity" >&2; exit 1; }
fi
t1=$(date +%s.%N)
source_tables >"$TMP/tables"
table_stats "$SRC_DB" "$CHECKSUM" >"$TMP/source.stats"
TOTAL_ROWS="$(awk '{sub(/:.*/, "", $2); n += $2} END {print n}' "$TMP/source.stats")"
echo "source: $SRC_DB, $(wc -l <"$TMP/tables") tables, $TOTAL_ROWS rows, $("${PSQL[@]}" -d "$SRC_DB" -c "SELECT pg_size_pretty(pg_database_size(current_database()))"), loaded in $(printf '%.0f' "$(echo "$t1 - $t0" | bc -l)") s;" \
  "$("${PSQL[@]}" -d "$SRC_DB" -c "SELECT count(*) FROM public.wide WHERE pg_column_size(body) > 2000") wide rows with a body over 2,000 bytes (out of line, in TOAST)"

TOOLS=()
FAILED=0
# failed KEY: marks a tool that failed (its output was shown); the script exits 1.
failed() { CHECK[$1]=FAILED; FAILED=1; }

# ---------- 1. pg_dump -Fd -j JOBS, then pg_restore -j JOBS ----------

log "pg_dump -Fd -j $JOBS ${BENCH_DUMP_COMPRESS:+-Z $BENCH_DUMP_COMPRESS }then pg_restore -j $JOBS…"
TOOLS+=(restore)
fresh_db "$RS_DB"
DUMP_Z=(); [ -n "${BENCH_DUMP_COMPRESS:-}" ] && DUMP_Z=(-Z "$BENCH_DUMP_COMPRESS")
if timed dump pg_dump "${LIBPQ[@]}" -Fd -j "$JOBS" "${DUMP_Z[@]}" -f "$TMP/dump" "$SRC_DB" \
   && timed restore1 pg_restore "${LIBPQ[@]}" -j "$JOBS" --exit-on-error -d "$RS_DB" "$TMP/dump"; then
  WALL[restore]="$(echo "${WALL[dump]} + ${WALL[restore1]}" | bc -l)"
  CPU[restore]="$(echo "${CPU[dump]} + ${CPU[restore1]}" | bc -l)"
  RSS[restore]="$(echo "if (${RSS[dump]} > ${RSS[restore1]}) ${RSS[dump]} else ${RSS[restore1]}" | bc -l)"
  [ -n "${SRV[dump]}" ] && SRV[restore]="$(printf '%.2f' "$(echo "${SRV[dump]} + ${SRV[restore1]}" | bc -l)")" || SRV[restore]=""
  LOAD[restore]="${LOAD[dump]}"
  printf 'pg_dump %.2f s (%s), pg_restore %.2f s\n' "${WALL[dump]}" "$(du -sh "$TMP/dump" | cut -f1)" "${WALL[restore1]}"
  check restore "$DUMP_NAME" "$RS_DB"
else
  failed restore
fi
rm -rf "$TMP/dump"

# ---------- 2. pgcopydb clone ----------

log "pgcopydb clone --table-jobs $JOBS --index-jobs $JOBS…"
TOOLS+=(pgcopydb)
fresh_db "$PCD_DB"
# URIs through pgcopydb's environment variables; the password through PGPASSWORD (libpq, also for its pg_dump/pg_restore).
if timed pgcopydb env PGCOPYDB_SOURCE_PGURI="$(uri "$SRC_DB")" PGCOPYDB_TARGET_PGURI="$(uri "$PCD_DB")" \
     pgcopydb clone --dir "$TMP/pgcopydb" --table-jobs "$JOBS" --index-jobs "$JOBS"; then
  check pgcopydb "pgcopydb clone" "$PCD_DB"
else
  failed pgcopydb
fi
drop_slots
"${PSQL[@]}" -d "$SRC_DB" -c "DROP SCHEMA IF EXISTS pgcopydb CASCADE" >/dev/null 2>&1 || true

# ---------- 3. godwit migrate ----------

if [ "$ANCHORS_ONLY" != 1 ]; then
  "$GODWIT" --help >/dev/null   # build outside the timed runs
  log "godwit migrate --jobs $JOBS…"
  TOOLS+=(godwit)
  fresh_db "$GW_DB"
  if timed godwit "$GODWIT" migrate --source "$(uri "$SRC_DB")" --target "$(uri "$GW_DB")" --jobs "$JOBS" --json; then
    check godwit "godwit migrate" "$GW_DB"
    python3 -c 'import json,sys
try: p = json.load(open(sys.argv[1])).get("phases")
except Exception: p = None
if p: print("godwit phases: " + ", ".join(f"{k} {v}" for k, v in p.items()))' "$TMP/godwit.out" || true
  else
    failed godwit
  fi
fi

# ---------- results ----------

echo
printf '%-20s %9s %9s %9s %8s %10s %11s %7s %s\n' tool "elapsed s" "CPU s" "server s" "RSS MB" "rows/s" "godwit/this" "load1" check
for k in "${TOOLS[@]}"; do
  case "$k" in restore) name="$DUMP_NAME" ;; pgcopydb) name="pgcopydb clone" ;; godwit) name="godwit migrate" ;; esac
  if [ "${CHECK[$k]}" = FAILED ]; then printf '%-20s %s\n' "$name" "FAILED (output above)"; continue; fi
  ratio="-"
  if [ "$k" != godwit ] && [ "${CHECK[godwit]:-}" = equal ]; then
    ratio="$(printf '%.2fx' "$(echo "${WALL[godwit]} / ${WALL[$k]}" | bc -l)")"
  fi
  srv="${SRV[$k]:-n/a}"
  printf '%-20s %9.2f %9.2f %9s %8.0f %10.0f %11s %7s %s\n' "$name" "${WALL[$k]}" "${CPU[$k]}" "$srv" "${RSS[$k]}" \
    "$(echo "$TOTAL_ROWS / ${WALL[$k]}" | bc -l)" "$ratio" "${LOAD[$k]}" "${CHECK[$k]}"
  printf '{"benchmark":"%s","scale":%s,"jobs":%s,"rows":%s,"wall_s":%.2f,"cpu_s":%.2f,"server_cpu_s":%s,"peak_rss_mb":%.0f,"rows_per_s":%.0f,"load1":%s,"check":"%s"}\n' \
    "$name" "$SCALE" "$JOBS" "$TOTAL_ROWS" "${WALL[$k]}" "${CPU[$k]}" "${SRV[$k]:-null}" "${RSS[$k]}" "$(echo "$TOTAL_ROWS / ${WALL[$k]}" | bc -l)" "${LOAD[$k]}" "${CHECK[$k]}" >>"$TMP/results.json"
done
[ -f "$TMP/results.json" ] && cat "$TMP/results.json"
for k in "${TOOLS[@]}"; do [ "${CHECK[$k]}" = equal ] || FAILED=1; done

# ---------- 4. catch-up: pgbench backlog while the stream is stopped, then godwit sync --until-caught-up ----------

if [ "$ANCHORS_ONLY" = 1 ]; then
  echo "catch-up: skipped (BENCH_ANCHORS_ONLY=1)"
elif [ "${CHECK[godwit]}" != equal ]; then
  echo "catch-up: skipped (godwit migrate did not produce an equal copy)"
else
  log "backlog: pgbench -c 4 -j 2 -T $SECS -n on the source, stream stopped…"
  pgbench "${LIBPQ[@]}" -c 4 -j 2 -T "$SECS" -n "$SRC_DB" >"$TMP/backlog.out" 2>"$TMP/backlog.err" \
    || { tail -n 20 "$TMP/backlog.err" | mask >&2; exit 1; }
  source_tps="$(awk '/^tps = / {print $3; exit}' "$TMP/backlog.out")"
  source_tx="$(awk -F': ' '/number of transactions actually processed/ {split($2, a, "/"); print a[1]; exit}' "$TMP/backlog.out")"
  log "catch-up: godwit sync --until-caught-up…"
  "${PSQL[@]}" -d postgres -c CHECKPOINT >/dev/null
  load_catchup="$(load1)"
  s0="$(server_ticks)"
  t0=$(date +%s.%N)
  code=0
  /usr/bin/time -f '%e %U %S %M' -o "$TMP/sync.time" "$GODWIT" sync --source "$(uri "$SRC_DB")" --target "$(uri "$GW_DB")" \
    --until-caught-up --json >"$TMP/sync.json" 2>"$TMP/sync.err" || code=$?
  t1=$(date +%s.%N)
  s1="$(server_ticks)"
  if [ "$code" != 0 ]; then
    log "godwit sync failed (exit $code):"; tail -n 25 "$TMP/sync.err" | mask >&2
    FAILED=1
  else
    read -r tx rows < <(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(d.get("transactions_applied", 0), d.get("rows_applied", 0))' "$TMP/sync.json")
    read -r _ u s m < <(tail -n 1 "$TMP/sync.time")
    wall="$(echo "$t1 - $t0" | bc -l)"
    apply_tps="$(echo "$tx / $wall" | bc -l)"
    srv="null"; [ -n "$PM_PID" ] && srv="$(printf '%.2f' "$(echo "($s1 - $s0) / $CLK_TCK" | bc -l)")"
    # The backlog changed the source: compare every table again, rows and their hashes.
    table_stats "$SRC_DB" 1 >"$TMP/source.stats"
    CHECKSUM_SAVED="$CHECKSUM"; CHECKSUM=1
    check sync "godwit sync (after the catch-up)" "$GW_DB"
    CHECKSUM="$CHECKSUM_SAVED"
    [ "${CHECK[sync]}" = equal ] || FAILED=1
    printf 'catch-up: source %.0f tps (%s transactions in %s s); applied %s transactions (%s row events) in %.2f s = %.0f tps, ratio %.2fx; godwit CPU %.2f s, peak RSS %.0f MB, server CPU %s s, load1 %s\n' \
      "$source_tps" "$source_tx" "$SECS" "$tx" "$rows" "$wall" "$apply_tps" "$(echo "$apply_tps / $source_tps" | bc -l)" \
      "$(echo "$u + $s" | bc -l)" "$(echo "$m / 1024" | bc -l)" "$srv" "$load_catchup"
    printf '{"benchmark":"catch-up","clients":4,"seconds":%s,"source_tps":%s,"source_transactions":%s,"transactions":%s,"row_events":%s,"catchup_wall_s":%.2f,"apply_tps":%.0f,"ratio":%.2f,"godwit_cpu_s":%.2f,"godwit_peak_rss_mb":%.0f,"server_cpu_s":%s,"check":"%s"}\n' \
      "$SECS" "$source_tps" "$source_tx" "$tx" "$rows" "$wall" "$apply_tps" "$(echo "$apply_tps / $source_tps" | bc -l)" \
      "$(echo "$u + $s" | bc -l)" "$(echo "$m / 1024" | bc -l)" "$srv" "${CHECK[sync]}"
  fi
fi
exit "$FAILED"
