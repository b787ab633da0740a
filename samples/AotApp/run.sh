#!/usr/bin/env bash
# Publishes the sample twice, as native AOT and as a JIT (framework-dependent) build, runs each several times and reports the
# median start-up (launch to a database opened and migrated), first-query time (the first statement mapped to a class) and whole
# run (launch to exit, every query of the sample included).
# Usage: samples/AotApp/run.sh [url] [runs]   (url defaults to a SQLite file in a temporary folder; runs to 7)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
url="${1:-}"
runs="${2:-7}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if ! command -v clang >/dev/null; then
  echo "Native AOT needs a C toolchain: apt-get install -y clang zlib1g-dev" >&2
  exit 1
fi

echo "Publishing native AOT build..."
dotnet publish "$here/AotApp.csproj" -c Release -o "$out/aot" -v quiet -nologo >/dev/null
echo "Publishing native AOT build without the source generator (mapping by reflection)..."
dotnet publish "$here/AotApp.csproj" -c Release -p:StrataGenerator=false -o "$out/aot-reflection" -v quiet -nologo >/dev/null
echo "Publishing JIT build..."
dotnet publish "$here/AotApp.csproj" -c Release -p:PublishAot=false -o "$out/jit" -v quiet -nologo >/dev/null

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

measure() {
  local name="$1" exe="$2" startups=() firsts=() walls=()
  for ((i = 0; i < runs; i++)); do
    local work; work="$(mktemp -d -p "$out")"
    local target="${url:-sqlite:$work/aotapp.db}"
    local begin end line
    begin=$(date +%s%N)
    line="$(cd "$work" && AOTAPP_LAUNCHED_NS="$begin" "$exe" "$target" | grep '^timing:')"
    end=$(date +%s%N)
    startups+=("$(sed -E 's/.*startup_ms=([0-9.]+).*/\1/' <<<"$line")")
    firsts+=("$(sed -E 's/.*first_query_ms=([0-9.]+).*/\1/' <<<"$line")")
    walls+=("$(( (end - begin) / 1000000 ))")
  done
  printf '%-6s start-up %8s ms   first query %7s ms   whole run %6s ms   (median of %d)\n' "$name" \
    "$(printf '%s\n' "${startups[@]}" | median)" "$(printf '%s\n' "${firsts[@]}" | median)" "$(printf '%s\n' "${walls[@]}" | median)" "$runs"
}

"$out/aot/AotApp" "${url:-sqlite:$out/check-aot.db}" | head -1
"$out/jit/AotApp" "${url:-sqlite:$out/check-jit.db}" | head -1
measure "AOT" "$out/aot/AotApp"
measure "AOT-R" "$out/aot-reflection/AotApp"
measure "JIT" "$out/jit/AotApp"
echo "AOT-R is the native AOT build without the source generator."
echo "AOT binary: $(du -h "$out/aot/AotApp" | cut -f1) (plus libe_sqlite3.so); JIT build: $(du -sh "$out/jit" | cut -f1), framework-dependent"
