#!/usr/bin/env bash
# Runs the fault-injection suite (tests/Strata.FaultTests) longer than CI does, outside CI: more SIGKILLs of the SQLite
# writer, more kills of the suite's own PostgreSQL and MariaDB servers, more generated hostile inputs, and the whole
# suite several times over with fresh seeds. Needs the test servers scripts/services.sh starts (it does not start them)
# and a built solution (dotnet build Strata.slnx -c Release).
#
#   scripts/soak.sh [ROUNDS]        ROUNDS runs of the suite (default 5)
#
# Each failure message names what reproduces it: STRATA_FAULT_SEED for the kill tests, CsCheck_Seed for generated input,
# N and the failed command (or write) for the command-fault loops. Results go to TestResults/soak-N.trx.
set -uo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-5}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export STRATA_FAULT_ROUNDS=${STRATA_FAULT_ROUNDS:-40}   # SIGKILLs of the SQLite writer per run (CI: 6)
export STRATA_FAULT_KILLS=${STRATA_FAULT_KILLS:-10}     # kills of each server per run (CI: 2)
export STRATA_FAULT_ITER=${STRATA_FAULT_ITER:-1000}     # generated hostile inputs per database (CI: 40)
export STRATA_FAULT_ROWS=${STRATA_FAULT_ROWS:-20}       # rows per table in the dump/restore fault loops (CI: 3)
export STRATA_FAULT_KV_ROUNDS=${STRATA_FAULT_KV_ROUNDS:-5}  # rounds of batches and transactions in the key-value write loop (CI: 1)
export STRATA_FAULT_EVERY_KIND=${STRATA_FAULT_EVERY_KIND:-1}  # killed connections in every command-fault loop (CI: where not covered elsewhere)

status=0
for round in $(seq 1 "$rounds"); do
  echo "Soak round $round of $rounds"
  dotnet test tests/Strata.FaultTests -c Release --no-build -nologo \
    --logger "trx;LogFileName=soak-$round.trx" --logger "console;verbosity=minimal" \
    --results-directory TestResults --blame-hang-timeout 30m || status=1
done
exit $status
