#!/usr/bin/env bash
# Installs (from Debian's packages) and starts PostgreSQL, MariaDB and Redis on loopback, then
# creates the test databases and users. Idempotent: anything already installed or running is left
# as it is. Needs root (apt-get, service control).
#
# Test credentials (also the defaults the integration tests use):
#   PostgreSQL  postgres://strata:strata@127.0.0.1:5432/strata_test
#   MariaDB     mysql://strata:strata@127.0.0.1:3306/strata_test
#   Redis       127.0.0.1:6379
set -euo pipefail

say() { printf '[services] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)

if [ ${#need[@]} -gt 0 ]; then
  say "installing: ${need[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
else
  say "PostgreSQL, MariaDB, Redis and sqlite3 are installed"
fi

# --- PostgreSQL -------------------------------------------------------------------------------
pgver=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  say "creating PostgreSQL $pgver cluster"
  as_root pg_createcluster "$pgver" main >/dev/null
fi
cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
if pg_lsclusters -h | awk 'NR==1 {print $4}' | grep -q online; then
  say "PostgreSQL $cluster already running"
else
  say "starting PostgreSQL $cluster"
  # shellcheck disable=SC2086
  as_root pg_ctlcluster $cluster start
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
psql_su() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; }
if [ "$(psql_su "-c \"select 1 from pg_roles where rolname='strata'\"")" != "1" ]; then
  psql_su "-c \"create role strata login password 'strata' createdb\"" >/dev/null
  say "created PostgreSQL role strata"
fi
if [ "$(psql_su "-c \"select 1 from pg_database where datname='strata_test'\"")" != "1" ]; then
  psql_su "-c \"create database strata_test owner strata\"" >/dev/null
  say "created PostgreSQL database strata_test"
fi

# --- MariaDB ----------------------------------------------------------------------------------
if mysqladmin -uroot status >/dev/null 2>&1; then
  say "MariaDB already running"
else
  say "starting MariaDB"
  as_root service mariadb start >/dev/null 2>&1 || as_root service mysql start >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do mysqladmin -uroot status >/dev/null 2>&1 && break; sleep 1; done
  mysqladmin -uroot status >/dev/null 2>&1 || { say "MariaDB did not start"; exit 1; }
fi
mysql -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS strata_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'strata'@'localhost' IDENTIFIED BY 'strata';
CREATE USER IF NOT EXISTS 'strata'@'127.0.0.1' IDENTIFIED BY 'strata';
GRANT ALL PRIVILEGES ON strata_test.* TO 'strata'@'localhost';
GRANT ALL PRIVILEGES ON strata_test.* TO 'strata'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
say "MariaDB database strata_test and user strata ready"

# --- Redis ------------------------------------------------------------------------------------
if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  say "Redis already running"
else
  say "starting Redis"
  redis-server --port 6379 --daemonize yes --save '' --appendonly no --bind 127.0.0.1 >/dev/null
  for _ in $(seq 1 20); do redis-cli -p 6379 ping 2>/dev/null | grep -q PONG && break; sleep 0.5; done
fi

say "ready: postgres 127.0.0.1:5432, mariadb 127.0.0.1:3306, redis 127.0.0.1:6379"
