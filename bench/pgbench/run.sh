#!/usr/bin/env bash
# Throughput on PostgreSQL: pgbench (PostgreSQL's C client, one connection per client kept for the whole run) against Strata
# and hand-written Npgsql running the same workloads on the same tables, from as many concurrent workers, for the same time:
# `select` is `pgbench -S` (one SELECT of a random account's balance) and `tpcb` is pgbench's built-in TPC-B-like transaction
# (three updates, a select and an insert between BEGIN and END). The reference is `pgbench -M prepared` (every statement
# prepared once per connection, as Npgsql's auto-prepare does after a statement's second use); pgbench's default, the simple
# query protocol, is measured beside it for context (SIMPLE=0 leaves it out). Prints each rate and its ratio to pgbench's,
# per run and as the median over the runs; each run measures pgbench first and then every contender in turn, so that a drift
# of the machine's speed touches a run's figures alike. For the harness's contenders it also prints the processor time the
# harness process spent per transaction (median over the runs), which the server's share of the cores is missing.
# Needs the loopback PostgreSQL that scripts/services.sh starts (role strata, password strata, allowed to create databases)
# and pgbench, which comes with it. Creates the database $DB_NAME as that role, fills it with `pgbench -i -s $SCALE`, and drops
# it again at the end. Before every tpcb measurement, pgbench's and each contender's alike, the script does what pgbench does
# by default before it runs (and with -n it does not do it itself): vacuum pgbench_branches and pgbench_tellers, whose few
# rows every transaction updates, and empty pgbench_history, which grows by one row per transaction. So each starts from
# tables in the same state, though not with the same balances; the rows in pgbench_history after a contender's run show
# that its transactions committed.
# The contenders are those of bench/Strata.Benchmarks/PgbenchThroughput.cs (see bench/README.md).
# WORKLOAD (select, tpcb or both), CLIENTS, SECONDS_PER_RUN, WARMUP, RUNS, SCALE, SIMPLE and CONTENDERS change the workload.
set -euo pipefail
WORKLOAD=${WORKLOAD:-both}
CLIENTS=${CLIENTS:-8}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
WARMUP=${WARMUP:-3}
RUNS=${RUNS:-3}
SCALE=${SCALE:-10}
SIMPLE=${SIMPLE:-1}
CONTENDERS=${CONTENDERS:-strata,strata-unguarded,strata-no-reset,npgsql,npgsql-no-reset,npgsql-kept}
DB_NAME=${DB_NAME:-strata_bench_pgbench}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-/tmp/strata-pgbench-bench}
URL="postgres://strata:strata@127.0.0.1:5432/$DB_NAME"
case "$WORKLOAD" in
  select|tpcb) workloads=("$WORKLOAD") ;;
  both) workloads=(select tpcb) ;;
  *) echo "WORKLOAD must be select, tpcb or both, not '$WORKLOAD'"; exit 2 ;;
esac

# Environment left by a psql session (PGHOST, PGDATABASE, …) would send pgbench and psql elsewhere.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE PGOPTIONS
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=strata PGPASSWORD=strata
command -v pgbench >/dev/null || { echo "pgbench is needed: it comes with PostgreSQL (apt-get install -y postgresql)"; exit 1; }
mkdir -p "$OUT"

cleanup() { psql -qX -d strata_test -c "DROP DATABASE IF EXISTS $DB_NAME" || true; }
trap cleanup EXIT
psql -qX -v ON_ERROR_STOP=1 -d strata_test -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB_NAME" \
  -c "CREATE DATABASE $DB_NAME"
pgbench -i -q -s "$SCALE" "$DB_NAME" 2>"$OUT/pgbench.log" || { cat "$OUT/pgbench.log"; exit 1; }
dotnet build "$ROOT/bench/Strata.Benchmarks" -c Release -m:1 -nologo -v q >/dev/null
HARNESS="$ROOT/bench/Strata.Benchmarks/bin/Release/net10.0/Strata.Benchmarks"

# The rate pgbench reports without the time its clients took to connect (its messages go to $OUT/pgbench.log).
pgbench_tps() { awk '/^tps = / && /without initial connection time/ { print $3 }'; }
# The machine may be shared: the load average before and after tells how much else ran.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# What pgbench does before a run unless told -n: the tables of tpcb's updates vacuumed, the history emptied.
reset_tables() {
  psql -qX -v ON_ERROR_STOP=1 -d "$DB_NAME" -c "VACUUM pgbench_branches" -c "VACUUM pgbench_tellers" -c "TRUNCATE pgbench_history"
}
history_rows() { psql -qXtA -d "$DB_NAME" -c "SELECT count(*) FROM pgbench_history"; }

for workload in "${workloads[@]}"; do
  select_only=(); [ "$workload" = select ] && select_only=(-S)
  PG=(pgbench -n "${select_only[@]}" -c "$CLIENTS" -j 2 "$DB_NAME")
  : > "$OUT/rates-$workload"
  : > "$OUT/history-$workload"
  for run in $(seq 1 "$RUNS"); do
    if [ "$workload" = tpcb ]; then reset_tables; fi
    # An unmeasured run of WARMUP seconds first, as the harness warms up before it measures.
    "${PG[@]}" -M prepared -T "$WARMUP" >/dev/null 2>>"$OUT/pgbench.log"
    rate=$("${PG[@]}" -M prepared -T "$SECONDS_PER_RUN" 2>>"$OUT/pgbench.log" | pgbench_tps)
    echo "$run pgbench-prepared $rate" >> "$OUT/rates-$workload"
    if [ "$workload" = tpcb ]; then echo "$run pgbench-prepared $(history_rows)" >> "$OUT/history-$workload"; fi
    if [ "$SIMPLE" = 1 ]; then
      if [ "$workload" = tpcb ]; then reset_tables; fi
      rate=$("${PG[@]}" -M simple -T "$SECONDS_PER_RUN" 2>>"$OUT/pgbench.log" | pgbench_tps)
      echo "$run pgbench-simple $rate" >> "$OUT/rates-$workload"
    fi
    # One harness process per contender, so that the tables can be reset between them. Each run starts from the next
    # contender in the list: in tpcb, whichever ran first after pgbench was the slowest, so none should always be first.
    read -ra contenders <<< "${CONTENDERS//,/ }"
    for i in "${!contenders[@]}"; do
      contender=${contenders[$(( (i + run - 1) % ${#contenders[@]} ))]}
      if [ "$workload" = tpcb ]; then reset_tables; fi
      "$HARNESS" pgbench --url "$URL" --workload "$workload" --workers "$CLIENTS" --scale "$SCALE" \
        --seconds "$SECONDS_PER_RUN" --warmup "$WARMUP" --contenders "$contender" |
        awk -v run="$run" '{ print run, $1, $2, $4 }' >> "$OUT/rates-$workload"
      if [ "$workload" = tpcb ]; then echo "$run $contender $(history_rows)" >> "$OUT/history-$workload"; fi
    done
  done

  echo
  echo "$workload: transactions per second, $CLIENTS clients, ${SECONDS_PER_RUN}s per contender and run, $RUNS runs (scale $SCALE)"
  awk '
    function median(list,   v, n, i, j, t) {
      n = split(list, v, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    $2 == "pgbench-prepared" { base[$1] = $3 }
    { order[$2] = order[$2] ? order[$2] : ++names; name[order[$2]] = $2; rates[$2] = rates[$2] " " $3; runs[$2] = runs[$2] " " $1 }
    NF > 3 { cpu[$2] = cpu[$2] " " $4 }
    END {
      printf "%-20s %12s %14s %10s %s\n", "contender", "median tps", "vs prepared", "cpu us/tx", "per run (rate, ratio)"
      for (k = 1; k <= names; k++) {
        c = name[k]; split(rates[c], r, " "); n = split(runs[c], u, " "); ratios = ""; detail = ""
        for (i = 1; i <= n; i++) { ratios = ratios " " r[i] / base[u[i]]; detail = detail sprintf("  %.0f %.2f", r[i], r[i] / base[u[i]]) }
        printf "%-20s %12.0f %14.2f %10s %s\n", c, median(rates[c]), median(ratios), c in cpu ? sprintf("%.1f", median(cpu[c])) : "", detail
      }
    }' "$OUT/rates-$workload"
  if [ "$workload" = tpcb ]; then
    # Every committed transaction adds a row: about the rate times the warm-up and the measured time.
    echo "rows in pgbench_history after each contender's run (its warm-up and measured time), per run:"
    awk '{ rows[$2] = rows[$2] "  " $3; if (!seen[$2]++) order[++n] = $2 } END { for (i = 1; i <= n; i++) printf "  %-18s%s\n", order[i], rows[order[i]] }' \
      "$OUT/history-$workload"
  fi
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
