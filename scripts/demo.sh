#!/usr/bin/env bash
# `make demo`: for now, proves the testbed and the CLI work end to end: Godwit connects to the testbed's
# MariaDB (source) and PostgreSQL (target) and reports both. The full live migration demo (travel-booking
# database, traffic generator, migrate --follow, verify, cutover) replaces this as the later phases land.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
eval "$(scripts/testbed.sh env)"

if [ "${1:-}" = "clean" ]; then
  # Nothing is created yet beyond the testbed itself; stop it.
  scripts/testbed.sh down
  exit 0
fi

echo "== godwit ping: the source (MariaDB) and the target (PostgreSQL) on the testbed"
./godwit ping --source "$GODWIT_TEST_MYSQL" --target "$GODWIT_TEST_PG"
echo
echo "The testbed is up. Next: the full zero-downtime demo (assess, migrate --follow, verify, cutover)."
