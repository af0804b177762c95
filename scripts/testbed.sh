#!/usr/bin/env bash
# Godwit's testbed: real MariaDB 10.11 and PostgreSQL 15 servers on loopback, data under .testbed/.
#
#   scripts/testbed.sh up      install what is missing (apt-get), start both servers, wait until they accept connections
#   scripts/testbed.sh down    stop both servers
#   scripts/testbed.sh reset   stop, wipe .testbed/, start fresh
#   scripts/testbed.sh env     print lines to eval: GODWIT_TEST_MYSQL=… GODWIT_TEST_PG=…
#   scripts/testbed.sh status  say what is running
#   scripts/testbed.sh up-mysql / down-mysql   MariaDB alone (for a test's own testbed, under GODWIT_TESTBED_DIR)
#   scripts/testbed.sh up-pg / down-pg         PostgreSQL alone (likewise)
#
# MariaDB:    127.0.0.1:3307, binlog ROW/FULL/FULL metadata, server_id 1, utf8mb4, TLS with a self-signed CA.
# PostgreSQL: 127.0.0.1:5433, wal_level=logical, 64 replication slots and WAL senders.
# Both have a superuser godwit / godwit reachable over TCP with that password.
# Durability is traded for speed (fsync off, sync_binlog 0): it is a testbed, not a production server.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TB="${GODWIT_TESTBED_DIR:-$ROOT/.testbed}"
MY_PORT="${GODWIT_TESTBED_MYSQL_PORT:-3307}"
PG_PORT="${GODWIT_TESTBED_PG_PORT:-5433}"
MY_DIR="$TB/mariadb"
PG_DIR="$TB/postgres"
TLS_DIR="$TB/tls"
PG_BIN="/usr/lib/postgresql/15/bin"
USER_NAME=godwit
USER_PASSWORD=godwit

log() { printf 'testbed: %s\n' "$*" >&2; }
die() { printf 'testbed: error: %s\n' "$*" >&2; exit 1; }

as_root_or_die() {
  [ "$(id -u)" = 0 ] || die "run as root (it installs packages and runs PostgreSQL as the postgres user)"
}

# ---------- installation ----------

install_missing() {
  local pkgs=()
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || pkgs+=(mariadb-server)
  command -v mariadb >/dev/null 2>&1 || pkgs+=(mariadb-client)
  [ -x "$PG_BIN/initdb" ] || pkgs+=(postgresql-15)
  command -v psql >/dev/null 2>&1 || pkgs+=(postgresql-client-15)
  # PostGIS for the spatial tests (spec options.spatial: postgis); scratch databases CREATE EXTENSION it themselves.
  [ -f /usr/share/postgresql/15/extension/postgis.control ] || pkgs+=(postgresql-15-postgis-3)
  command -v openssl >/dev/null 2>&1 || pkgs+=(openssl)
  # The dashboard's browser test drives Debian's Chromium; the alert rules are checked with promtool.
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
  [ -x /usr/bin/promtool ] || pkgs+=(prometheus)
  if [ "${#pkgs[@]}" -gt 0 ]; then
    as_root_or_die
    log "installing ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # policy-rc.d may refuse to start the packaged services; we run our own instances anyway.
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  fi
  id postgres >/dev/null 2>&1 || die "the postgres system user is missing after installing postgresql-15"
}

# ---------- TLS ----------

make_tls() {
  if [ -f "$TLS_DIR/server-cert.pem" ]; then
    chmod 600 "$TLS_DIR"/ca-key.pem "$TLS_DIR"/server-key.pem 2>/dev/null || true
    return 0
  fi
  mkdir -p "$TLS_DIR"
  log "creating a self-signed CA and server certificate in $TLS_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Godwit testbed CA" \
    -keyout "$TLS_DIR/ca-key.pem" -out "$TLS_DIR/ca.pem" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$TLS_DIR/server-key.pem" -out "$TLS_DIR/server.csr" >/dev/null 2>&1
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$TLS_DIR/san.ext"
  openssl x509 -req -in "$TLS_DIR/server.csr" -CA "$TLS_DIR/ca.pem" -CAkey "$TLS_DIR/ca-key.pem" \
    -CAcreateserial -days 3650 -extfile "$TLS_DIR/san.ext" -out "$TLS_DIR/server-cert.pem" >/dev/null 2>&1
  # Certificates are public; private keys are readable by their owner only (the servers run as root here).
  chmod 644 "$TLS_DIR"/ca.pem "$TLS_DIR"/server-cert.pem
  chmod 600 "$TLS_DIR"/ca-key.pem "$TLS_DIR"/server-key.pem
}

# ---------- MariaDB ----------

my_admin() { MYSQL_PWD="$USER_PASSWORD" mariadb-admin --no-defaults --protocol=TCP -h 127.0.0.1 -P "$MY_PORT" -u "$USER_NAME" "$@"; }
my_ready() { my_admin --connect-timeout=2 ping >/dev/null 2>&1; }

my_up() {
  if my_ready; then return 0; fi
  mkdir -p "$MY_DIR/binlog" "$MY_DIR/run" "$MY_DIR/tmp"
  # A tmpdir of its own: a server starting up removes leftover #sql temporary files from its tmpdir, and with a
  # shared /tmp a second testbed (a test's private server) would delete the running one's temporary tables.
  cat >"$MY_DIR/my.cnf" <<EOF
[mariadbd]
user = root
datadir = $MY_DIR/data
tmpdir = $MY_DIR/tmp
port = $MY_PORT
bind-address = 127.0.0.1
socket = $MY_DIR/run/mysqld.sock
pid-file = $MY_DIR/run/mysqld.pid
log-error = $MY_DIR/error.log
skip-name-resolve
server-id = 1
log-bin = $MY_DIR/binlog/mariadb-bin
binlog-format = ROW
binlog-row-image = FULL
binlog-row-metadata = FULL
expire-logs-days = 2
sync-binlog = 0
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
max-allowed-packet = 256M
max-connections = 500
innodb-buffer-pool-size = 512M
innodb-log-file-size = 256M
innodb-flush-log-at-trx-commit = 2
ssl-ca = $TLS_DIR/ca.pem
ssl-cert = $TLS_DIR/server-cert.pem
ssl-key = $TLS_DIR/server-key.pem
EOF
  if [ ! -d "$MY_DIR/data/mysql" ]; then
    log "initializing MariaDB in $MY_DIR/data"
    mariadb-install-db --defaults-file="$MY_DIR/my.cnf" --auth-root-authentication-method=socket \
      --skip-test-db >"$MY_DIR/install.log" 2>&1 || { cat "$MY_DIR/install.log" >&2; die "mariadb-install-db failed"; }
    touch "$MY_DIR/.needs-users"
  fi
  log "starting MariaDB on 127.0.0.1:$MY_PORT"
  setsid nohup mariadbd --defaults-file="$MY_DIR/my.cnf" >>"$MY_DIR/stdout.log" 2>&1 </dev/null &
  local i
  for i in $(seq 1 120); do
    if [ -S "$MY_DIR/run/mysqld.sock" ] && mariadb-admin --no-defaults -S "$MY_DIR/run/mysqld.sock" -u root ping >/dev/null 2>&1; then
      break
    fi
    sleep 0.5
  done
  if [ -f "$MY_DIR/.needs-users" ]; then
    mariadb --no-defaults -S "$MY_DIR/run/mysqld.sock" -u root <<EOF
CREATE USER IF NOT EXISTS '$USER_NAME'@'%' IDENTIFIED BY '$USER_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'%' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$USER_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
EOF
    rm -f "$MY_DIR/.needs-users"
  fi
  for i in $(seq 1 60); do
    if my_ready; then return 0; fi
    sleep 0.5
  done
  tail -n 30 "$MY_DIR/error.log" >&2 || true
  die "MariaDB did not accept TCP connections on 127.0.0.1:$MY_PORT"
}

my_down() {
  local pidfile="$MY_DIR/run/mysqld.pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping MariaDB (pid $pid)"
    kill "$pid"
    local i
    for i in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" || true
  fi
  rm -f "$pidfile"
}

# ---------- PostgreSQL ----------

pg_as() { runuser -u postgres -- "$@"; }
pg_ready() { PGPASSWORD="$USER_PASSWORD" psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$USER_NAME" -d postgres -c 'select 1' >/dev/null 2>&1; }

# PostgreSQL refuses to run as root, so it runs as the postgres user, which must be able to reach .testbed/.
ensure_postgres_can_reach() {
  local dir="$1"
  if ! runuser -u postgres -- test -x "$dir"; then
    local d="$dir"
    while [ "$d" != "/" ]; do
      if ! runuser -u postgres -- test -x "$d"; then
        log "granting traverse permission (o+x) on $d so the postgres user can reach $PG_DIR"
        chmod o+x "$d"
      fi
      d="$(dirname "$d")"
    done
  fi
}

pg_up() {
  if pg_ready; then return 0; fi
  as_root_or_die
  mkdir -p "$PG_DIR"
  chown postgres:postgres "$PG_DIR"
  ensure_postgres_can_reach "$PG_DIR"
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    log "initializing PostgreSQL in $PG_DIR/data"
    local pwfile="$PG_DIR/.pw"
    printf '%s\n' "$USER_PASSWORD" >"$pwfile"
    chown postgres:postgres "$pwfile"
    chmod 600 "$pwfile"
    pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$USER_NAME" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 \
      || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    mkdir -p "$PG_DIR/run"
    chown postgres:postgres "$PG_DIR/run"
    cat >>"$PG_DIR/data/postgresql.conf" <<EOF

# --- Godwit testbed ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR/run'
max_connections = 300
wal_level = logical
max_replication_slots = 64
max_wal_senders = 64
max_worker_processes = 16
shared_buffers = 512MB
maintenance_work_mem = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 4GB
timezone = 'UTC'
EOF
    cat >>"$PG_DIR/data/pg_hba.conf" <<EOF
host replication all 127.0.0.1/32 scram-sha-256
EOF
  fi
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null \
    || { tail -n 30 "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
  local i
  for i in $(seq 1 60); do
    if pg_ready; then return 0; fi
    sleep 0.5
  done
  die "PostgreSQL did not accept TCP connections on 127.0.0.1:$PG_PORT"
}

pg_down() {
  [ -f "$PG_DIR/data/postmaster.pid" ] || return 0
  log "stopping PostgreSQL"
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
}

# ---------- commands ----------

cmd_env() {
  printf 'GODWIT_TEST_MYSQL=mysql://%s:%s@127.0.0.1:%s; export GODWIT_TEST_MYSQL\n' "$USER_NAME" "$USER_PASSWORD" "$MY_PORT"
  printf 'GODWIT_TEST_PG=postgresql://%s:%s@127.0.0.1:%s/postgres; export GODWIT_TEST_PG\n' "$USER_NAME" "$USER_PASSWORD" "$PG_PORT"
  # The CA of the server actually listening (it may be another checkout's testbed), else ours.
  local ca
  ca="$(MYSQL_PWD="$USER_PASSWORD" mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "$MY_PORT" -u "$USER_NAME" \
    --connect-timeout=2 -N -e 'SELECT @@ssl_ca' 2>/dev/null || true)"
  [ -n "$ca" ] && [ -f "$ca" ] || ca="$TLS_DIR/ca.pem"
  printf 'GODWIT_TEST_MYSQL_CA=%s; export GODWIT_TEST_MYSQL_CA\n' "$ca"
}

cmd_up() {
  if my_ready && pg_ready; then return 0; fi
  install_missing
  mkdir -p "$TB"
  make_tls
  my_up
  pg_up
  log "up: MariaDB 127.0.0.1:$MY_PORT, PostgreSQL 127.0.0.1:$PG_PORT (eval \"\$(scripts/testbed.sh env)\")"
}

cmd_down() {
  my_down
  pg_down
}

# PostgreSQL alone, for tests of a target that goes away (under GODWIT_TESTBED_DIR, like up-mysql).
cmd_up_pg() {
  if pg_ready; then return 0; fi
  install_missing
  mkdir -p "$TB"
  pg_up
}

# MariaDB alone, for tests of a source that goes away (run them against a testbed of their own: GODWIT_TESTBED_DIR).
cmd_up_mysql() {
  if my_ready; then return 0; fi
  install_missing
  mkdir -p "$TB"
  make_tls
  my_up
}

cmd_status() {
  local rc=0
  if my_ready; then echo "mariadb: up on 127.0.0.1:$MY_PORT"; else echo "mariadb: down"; rc=1; fi
  if pg_ready; then echo "postgresql: up on 127.0.0.1:$PG_PORT"; else echo "postgresql: down"; rc=1; fi
  return $rc
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  up-mysql) cmd_up_mysql ;;
  down-mysql) my_down ;;
  up-pg) cmd_up_pg ;;
  down-pg) pg_down ;;
  reset) cmd_down; rm -rf "$MY_DIR" "$PG_DIR"; cmd_up ;;
  env) cmd_env ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|reset|env|status|up-mysql|down-mysql|up-pg|down-pg" >&2; exit 64 ;;
esac
