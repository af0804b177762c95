#!/usr/bin/env bash
# Issue #6's sync benchmark against the testbed: apply throughput (row events/s, catching up a backlog) and
# end-to-end lag p50/p99 under sysbench oltp_write_only at fixed rates with `godwit sync` running live.
#   bench/sync.sh [RATES] [SECONDS] [TABLE_SIZE]     defaults: "2000 5000" 30 100000
# Lag is measured end to end: a probe session inserts NOW(6) (UTC) on the source every 50 ms; the probe table's
# target copy has an extra column `arrived DEFAULT clock_timestamp()` filled when the apply inserts the row.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RATES="${1:-2000 5000}"
SECONDS_PER_RATE="${2:-30}"
SIZE="${3:-100000}"
scripts/testbed.sh up >/dev/null
DB=godwit_bench_sync
SRC="mysql://godwit:godwit@127.0.0.1:3307/$DB"
TGT="postgresql://godwit:godwit@127.0.0.1:5433/$DB"
MY=(mariadb --no-defaults -h127.0.0.1 -P3307 -ugodwit -pgodwit)
export PGPASSWORD=godwit
PG=(psql -h127.0.0.1 -p5433 -Ugodwit -v ON_ERROR_STOP=1 -qAt)
SB=(sysbench oltp_write_only --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=3307 --mysql-user=godwit --mysql-password=godwit
    --mysql-db=$DB --tables=4 --table-size="$SIZE")
TMP="$(mktemp -d)"
SYNC_PID=""
cleanup() { [ -n "$SYNC_PID" ] && kill "$SYNC_PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
./godwit --help >/dev/null   # build outside the timed runs

echo "preparing: 4 tables x $SIZE rows, target schema…" >&2
"${MY[@]}" -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB; CREATE TABLE $DB.probe (id BIGINT AUTO_INCREMENT PRIMARY KEY, t DATETIME(6) NOT NULL)"
"${SB[@]}" prepare >/dev/null
"${PG[@]}" postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
./godwit schema --source "$SRC" --target "$TGT" >/dev/null
"${PG[@]}" "$DB" -c "ALTER TABLE $DB.probe ADD COLUMN arrived timestamptz DEFAULT clock_timestamp()"
# The prepared rows are not copied: CDC upserts the after image of every update, so the target converges on what the run touches.
start=$("${MY[@]}" -N -e "SHOW MASTER STATUS" | awk '{print $1":"$2}')

echo "throughput: a backlog of unthrottled oltp_write_only for $SECONDS_PER_RATE s, then sync --until-caught-up…" >&2
"${SB[@]}" --threads=8 --time="$SECONDS_PER_RATE" --rate=0 run >"$TMP/backlog.txt"
backlog_tps=$(awk '/transactions:/ {gsub(/\(/,"",$3); print $3}' "$TMP/backlog.txt")
t0=$(date +%s.%N)
./godwit sync --source "$SRC" --target "$TGT" --from "$start" --until-caught-up --json >"$TMP/catchup.json" 2>"$TMP/catchup.err"
t1=$(date +%s.%N)
rows=$(sed -E 's/.*"rows_applied":([0-9]+).*/\1/' "$TMP/catchup.json")
tx=$(sed -E 's/.*"transactions_applied":([0-9]+).*/\1/' "$TMP/catchup.json")
wall=$(echo "$t1 - $t0" | bc -l)
printf '{"measure":"catch-up","source_tps":%s,"transactions":%s,"row_events":%s,"wall_s":%.2f,"row_events_per_s":%.0f}\n' \
  "$backlog_tps" "$tx" "$rows" "$wall" "$(echo "$rows / $wall" | bc -l)"

for rate in $RATES; do
  ./godwit sync --source "$SRC" --target "$TGT" 2>"$TMP/live-$rate.err" &
  SYNC_PID=$!
  sleep 2
  "${PG[@]}" "$DB" -c "TRUNCATE $DB.probe"
  "${MY[@]}" -e "TRUNCATE $DB.probe"
  ( end=$(( $(date +%s) + SECONDS_PER_RATE )); echo "SET time_zone = '+00:00';"
    while [ "$(date +%s)" -lt "$end" ]; do echo "INSERT INTO probe (t) VALUES (NOW(6));"; sleep 0.05; done ) | "${MY[@]}" "$DB" &
  probe=$!
  "${SB[@]}" --threads=16 --time="$SECONDS_PER_RATE" --rate="$rate" run >"$TMP/run-$rate.txt"
  wait "$probe"
  want=$("${MY[@]}" -N -e "SELECT COUNT(*) FROM $DB.probe")
  for _ in $(seq 1 600); do
    have=$("${PG[@]}" "$DB" -c "SELECT count(*) FROM $DB.probe")
    [ "$have" = "$want" ] && break
    sleep 0.1
  done
  kill -TERM "$SYNC_PID"; wait "$SYNC_PID" || true; SYNC_PID=""
  tps=$(awk '/transactions:/ {gsub(/\(/,"",$3); print $3}' "$TMP/run-$rate.txt")
  read -r p50 p99 pmax n < <("${PG[@]}" "$DB" -F' ' -c "SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)::numeric, 3), round(percentile_cont(0.99) WITHIN GROUP (ORDER BY l)::numeric, 3), round(max(l)::numeric, 3), count(*) FROM (SELECT extract(epoch FROM arrived - (t AT TIME ZONE 'UTC')) AS l FROM $DB.probe) s")
  printf '{"measure":"live","target_tps":%s,"source_tps":%s,"row_events_per_s":%.0f,"lag_p50_s":%s,"lag_p99_s":%s,"lag_max_s":%s,"probes":%s}\n' \
    "$rate" "$tps" "$(echo "$tps * 4" | bc -l)" "$p50" "$p99" "$pmax" "$n"
done
