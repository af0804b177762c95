#!/usr/bin/env bash
# Issue #8's benchmark: the cutover's write-freeze window under the booking app's traffic, RUNS times.
#   bench/cutover.sh [RUNS] [RATE]          defaults: 5 runs, 200 app writes/s
# Each run is the whole demo (scripts/demo.sh: seed at DEMO_SCALE, app traffic through the routing file,
# migrate --follow, verify, cutover, traffic on PostgreSQL, ledger check) with short live phases, in its own
# database; it prints the cutover's freeze_ms (writes refused, from the freeze to the routing file's switch), the
# pause the app felt (its last write acknowledged by MariaDB to its first by PostgreSQL), the slowest app write,
# the events drained, and the app's failed writes, as one JSON line per run, then p50 and max.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-5}"
RATE="${2:-200}"
DB=godwit_bench_cutover
DIR="$ROOT/.testbed/bench-cutover"
scripts/testbed.sh up >/dev/null

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
freezes=()
for run in $(seq 1 "$RUNS"); do
  rm -rf "$DIR"
  code=0
  DEMO_DB="$DB" DEMO_DIR="$DIR" DEMO_SCALE="${DEMO_SCALE:-1}" DEMO_RATE="$RATE" DEMO_SECONDS="${DEMO_SECONDS:-8}" \
    scripts/demo.sh >"$DIR.log" 2>&1 || code=$?
  python3 - "$DIR" "$run" "$code" <<'PY'
import json, sys, os
d, run, code = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def load(name):
    try:
        with open(os.path.join(d, name)) as f:
            return json.load(f)
    except Exception:
        return {}
c, t = load("cutover.json"), load("traffic.json")
print(json.dumps({
    "run": run, "demo_exit": code, "result": c.get("result"), "freeze_ms": c.get("freeze_ms"),
    "events_drained": c.get("events_drained"),
    "steps_ms": {s["name"]: s["ms"] for s in c.get("steps", [])},
    "app_pause_ms": t.get("write_gap_ms"), "app_max_write_ms": t.get("max_latency_ms"),
    "app_acknowledged": t.get("acknowledged"), "app_failed": t.get("failed"),
}))
PY
  f=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("freeze_ms") or "")' "$DIR/cutover.json" 2>/dev/null || true)
  [ -n "$f" ] && freezes+=("$f")
done
DEMO_DB="$DB" DEMO_DIR="$DIR" scripts/demo.sh clean >/dev/null 2>&1 || true
printf '%s\n' "${freezes[@]}" | sort -n | awk '{a[NR]=$1} END {if (NR) printf "{\"runs\":%d,\"freeze_ms_p50\":%s,\"freeze_ms_max\":%s}\n", NR, a[int((NR+1)/2)], a[NR]}'
