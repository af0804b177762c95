#!/usr/bin/env bash
# The same copy on one process (no --cluster) and on 1, 2 and 4 `godwit worker` processes (taskset-pinned round
# robin over the machine's cores when taskset exists). Uses the testbed (scripts/testbed.sh env) and scratch
# databases bench_cluster (MySQL and PostgreSQL), dropped and made again. ROWS=… sets the table size.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
eval "$("$ROOT/scripts/testbed.sh" env)"
ROWS="${ROWS:-400000}"
DB=bench_cluster
MY="${GODWIT_TEST_MYSQL%/}/$DB"
PG="${GODWIT_TEST_PG%/*}/$DB"
CORES="$(nproc)"
mysql_cli() { mysql -h127.0.0.1 -P"${GODWIT_TESTBED_MYSQL_PORT:-3307}" -ugodwit -pgodwit "$@"; }

mysql_cli -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB; USE $DB;
  CREATE TABLE rows_bench (id INT PRIMARY KEY, a INT NOT NULL, b VARCHAR(40), c DECIMAL(12,2), d DATETIME);
  INSERT INTO rows_bench SELECT seq, seq % 977, CONCAT('row ', seq), seq / 7, '2024-01-01' + INTERVAL seq SECOND FROM seq_1_to_$ROWS;
  ANALYZE TABLE rows_bench;" 2>/dev/null

fresh_target() { psql "${GODWIT_TEST_PG}" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null; }

run() { # label, extra args
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$ROOT/godwit" migrate --source "$MY" --target "$PG" --jobs 4 --chunk-rows 25000 "$@" --json >/dev/null 2>/tmp/bench-cluster.err
  end=$(date +%s.%N)
  printf '%-22s %8.2f s\n' "$label" "$(echo "$end - $start" | bc)"
}

"$ROOT/godwit" --help >/dev/null  # build first
fresh_target
run "single process"

for n in 1 2 4; do
  fresh_target
  pids=()
  for i in $(seq 0 $((n - 1))); do
    pin=()
    command -v taskset >/dev/null && pin=(taskset -c $((i % CORES)))
    "${pin[@]}" "$ROOT/godwit" worker --cluster "$PG" --name "bench$i" >/dev/null 2>&1 &
    pids+=($!)
  done
  until [ "$(psql "$PG" -tAc "SELECT count(*) FROM godwit_cluster.members WHERE status = 3" 2>/dev/null || echo 0)" -ge "$n" ]; do sleep 0.5; done
  run "cluster, $n worker(s)" --cluster "$PG"
  kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
done
