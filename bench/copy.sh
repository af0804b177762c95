#!/usr/bin/env bash
# Issues #5 and #13's benchmark: `godwit migrate` against pgloader 3.6 (the anchor) on the shop dataset, same servers, same run;
# plus the raw limit (mariadb --quick piped into psql \copy, no indexes) and the plain read.
#   bench/copy.sh [SCALE] [JOBS]   (SCALE as in ../shared/bench/shop.sh, default 1 = 1M customers + 2M orders; JOBS default: nproc)
# Prints one JSON line per measurement and a summary. Peak RSS from /usr/bin/time -v.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SCALE="${1:-1}"
JOBS="${2:-$(nproc)}"
scripts/testbed.sh up >/dev/null
eval "$(scripts/testbed.sh env)"
MY=(mariadb --no-defaults -h127.0.0.1 -P3307 -ugodwit -pgodwit)
export PGPASSWORD=godwit
PG=(psql -h127.0.0.1 -p5433 -Ugodwit -v ON_ERROR_STOP=1 -qAt)
want=$(awk -v s="$SCALE" 'BEGIN{printf "%d", s*2000000}')
have=$("${MY[@]}" -N -e "SELECT COUNT(*) FROM shop.orders" 2>/dev/null || echo 0)
if [ "$have" != "$want" ]; then
  echo "loading the shop dataset (scale $SCALE)…" >&2
  "$ROOT/../shared/bench/shop.sh" "$SCALE" | "${MY[@]}" >/dev/null
fi
./godwit --help >/dev/null   # build outside the timed runs
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

fresh() { "${PG[@]}" postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null 2>&1; }
# timed NAME CMD...: runs CMD under /usr/bin/time -v, prints "wall_s rss_mb"
timed() {
  local name="$1"; shift
  /usr/bin/time -v -o "$TMP/$name.time" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" || { echo "$name failed:" >&2; tail -20 "$TMP/$name.err" >&2; return 1; }
  awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); w=(n==3)?a[1]*3600+a[2]*60+a[3]:a[1]*60+a[2]} /Maximum resident/{r=$2/1024} END{printf "%.2f %.0f\n", w, r}' "$TMP/$name.time"
}
fks() { "${PG[@]}" "$1" -c "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'shop'::regnamespace"; }
rows() { "${PG[@]}" "$1" -c "SELECT (SELECT count(*) FROM shop.customers) + (SELECT count(*) FROM shop.orders)"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "source: $("${MY[@]}" -N -e 'SELECT VERSION()'), target: $("${PG[@]}" postgres -c 'SHOW server_version'), $("${MY[@]}" -N -e 'SELECT COUNT(*) FROM shop.customers') customers + $("${MY[@]}" -N -e 'SELECT COUNT(*) FROM shop.orders') orders"

# 1. pgloader (anchor): prefetch/batch rows lowered so its heap holds.
fresh bench_pgloader
cat >"$TMP/pgloader.load" <<LOAD
LOAD DATABASE
  FROM mysql://godwit:godwit@127.0.0.1:3307/shop?useSSL=false
  INTO postgresql://godwit:godwit@127.0.0.1:5433/bench_pgloader
WITH include drop, create tables, create indexes, reset sequences, foreign keys,
     prefetch rows = 10000, batch rows = 10000;
LOAD
read -r pgl_wall pgl_rss < <(timed pgloader pgloader "$TMP/pgloader.load")
pgl_fks=$(fks bench_pgloader); pgl_rows=$(rows bench_pgloader)
echo "{\"benchmark\":\"pgloader\",\"wall_s\":$pgl_wall,\"peak_rss_mb\":$pgl_rss,\"rows\":$pgl_rows,\"foreign_keys\":$pgl_fks}"

# 2. godwit migrate.
fresh bench_godwit
read -r gw_wall gw_rss < <(timed godwit ./godwit migrate --source "$GODWIT_TEST_MYSQL/shop" --target "postgresql://godwit:godwit@127.0.0.1:5433/bench_godwit" --jobs "$JOBS" --json)
gw_fks=$(fks bench_godwit); gw_rows=$(rows bench_godwit)
phases=$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["phases"]; print(",".join(f"\"{k}\":{v}" for k,v in p.items()))' "$TMP/godwit.out")
echo "{\"benchmark\":\"godwit migrate\",\"jobs\":$JOBS,\"wall_s\":$gw_wall,\"peak_rss_mb\":$gw_rss,\"rows\":$gw_rows,\"foreign_keys\":$gw_fks,$phases}"

# 3. Raw limit: both tables piped mariadb --quick --batch | psql \copy in parallel, into unindexed tables of the same types.
fresh bench_raw
"${PG[@]}" bench_raw -c "CREATE SCHEMA shop;
  CREATE TABLE shop.customers (id bigint, email varchar(255), name varchar(100), is_active boolean, created_at timestamp(6), balance numeric(12,2),
    profile jsonb, country varchar(2), status text, tags text[], last_ip bytea, birth date, login_count bigint, score double precision);
  CREATE TABLE shop.orders (id bigint, customer_id bigint, total numeric(14,2), placed_at timestamptz, note text, payload bytea);"
raw_load() {
  "${MY[@]}" --quick --batch -N --init-command="SET time_zone='+00:00'" -e "SELECT id, email, name, is_active, created_at, balance, profile, country, status,
      CONCAT('{', tags, '}'), CONCAT('\\\\x', HEX(last_ip)), birth, login_count, score FROM shop.customers" \
    | psql -h127.0.0.1 -p5433 -Ugodwit -q bench_raw -c "\\copy shop.customers FROM STDIN WITH (NULL 'NULL')" &
  "${MY[@]}" --quick --batch -N --init-command="SET time_zone='+00:00'" -e "SELECT id, customer_id, total, placed_at, note, CONCAT('\\\\x', HEX(payload)) FROM shop.orders" \
    | psql -h127.0.0.1 -p5433 -Ugodwit -q bench_raw -c "\\copy shop.orders FROM STDIN WITH (NULL 'NULL')" &
  wait
}
start=$(date +%s.%N); raw_load; loaded=$(date +%s.%N)
# Then the same keys, indexes and foreign key as the source, built one after the other.
"${PG[@]}" bench_raw -c "ALTER TABLE shop.customers ADD PRIMARY KEY (id)" -c "CREATE UNIQUE INDEX uq_email ON shop.customers (email)" \
  -c "CREATE INDEX ix_country ON shop.customers (country, created_at)" -c "ALTER TABLE shop.orders ADD PRIMARY KEY (id)" \
  -c "CREATE INDEX ix_cust ON shop.orders (customer_id)" \
  -c "ALTER TABLE shop.orders ADD CONSTRAINT fk_cust FOREIGN KEY (customer_id) REFERENCES shop.customers (id)" >/dev/null
end=$(date +%s.%N)
raw_wall=$(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.2f", e-s}')
raw_load_wall=$(awk -v s="$start" -v e="$loaded" 'BEGIN{printf "%.2f", e-s}')
echo "{\"benchmark\":\"raw limit: mariadb --quick | psql \\\\copy, then the same keys, indexes and FK in sequence\",\"wall_s\":$raw_wall,\"load_s\":$raw_load_wall,\"rows\":$(rows bench_raw)}"

# 4. Plain read of both tables in parallel.
start=$(date +%s.%N)
"${MY[@]}" --quick --batch -e "SELECT * FROM shop.customers" >/dev/null & "${MY[@]}" --quick --batch -e "SELECT * FROM shop.orders" >/dev/null & wait
end=$(date +%s.%N)
read_wall=$(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.2f", e-s}')
echo "{\"benchmark\":\"read only: mariadb --quick > /dev/null\",\"wall_s\":$read_wall}"

awk -v g="$gw_wall" -v p="$pgl_wall" -v x="$raw_wall" -v r="$gw_rss" -v f="$gw_fks" -v pf="$pgl_fks" 'BEGIN{
  printf "summary: godwit %.2f s = %.2fx pgloader'"'"'s %.2f s (target <= 0.45x: %s) and %.2fx the raw limit'"'"'s %.2f s (target <= 1x: %s); godwit peak RSS %d MB (target <= 400: %s); FKs godwit %d, pgloader %d\n",
    g, g/p, p, (g/p <= 0.45 ? "met" : "NOT met"), g/x, x, (g <= x ? "met" : "NOT met"), r, (r <= 400 ? "met" : "NOT met"), f, pf }'
for db in bench_pgloader bench_godwit bench_raw; do "${PG[@]}" postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; done
