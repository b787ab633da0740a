#!/usr/bin/env bash
# Runs every test: starts (installing when missing) PostgreSQL with its streaming replica on port
# 5433, MariaDB and Redis on loopback, builds the solution, runs the unit and integration test
# projects, then the integration tests once more with STRATA_TEST_NAMING=exact (every test database
# opened with NamingConvention.Exact, leaving out the replica and server-restart tests, which do not
# depend on naming) and under TZ=Asia/Kolkata (+05:30), so that the suite also runs once in a time zone
# with a half-hour offset (local DateTimes, offsets, time zone conversions), and ends with one line:
#   Tests: N passed, M failed[, K skipped]
# taken from the TRX results. Exits non-zero when anything failed or did not run.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! bash scripts/services.sh replica; then
  echo "scripts/services.sh could not start the test servers; see the messages above."
  echo "Tests: 0 passed, 1 failed"
  exit 1
fi

results="$PWD/TestResults"
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Strata.slnx -c Release -nologo -v quiet; then
  echo "The build failed."
  echo "Tests: 0 passed, 1 failed"
  exit 1
fi

status=0
# run NAME PROJECT [dotnet test arguments…]: one test run, its results in $results/NAME.trx.
run() {
  local name=$1 project=$2
  shift 2
  dotnet test "$project" -c Release --no-build -nologo "$@" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" --blame-hang-timeout 5m || status=1
}

run Strata.Tests tests/Strata.Tests
run Strata.IntegrationTests tests/Strata.IntegrationTests
# The Redis layer, on the shared server and the 3-node cluster started by scripts/services.sh.
run Strata.Redis.Tests tests/Strata.Redis.Tests
# The strata command-line tool, as a process and in-process, on every database.
run Strata.Cli.Tests tests/Strata.Cli.Tests
# The embedded key-value store: RocksDB in temporary directories, no server; under a minute.
run Strata.KeyValue.Tests tests/Strata.KeyValue.Tests
# The testing library (test databases on every database); under a minute.
run Strata.Testing.Tests tests/Strata.Testing.Tests
# Its xUnit v3 fixture (a database per test class, a rollback per test) on every database; seconds.
run Strata.Testing.Xunit.Tests tests/Strata.Testing.Xunit.Tests
# Fault injection and security: each command failed in turn, COMMIT cut by a proxy, hostile input, a password canary,
# SQLite contention and crashes, and kills of PostgreSQL and MariaDB servers the suite starts itself (never the shared
# ones); about three minutes. Longer runs of the same tests: scripts/soak.sh.
run Strata.FaultTests tests/Strata.FaultTests
# Strata Studio in Debian's chromium (installed by scripts/services.sh) on every database, and 'strata studio' as a process;
# about two minutes.
run Strata.Studio.Tests tests/Strata.Studio.Tests

echo "Integration tests again, with NamingConvention.Exact as every test database's default, in the time zone Asia/Kolkata (+05:30):"
TZ=Asia/Kolkata STRATA_TEST_NAMING=exact run Strata.IntegrationTests.exact tests/Strata.IntegrationTests \
  --filter "FullyQualifiedName!~.Replicas.&FullyQualifiedName!~ServerRestartTests&FullyQualifiedName!~.Readme."

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted); n=$(get notExecuted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${n:-0}))
done

if [ "$files" -lt 10 ]; then
  echo "Expected results from ten test runs (unit, integration, Redis, command-line tool, key-value store, testing library, its xUnit fixture, fault injection, studio, integration with exact naming) but found $files TRX file(s)."
  status=1
  [ "$failed" -eq 0 ] && failed=1
fi
[ "$failed" -gt 0 ] && status=1
[ "$passed" -eq 0 ] && status=1

line="Tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit $status
