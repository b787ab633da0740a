#!/usr/bin/env bash
# Point-select throughput on MariaDB: `sysbench oltp_point_select` (a C client, prepared statements, one connection per
# thread) against Strata and hand-written MySqlConnector doing the same select (`SELECT c FROM sbtestN WHERE id = ?`, a random
# table and id) from as many concurrent workers, for the same time, on the same tables. Prints each rate and its ratio to
# sysbench's, per run and as the median over the runs; each run measures sysbench first and then every contender in turn, so
# that a drift of the machine's speed touches a run's figures alike.
# Needs the loopback MariaDB that scripts/services.sh starts, and sysbench (apt-get install -y sysbench). Creates the database
# $DB_NAME through the root account on the local socket (as scripts/services.sh does), lets the strata user use it, and drops
# it again at the end. THREADS, SECONDS_PER_RUN, WARMUP, RUNS, TABLES, TABLE_SIZE and CONTENDERS change the workload.
set -euo pipefail
THREADS=${THREADS:-8}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
WARMUP=${WARMUP:-3}
RUNS=${RUNS:-3}
TABLES=${TABLES:-4}
TABLE_SIZE=${TABLE_SIZE:-100000}
CONTENDERS=${CONTENDERS:-strata,strata-unprepared,strata-reset,mysqlconnector,mysqlconnector-prepared,mysqlconnector-kept}
DB_NAME=${DB_NAME:-strata_bench_point_select}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-/tmp/strata-point-select-bench}
URL="mariadb://strata:strata@127.0.0.1:3306/$DB_NAME"
SB=(sysbench oltp_point_select --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=3306 --mysql-user=strata
    --mysql-password=strata "--mysql-db=$DB_NAME" "--tables=$TABLES" "--table-size=$TABLE_SIZE")

command -v sysbench >/dev/null || { echo "sysbench is needed: apt-get install -y sysbench"; exit 1; }
mkdir -p "$OUT"
: > "$OUT/rates"

cleanup() {
  mariadb -uroot -e "DROP DATABASE IF EXISTS $DB_NAME;
    REVOKE ALL PRIVILEGES ON $DB_NAME.* FROM 'strata'@'127.0.0.1'; REVOKE ALL PRIVILEGES ON $DB_NAME.* FROM 'strata'@'localhost';" || true
}
trap cleanup EXIT
mariadb -uroot -e "DROP DATABASE IF EXISTS $DB_NAME; CREATE DATABASE $DB_NAME;
  GRANT ALL PRIVILEGES ON $DB_NAME.* TO 'strata'@'127.0.0.1'; GRANT ALL PRIVILEGES ON $DB_NAME.* TO 'strata'@'localhost';"
"${SB[@]}" prepare >/dev/null
dotnet build "$ROOT/bench/Strata.Benchmarks" -c Release -m:1 -nologo -v q >/dev/null
HARNESS="$ROOT/bench/Strata.Benchmarks/bin/Release/net10.0/Strata.Benchmarks"

for run in $(seq 1 "$RUNS"); do
  # sysbench 1.0 has no warm-up option: an unmeasured run of WARMUP seconds first, as the harness warms up before it measures.
  "${SB[@]}" "--threads=$THREADS" "--time=$WARMUP" run >/dev/null
  rate=$("${SB[@]}" "--threads=$THREADS" "--time=$SECONDS_PER_RUN" run |
    awk '/queries:/ && /per sec/ { gsub(/[()]/, "", $3); print $3 }')
  echo "$run sysbench $rate" >> "$OUT/rates"
  "$HARNESS" point-select --url "$URL" --workers "$THREADS" --tables "$TABLES" --table-size "$TABLE_SIZE" \
    --seconds "$SECONDS_PER_RUN" --warmup "$WARMUP" --contenders "$CONTENDERS" |
    awk -v run="$run" '{ print run, $1, $2 }' >> "$OUT/rates"
done

echo "point selects per second, $THREADS workers, ${SECONDS_PER_RUN}s per contender and run, $RUNS runs (tables $TABLES x $TABLE_SIZE rows)"
awk '
  function median(list,   v, n, i, j, t) {
    n = split(list, v, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  $2 == "sysbench" { base[$1] = $3 }
  { order[$2] = order[$2] ? order[$2] : ++names; name[order[$2]] = $2; rates[$2] = rates[$2] " " $3; runs[$2] = runs[$2] " " $1 }
  END {
    printf "%-26s %12s %12s %s\n", "contender", "median/s", "vs sysbench", "per run (rate, ratio)"
    for (k = 1; k <= names; k++) {
      c = name[k]; split(rates[c], r, " "); n = split(runs[c], u, " "); ratios = ""; detail = ""
      for (i = 1; i <= n; i++) { ratios = ratios " " r[i] / base[u[i]]; detail = detail sprintf("  %.0f %.2f", r[i], r[i] / base[u[i]]) }
      printf "%-26s %12.0f %12.2f %s\n", c, median(rates[c]), median(ratios), detail
    }
  }' "$OUT/rates"
