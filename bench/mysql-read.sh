#!/usr/bin/env bash
# Issue #3's benchmark: rows/s reading shop.orders and shop.customers over one connection with Godwit's
# MySQL client, against the anchor `mariadb --quick` to /dev/null, in the same run on the testbed.
#   bench/mysql-read.sh [SCALE]     (SCALE as in ../shared/bench/shop.sh; default 1 = 1M customers + 2M orders)
# Loads the shop dataset first when shop.orders does not have the expected row count.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SCALE="${1:-1}"
RUNS="${RUNS:-3}"
scripts/testbed.sh up
eval "$(scripts/testbed.sh env)"
MY=(mariadb --no-defaults -h127.0.0.1 -P3307 -ugodwit -pgodwit)
want=$(awk -v s="$SCALE" 'BEGIN{printf "%d", s*2000000}')
have=$("${MY[@]}" -N -e "SELECT COUNT(*) FROM shop.orders" 2>/dev/null || echo 0)
if [ "$have" != "$want" ]; then
  echo "loading the shop dataset (scale $SCALE)…" >&2
  "$ROOT/../shared/bench/shop.sh" "$SCALE" | "${MY[@]}" >/dev/null
fi
dotnet build bench/Godwit.Bench -c Release --nologo -v q -clp:NoSummary >/dev/null
BENCH=(dotnet bench/Godwit.Bench/bin/Release/net10.0/Godwit.Bench.dll)

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "server: $("${MY[@]}" -N -e 'SELECT VERSION()')"
for table in orders customers; do
  for run in $(seq 1 "$RUNS"); do
    start=$(date +%s.%N)
    "${MY[@]}" --quick --batch -e "SELECT * FROM shop.$table" >/dev/null
    end=$(date +%s.%N)
    rows=$("${MY[@]}" -N -e "SELECT COUNT(*) FROM shop.$table")
    awk -v t="$table" -v r="$run" -v s="$start" -v e="$end" -v n="$rows" \
      'BEGIN{printf "{\"benchmark\":\"mariadb --quick\",\"table\":\"%s\",\"run\":%d,\"rows\":%d,\"seconds\":%.3f,\"rows_per_s\":%.0f}\n", t, r, n, e-s, n/(e-s)}'
  done
  "${BENCH[@]}" mysql-read "$GODWIT_TEST_MYSQL" "SELECT * FROM shop.$table" raw "$RUNS" | sed "s/^{/{\"table\":\"$table\",/"
  "${BENCH[@]}" mysql-read "$GODWIT_TEST_MYSQL" "SELECT * FROM shop.$table" typed "$RUNS" | sed "s/^{/{\"table\":\"$table\",/"
done
