#!/usr/bin/env bash
# Issue #14's catch-up benchmark: a backlog written by sysbench oltp_write_only (THREADS threads, SECONDS s,
# unthrottled) while the stream is stopped, then applied by `godwit sync --until-caught-up`. Reports the rate at
# which the source wrote it, the rate at which the stream applied it, their ratio, and `godwit verify` afterwards.
#   bench/catchup.sh [THREADS] [SECONDS] [TABLE_SIZE]     defaults: 4 20 100000
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
THREADS="${1:-4}"
SECS="${2:-20}"
SIZE="${3:-100000}"
scripts/testbed.sh up >/dev/null
DB=godwit_bench_catchup
SRC="mysql://godwit:godwit@127.0.0.1:3307/$DB"
TGT="postgresql://godwit:godwit@127.0.0.1:5433/$DB"
MY=(mariadb --no-defaults -h127.0.0.1 -P3307 -ugodwit -pgodwit)
export PGPASSWORD=godwit
PG=(psql -h127.0.0.1 -p5433 -Ugodwit -v ON_ERROR_STOP=1 -qAt)
SB=(sysbench oltp_write_only --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=3307 --mysql-user=godwit --mysql-password=godwit
    --mysql-db=$DB --tables=4 --table-size="$SIZE")
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
./godwit --help >/dev/null   # build outside the timed runs

echo "preparing: 4 tables x $SIZE rows, copied by godwit migrate…" >&2
"${MY[@]}" -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
"${SB[@]}" prepare >/dev/null
"${PG[@]}" postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
./godwit migrate --source "$SRC" --target "$TGT" >/dev/null 2>"$TMP/migrate.err"

echo "backlog: oltp_write_only, $THREADS threads, $SECS s, unthrottled, stream stopped…" >&2
"${SB[@]}" --threads="$THREADS" --time="$SECS" --rate=0 run >"$TMP/backlog.txt"
source_tps=$(awk '/transactions:/ {gsub(/\(/,"",$3); print $3}' "$TMP/backlog.txt")

echo "catch-up: godwit sync --until-caught-up…" >&2
t0=$(date +%s.%N)
/usr/bin/time -f '%U %S %M' -o "$TMP/time.txt" ./godwit sync --source "$SRC" --target "$TGT" --until-caught-up --json >"$TMP/catchup.json" 2>"$TMP/catchup.err"
t1=$(date +%s.%N)
rows=$(sed -E 's/.*"rows_applied":([0-9]+).*/\1/' "$TMP/catchup.json")
tx=$(sed -E 's/.*"transactions_applied":([0-9]+).*/\1/' "$TMP/catchup.json")
wall=$(echo "$t1 - $t0" | bc -l)
apply_tps=$(echo "$tx / $wall" | bc -l)

read -r user sys rss_kb <"$TMP/time.txt"
code=0
./godwit verify --source "$SRC" --target "$TGT" --json >"$TMP/verify.json" 2>"$TMP/verify.err" || code=$?
printf '{"threads":%s,"seconds":%s,"source_tps":%s,"transactions":%s,"row_events":%s,"catchup_wall_s":%.2f,"apply_tps":%.0f,"row_events_per_s":%.0f,"ratio":%.2f,"godwit_cpu_s":%.2f,"godwit_peak_rss_mb":%.0f,"verify_exit":%s}\n' \
  "$THREADS" "$SECS" "$source_tps" "$tx" "$rows" "$wall" "$apply_tps" "$(echo "$rows / $wall" | bc -l)" "$(echo "$apply_tps / $source_tps" | bc -l)" "$(echo "$user + $sys" | bc -l)" "$(echo "$rss_kb / 1024" | bc -l)" "$code"
[ -n "${KEEP:-}" ] && exit 0
"${MY[@]}" -e "DROP DATABASE IF EXISTS $DB"
"${PG[@]}" postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
