#!/usr/bin/env bash
# Issue #17's bulk-load benchmark: `godwit migrate` MySQL → MySQL (LOAD DATA LOCAL through Godwit's own client, one
# transaction per chunk) against the anchor, `mariadb-dump | mariadb` (multi-row INSERTs), on the shop dataset, same
# server, same run. Both copy shop into a fresh database of the testbed's MariaDB.
#   bench/mysql-target.sh [SCALE] [JOBS]   (SCALE as in ../shared/bench/shop.sh, default 0.25; JOBS default: nproc)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SCALE="${1:-0.25}"
JOBS="${2:-$(nproc)}"
scripts/testbed.sh up >/dev/null
MY=(mariadb --no-defaults -h127.0.0.1 -P3307 -ugodwit -pgodwit)
DUMP=(mariadb-dump --no-defaults -h127.0.0.1 -P3307 -ugodwit -pgodwit)
want=$(awk -v s="$SCALE" 'BEGIN{printf "%d", s*2000000}')
have=$("${MY[@]}" -N -e "SELECT COUNT(*) FROM shop.orders" 2>/dev/null || echo 0)
if [ "$have" != "$want" ]; then
  echo "loading the shop dataset (scale $SCALE)…" >&2
  "$ROOT/../shared/bench/shop.sh" "$SCALE" | "${MY[@]}" >/dev/null
fi
./godwit --help >/dev/null   # build outside the timed runs
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"; "${MY[@]}" -e "DROP DATABASE IF EXISTS bench_dump; DROP DATABASE IF EXISTS bench_godwit" 2>/dev/null || true' EXIT
fresh() { "${MY[@]}" -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1"; }
seconds() { local start=$1; awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.2f", e-s}'; }
rows() { "${MY[@]}" -N -e "SELECT (SELECT COUNT(*) FROM $1.customers) + (SELECT COUNT(*) FROM $1.orders)"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $("${MY[@]}" -N -e 'SELECT VERSION()'), $(rows shop) rows in shop.customers + shop.orders"

fresh bench_dump
start=$(date +%s.%N)
"${DUMP[@]}" --single-transaction --quick shop | "${MY[@]}" bench_dump
dump_s=$(seconds "$start")
echo "{\"tool\":\"mariadb-dump | mariadb\",\"seconds\":$dump_s,\"rows\":$(rows bench_dump)}"

"${MY[@]}" -e "DROP DATABASE IF EXISTS bench_godwit; DELETE FROM godwit.copy_runs WHERE stream = 'bench_godwit'" 2>/dev/null || true
start=$(date +%s.%N)
./godwit migrate --source mysql://godwit:godwit@127.0.0.1:3307/shop --target mysql://godwit:godwit@127.0.0.1:3307/ \
  --target-schema bench_godwit --jobs "$JOBS" --json >"$TMP/godwit.json" 2>"$TMP/godwit.err" || { tail -20 "$TMP/godwit.err" >&2; exit 1; }
godwit_s=$(seconds "$start")
echo "{\"tool\":\"godwit migrate (MySQL → MySQL)\",\"seconds\":$godwit_s,\"rows\":$(rows bench_godwit),\"jobs\":$JOBS}"
awk -v g="$godwit_s" -v d="$dump_s" 'BEGIN{printf "godwit / mariadb-dump|mariadb: %.2f× the time\n", g/d}'
