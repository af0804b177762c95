#!/usr/bin/env bash
# Issue #7's benchmark: `godwit verify` on the shop dataset (1M customers + 2M orders), against
# pt-table-checksum (the anchor; it checksums the source alone, with CRC32 in one engine) in the same run.
#   bench/verify.sh [RUNS]        (default 3 runs of each measurement, interleaved)
#   COPY=1 bench/verify.sh        also times `godwit migrate` into a scratch database in every run (the rows-mode reference)
# Needs the shop data in PostgreSQL too: database bench_verify, loaded with `godwit migrate` when missing
# (that copy's wall time is printed as the reference for rows mode).
# GODWIT=path/to/godwit overrides the CLI (default ./godwit, which builds itself).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-3}"
GODWIT=(${GODWIT:-./godwit})
scripts/testbed.sh up >/dev/null
eval "$(scripts/testbed.sh env)"
MY=(mariadb --no-defaults -h127.0.0.1 -P3307 -ugodwit -pgodwit)
export PGPASSWORD=godwit
PG=(psql -h127.0.0.1 -p5433 -Ugodwit -v ON_ERROR_STOP=1 -qAt)
SRC="mysql://godwit:godwit@127.0.0.1:3307/shop"
DST="postgresql://godwit:godwit@127.0.0.1:5433/bench_verify"

have=$("${MY[@]}" -N -e "SELECT COUNT(*) FROM shop.orders" 2>/dev/null || echo 0)
if [ "$have" != "2000000" ]; then
  echo "loading the shop dataset…" >&2
  "$ROOT/../shared/bench/shop.sh" 1 | "${MY[@]}" >/dev/null
fi
"${GODWIT[@]}" --help >/dev/null   # build outside the timed runs

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b-a}'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "source: $("${MY[@]}" -N -e 'SELECT VERSION()'), target: PostgreSQL $("${PG[@]}" postgres -c 'SHOW server_version')"

pg_rows=$("${PG[@]}" bench_verify -c "SELECT (SELECT count(*) FROM shop.customers) + (SELECT count(*) FROM shop.orders)" 2>/dev/null || echo 0)
if [ "$pg_rows" != "3000000" ]; then
  "${PG[@]}" postgres -c "DROP DATABASE IF EXISTS bench_verify WITH (FORCE)" -c "CREATE DATABASE bench_verify" >/dev/null
  s=$(now)
  "${GODWIT[@]}" migrate --source "$SRC" --target "$DST" --jobs 4 >/dev/null 2>&1
  echo "{\"benchmark\":\"godwit migrate (loads the target; reference for rows mode)\",\"wall_s\":$(secs "$s" "$(now)")}"
fi

for run in $(seq 1 "$RUNS"); do
  s=$(now)
  pt-table-checksum "h=127.0.0.1,P=3307,u=godwit,p=godwit" --databases shop --tables shop.customers,shop.orders \
    --no-check-binlog-format --recursion-method none --no-check-replication-filters >/dev/null 2>&1 || true
  echo "{\"run\":$run,\"benchmark\":\"pt-table-checksum (source only)\",\"wall_s\":$(secs "$s" "$(now)")}"
  if [ "${COPY:-0}" = 1 ]; then
    "${PG[@]}" postgres -c "DROP DATABASE IF EXISTS bench_verify_copy WITH (FORCE)" -c "CREATE DATABASE bench_verify_copy" >/dev/null 2>&1
    s=$(now)
    "${GODWIT[@]}" migrate --source "$SRC" --target "postgresql://godwit:godwit@127.0.0.1:5433/bench_verify_copy" --jobs 4 >/dev/null 2>&1
    echo "{\"run\":$run,\"benchmark\":\"godwit migrate --jobs 4 (copy reference)\",\"wall_s\":$(secs "$s" "$(now)")}"
    "${PG[@]}" postgres -c "DROP DATABASE IF EXISTS bench_verify_copy WITH (FORCE)" >/dev/null 2>&1
  fi
  for mode in count checksum rows; do
    s=$(now)
    code=0
    "${GODWIT[@]}" verify --source "$SRC" --target "$DST" --mode "$mode" --restart --json >/tmp/godwit-verify-$mode.json 2>/dev/null || code=$?
    equal=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["equal"])' "/tmp/godwit-verify-$mode.json" 2>/dev/null || echo "?")
    echo "{\"run\":$run,\"benchmark\":\"godwit verify --mode $mode\",\"wall_s\":$(secs "$s" "$(now)"),\"exit\":$code,\"equal\":\"$equal\"}"
  done
done
