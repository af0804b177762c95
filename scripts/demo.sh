#!/usr/bin/env bash
# `make demo`: Godwit on the embedded testbed. Creates a small travel-booking database on MariaDB
# (customers, trips, bookings, payments), then runs the phases that exist so far against it:
# ping, assess (the preflight), schema (the DDL Godwit generates), migrate --follow (copy, then the change
# stream until caught up), a few writes on the source streamed across, and verify.
# The full live zero-downtime demo (traffic generator through the routing file, cutover) replaces this as
# those phases land.
#   scripts/demo.sh          run the demo
#   scripts/demo.sh clean    drop what the demo made (the testbed keeps running)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
eval "$(scripts/testbed.sh env)"
DB=godwit_demo
SCALE="${DEMO_SCALE:-1}"
MY=(mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P3307 -ugodwit -pgodwit)
PG=(env PGPASSWORD=godwit psql -X -q -h 127.0.0.1 -p 5433 -U godwit -d postgres -v ON_ERROR_STOP=1)
SOURCE="$GODWIT_TEST_MYSQL/$DB"
TARGET="$GODWIT_TEST_PG"

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

if [ "${1:-}" = "clean" ]; then
  "${MY[@]}" -e "DROP DATABASE IF EXISTS $DB"
  "${PG[@]}" -c "DROP SCHEMA IF EXISTS $DB CASCADE"
  echo "demo: dropped $DB on MariaDB and schema $DB on PostgreSQL" >&2
  exit 0
fi

customers=$((2000 * SCALE))
trips=$((200 * SCALE))
bookings=$((10000 * SCALE))

step "creating the travel-booking database '$DB' on MariaDB ($customers customers, $bookings bookings)"
"${MY[@]}" <<SQL
DROP DATABASE IF EXISTS $DB;
CREATE DATABASE $DB CHARACTER SET utf8mb4;
USE $DB;
CREATE TABLE customers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(255) NOT NULL UNIQUE,
  full_name VARCHAR(120) NOT NULL,
  country CHAR(2) NOT NULL,
  vip TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
);
CREATE TABLE trips (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  destination VARCHAR(80) NOT NULL,
  departs_on DATE NOT NULL,
  duration TIME NOT NULL,
  price DECIMAL(10,2) NOT NULL CHECK (price >= 0),
  seats SMALLINT UNSIGNED NOT NULL
);
CREATE TABLE bookings (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT UNSIGNED NOT NULL,
  trip_id INT UNSIGNED NOT NULL,
  status ENUM('pending','confirmed','cancelled') NOT NULL DEFAULT 'pending',
  extras SET('insurance','meal','window') NULL,
  booked_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  notes JSON NULL,
  KEY ix_customer (customer_id),
  CONSTRAINT fk_booking_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT fk_booking_trip FOREIGN KEY (trip_id) REFERENCES trips (id)
);
CREATE TABLE payments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  booking_id BIGINT UNSIGNED NOT NULL,
  amount DECIMAL(12,2) NOT NULL,
  paid_at DATETIME NOT NULL,
  reference UUID NOT NULL,
  CONSTRAINT fk_payment_booking FOREIGN KEY (booking_id) REFERENCES bookings (id) ON DELETE CASCADE
);
CREATE VIEW confirmed_revenue AS
  SELECT b.trip_id, SUM(p.amount) AS revenue FROM bookings b JOIN payments p ON p.booking_id = b.id
  WHERE b.status = 'confirmed' GROUP BY b.trip_id;
INSERT INTO customers (email, full_name, country, vip, created_at)
  SELECT CONCAT('traveller', seq, '@example.com'), CONCAT('Traveller ', seq, ' Ünal'), ELT(1 + seq % 4, 'NZ', 'FR', 'ID', 'US'),
         seq % 10 = 0, '2024-01-01' + INTERVAL seq MINUTE
  FROM seq_1_to_$customers;
INSERT INTO trips (destination, departs_on, duration, price, seats)
  SELECT ELT(1 + seq % 5, 'Auckland', 'Lyon', 'Bali', 'Alaska', 'Yellow Sea'), '2025-06-01' + INTERVAL seq DAY,
         SEC_TO_TIME(3600 * (24 + seq % 200)), 199.99 + seq, 20 + seq % 100
  FROM seq_1_to_$trips;
INSERT INTO bookings (customer_id, trip_id, status, extras, booked_at, notes)
  SELECT 1 + seq % $customers, 1 + seq % $trips, ELT(1 + seq % 3, 'pending', 'confirmed', 'cancelled'),
         IF(seq % 4 = 0, 'insurance,meal', NULL), '2025-01-01' + INTERVAL seq SECOND,
         IF(seq % 5 = 0, JSON_OBJECT('seat', seq % 40, 'diet', 'veg'), NULL)
  FROM seq_1_to_$bookings;
INSERT INTO payments (booking_id, amount, paid_at, reference)
  SELECT id, 100 + id % 900, booked_at + INTERVAL 1 HOUR, UUID() FROM bookings WHERE status <> 'pending';
SQL

step "godwit ping: the source (MariaDB) and the target (PostgreSQL)"
./godwit ping --source "$SOURCE" --target "$TARGET"

step "godwit assess: the preflight"
set +e
./godwit assess --source "$SOURCE" --target "$TARGET"
code=$?
set -e
echo "assess exit code: $code (0 = no blockers, 2 = blockers)" >&2
[ "$code" -le 2 ] || exit "$code"

step "godwit schema: the DDL Godwit generates"
./godwit schema --source "$SOURCE" --dry-run

step "godwit migrate --follow: schema, consistent parallel copy, then the change stream until caught up"
./godwit migrate --source "$SOURCE" --target "$TARGET" --restart --if-exists drop --follow --until-caught-up

step "the application keeps writing on MariaDB: a booking is confirmed, one is cancelled, a new one arrives"
"${MY[@]}" "$DB" <<SQL
UPDATE bookings SET status = 'confirmed' WHERE id = 3;
DELETE FROM payments WHERE booking_id = 4;
UPDATE bookings SET status = 'cancelled' WHERE id = 4;
INSERT INTO bookings (customer_id, trip_id, status, extras, notes) VALUES (1, 1, 'pending', 'window', JSON_OBJECT('seat', 12));
SQL

step "godwit sync: the change stream picks the writes up from where it stopped"
./godwit sync --source "$SOURCE" --target "$TARGET" --until-caught-up

step "godwit verify: row counts, then every row compared across the two engines"
./godwit verify --source "$SOURCE" --target "$TARGET" --mode count
./godwit verify --source "$SOURCE" --target "$TARGET" --mode rows

step "the result on PostgreSQL"
"${PG[@]}" -c "\\d $DB.bookings" -c "SELECT status, count(*) FROM $DB.bookings GROUP BY status ORDER BY status"

printf '\nThe demo database stays in place; `make demo-clean` removes it.\n' >&2
