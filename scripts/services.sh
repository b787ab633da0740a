#!/usr/bin/env bash
# Installs (from Debian's packages) and starts PostgreSQL, MariaDB and Redis on loopback, then
# creates the test databases and users; also installs Debian's chromium, which the Strata Studio
# browser tests drive (Playwright cannot download its own browsers here), and clang with zlib's headers,
# which native AOT publishing links with. Idempotent: anything
# already installed or running is left as it is. Needs root (apt-get, service control).
#
# Test credentials (also the defaults the integration tests use):
#   PostgreSQL  postgres://strata:strata@127.0.0.1:5432/strata_test
#   MariaDB     mysql://strata:strata@127.0.0.1:3306/strata_test
#   Redis       127.0.0.1:6379, and a 3-node Redis Cluster on 127.0.0.1:7000-7002
#
# Optional: `scripts/services.sh replica` (or STRATA_REPLICA=1) also starts a streaming hot standby of that
# PostgreSQL cluster on 127.0.0.1:5433 (same users and databases, read-only), for the read-replica tests:
#   postgres://strata:strata@127.0.0.1:5433/strata_test
# Its data directory is /var/lib/postgresql/<version>/replica (STRATA_REPLICA_DIR overrides it), its log next to it.
set -euo pipefail
# The administration below talks to the local servers as their superusers; libpq settings from the caller's shell
# (PGHOST, PGUSER, …, e.g. left by a psql session) would send it elsewhere.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE PGOPTIONS

say() { printf '[services] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

want_replica=${STRATA_REPLICA:-0}
for arg in "$@"; do
  case "$arg" in
    replica) want_replica=1 ;;
    *) say "unknown argument '$arg': the only one is 'replica' (also start the PostgreSQL replica on port 5433)"; exit 2 ;;
  esac
done

need=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
[ -x /usr/bin/chromium ] || need+=(chromium)
# Native AOT publishing (samples/AotApp and its test) links with clang against zlib.
command -v clang >/dev/null 2>&1 || need+=(clang)
[ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)

if [ ${#need[@]} -gt 0 ]; then
  say "installing: ${need[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
else
  say "PostgreSQL, MariaDB, Redis, sqlite3, chromium and clang are installed"
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

# --- PostgreSQL streaming replica (optional) --------------------------------------------------
# Following the recipe: the primary needs wal_level replica (Debian's default) and a replication login; the
# replica is a pg_basebackup -R of it with the primary's configuration on port 5433, started with pg_ctl.
if [ "$want_replica" = 1 ]; then
  pgbin=/usr/lib/postgresql/$pgver/bin
  rdir=${STRATA_REPLICA_DIR:-/var/lib/postgresql/$pgver/replica}
  rport=5433
  primary_conf=/etc/postgresql/${cluster// //}
  repl_user=strata_replicator
  repl_password=strata_replicator
  as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
  replica_running() { as_pg "$pgbin/pg_ctl -D '$rdir' status" >/dev/null 2>&1; }
  replica_sql() { as_pg "psql -p $rport -qtAc \"$1\"" 2>/dev/null || true; }

  wal_level=$(psql_su "-c 'show wal_level'")
  senders=$(psql_su "-c 'show max_wal_senders'")
  if [ "$wal_level" = minimal ] || [ "$senders" -lt 2 ]; then
    psql_su "-c \"alter system set wal_level = replica\"" >/dev/null
    psql_su "-c \"alter system set max_wal_senders = 5\"" >/dev/null
    say "the primary had wal_level=$wal_level, max_wal_senders=$senders; set replica and 5, which needs a restart: restarting PostgreSQL $cluster"
    # shellcheck disable=SC2086
    as_root pg_ctlcluster $cluster restart
  else
    say "primary already streams WAL (wal_level=$wal_level, max_wal_senders=$senders): left unchanged"
  fi
  if [ "$(psql_su "-c \"select 1 from pg_hba_file_rules where 'replication' = any(database) and type like 'host%' and address = '127.0.0.1' limit 1\"")" != "1" ]; then
    printf 'host    replication     %s    127.0.0.1/32    scram-sha-256\n' "$repl_user" | as_root tee -a "$primary_conf/pg_hba.conf" >/dev/null
    psql_su "-c 'select pg_reload_conf()'" >/dev/null
    say "allowed replication connections from 127.0.0.1 in $primary_conf/pg_hba.conf (reloaded, not restarted)"
  fi
  if [ "$(psql_su "-c \"select 1 from pg_roles where rolname='$repl_user'\"")" != "1" ]; then
    psql_su "-c \"create role $repl_user with replication login password '$repl_password'\"" >/dev/null
    say "created PostgreSQL replication role $repl_user"
  fi

  build_replica() {
    as_root rm -rf "$rdir"
    as_root install -d -m 700 -o postgres -g postgres "$rdir"
    say "copying the primary into $rdir (pg_basebackup -R)"
    as_pg "PGPASSWORD='$repl_password' $pgbin/pg_basebackup -h 127.0.0.1 -p 5432 -U $repl_user -D '$rdir' -R -X stream"
    as_pg "cp '$primary_conf/postgresql.conf' '$primary_conf/pg_hba.conf' '$rdir/'"
    as_pg "sed -i -e \"s|^data_directory = .*|data_directory = '$rdir'|\" -e \"s|^hba_file = .*|hba_file = '$rdir/pg_hba.conf'|\" \
      -e \"s|^external_pid_file = .*|external_pid_file = '$rdir.pid'|\" -e \"s|^port = .*|port = $rport|\" \
      -e \"s|^cluster_name = .*|cluster_name = '$pgver/replica'|\" -e '/^include_dir/d' '$rdir/postgresql.conf'"
  }
  start_replica() {
    say "starting the replica on 127.0.0.1:$rport (log: $rdir.log)"
    as_pg "$pgbin/pg_ctl -D '$rdir' -o '-c config_file=$rdir/postgresql.conf' -l '$rdir.log' -w -t 60 start" >/dev/null
  }
  streaming() {
    for _ in $(seq 1 "$1"); do
      [ "$(replica_sql "select status from pg_stat_wal_receiver")" = streaming ] && return 0
      sleep 0.5
    done
    return 1
  }

  if [ -f "$rdir/PG_VERSION" ] && [ -f "$rdir/standby.signal" ]; then
    say "replica data directory $rdir exists"
  else
    build_replica
  fi
  if replica_running; then say "replica already running on 127.0.0.1:$rport"; else start_replica; fi
  if ! streaming 20; then
    # It fell too far behind (the primary recycled the WAL it needs) or its copy is broken: a new copy is cheap here.
    say "the replica is not streaming from the primary; rebuilding it"
    replica_running && as_pg "$pgbin/pg_ctl -D '$rdir' -m fast -w stop" >/dev/null
    build_replica
    start_replica
    streaming 40 || { say "the replica on port $rport does not stream; see $rdir.log"; exit 1; }
  fi
  [ "$(replica_sql "select pg_is_in_recovery()")" = t ] || { say "port $rport answers but is not a standby; see $rdir.log"; exit 1; }
  say "replica 127.0.0.1:$rport is streaming from 127.0.0.1:5432"
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

# --- Redis Cluster on 7000-7002 (for the Redis layer's cluster tests) -----------------------------
cluster_dir=${STRATA_REDIS_CLUSTER_DIR:-/var/lib/strata/redis-cluster}
if [ "$(redis-cli -p 7000 cluster info 2>/dev/null | grep -c 'cluster_state:ok')" = 1 ]; then
  say "Redis Cluster already running on 127.0.0.1:7000-7002"
else
  for p in 7000 7001 7002; do
    if ! redis-cli -p "$p" ping 2>/dev/null | grep -q PONG; then
      mkdir -p "$cluster_dir/$p"
      (cd "$cluster_dir/$p" && rm -f nodes.conf && redis-server --port "$p" --cluster-enabled yes --cluster-config-file nodes.conf \
        --save '' --appendonly no --daemonize yes --bind 127.0.0.1 >/dev/null)
    fi
  done
  for _ in $(seq 1 20); do
    [ "$(for p in 7000 7001 7002; do redis-cli -p "$p" ping 2>/dev/null; done | grep -c PONG)" = 3 ] && break
    sleep 0.5
  done
  if [ "$(redis-cli -p 7000 cluster info 2>/dev/null | grep -c 'cluster_known_nodes:3')" != 1 ]; then
    say "creating the Redis Cluster on 127.0.0.1:7000-7002 (data in $cluster_dir)"
    redis-cli --cluster create 127.0.0.1:7000 127.0.0.1:7001 127.0.0.1:7002 --cluster-replicas 0 --cluster-yes >/dev/null
  fi
  for _ in $(seq 1 40); do
    redis-cli -p 7000 cluster info 2>/dev/null | grep -q 'cluster_state:ok' && break
    sleep 0.5
  done
  redis-cli -p 7000 cluster info 2>/dev/null | grep -q 'cluster_state:ok' || { say "the Redis Cluster on 7000-7002 is not ok; see redis-cli -p 7000 cluster info"; exit 1; }
  say "Redis Cluster ready on 127.0.0.1:7000-7002"
fi

replica_note=""
[ "$want_replica" = 1 ] && replica_note=" (replica 127.0.0.1:5433)"
say "ready: postgres 127.0.0.1:5432$replica_note, mariadb 127.0.0.1:3306, redis 127.0.0.1:6379, redis cluster 127.0.0.1:7000-7002"
