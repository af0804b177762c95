# Godwit: `make test` runs every test against the real testbed servers; `make demo` shows Godwit working.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help testbed testbed-down test build demo demo-clean clean

help:
	@echo "make test        start the testbed (MariaDB 10.11 + PostgreSQL 15) and run every test"
	@echo "make demo        a live zero-downtime migration of a booking app under traffic (DEMO_SCALE, DEMO_RATE, DEMO_SECONDS)"
	@echo "make demo-clean  remove what the demo made"
	@echo "make testbed     start the testbed only;  make testbed-down  stop it"

testbed:
	@scripts/testbed.sh up

testbed-down:
	@scripts/testbed.sh down

build:
	@dotnet build Godwit.sln -c Release --nologo -v q -clp:NoSummary

test: testbed
	@scripts/run-tests.sh

demo: testbed
	@scripts/demo.sh

demo-clean:
	@scripts/demo.sh clean

clean:
	@rm -rf artifacts src/*/bin src/*/obj tests/*/bin tests/*/obj bench/*/bin bench/*/obj
