#!/usr/bin/env bash
# The main pages in chromium (`rapport-load pages`) against a node running in its own process, on a fresh data directory.
#
#   bench/scripts/pages.sh                     # the demo organisation (seeded at first start)
#   CUSTOMERS=1000000 bench/scripts/pages.sh   # `generate` that many customers (seed 42) first; the demo goes on top
#   DATA=/tmp/pages-1m bench/scripts/pages.sh  # copy a prepared data directory (kept from an earlier run) instead
#
# Other variables: BUILD=0 skips the Release build; RAPPORT_DLL runs another build of the app (a "before" side by side);
# RUNS (20) and WARMUP (2) rounds; PORT (5190); EMAIL (agent@rapport.demo); TRACE=file.json also writes a chromium
# trace of one more full load of the inbox; KEEP=1 keeps the work directory, whose
# data/ can then be given as DATA. Every node starts with demo seeding on: on a database without users (fresh, or just
# generated) it seeds the demo organisation, its 200 customers, conversations and cases, and rolls up the dashboards.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
customers=${CUSTOMERS:-0} port=${PORT:-5190}
if [ "${BUILD:-1}" = 1 ]; then
  dotnet build "$root/src/Rapport" -c Release -v q -nologo >/dev/null
  dotnet build "$root/bench/Rapport.Load" -c Release -v q -nologo >/dev/null
fi
app=${RAPPORT_DLL:-$root/src/Rapport/bin/Release/net10.0/rapport.dll}
load=$root/bench/Rapport.Load/bin/Release/net10.0/rapport-load.dll
work=$(mktemp -d /tmp/pages.XXXXXX)
mkdir -p "$work/data"
export Rapport__Database__Provider=Sqlite Rapport__Database__ConnectionString="Data Source=$work/data/rapport.db"

if [ -n "${DATA:-}" ]; then
  cp "$DATA"/rapport.db* "$work/data/"
elif [ "$customers" -gt 0 ]; then
  echo "generate $customers customers: $( { /usr/bin/time -f '%e s' dotnet "$load" generate --provider sqlite \
    --connection "Data Source=$work/data/rapport.db" --customers "$customers" --seed 42 --samples "$work/samples.tsv" >/dev/null; } 2>&1 )"
fi

(cd "$work" && Rapport__Demo__Seed=true Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  exec dotnet "$app" --urls "http://127.0.0.1:$port" >"$work/node.log" 2>&1) &
node=$!
stop() { kill "$node" 2>/dev/null || true; wait "$node" 2>/dev/null || true; }
trap stop EXIT
started=$(date +%s)
until curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
  if ! kill -0 "$node" 2>/dev/null || [ $(( $(date +%s) - started )) -gt 900 ]; then
    echo "the node did not become healthy" >&2; cat "$work/node.log" >&2; exit 1
  fi
  sleep 0.5
done
echo "node healthy after $(( $(date +%s) - started )) s; database $(du -h "$work/data/rapport.db" | cut -f1); app $app"
echo "uptime before: $(uptime)"
dotnet "$load" pages --url "http://127.0.0.1:$port" --email "${EMAIL:-agent@rapport.demo}" --runs "${RUNS:-20}" --warmup "${WARMUP:-2}" \
  ${TRACE:+--trace "$TRACE"}
echo "uptime after: $(uptime)"
stop
trap - EXIT
if [ "${KEEP:-0}" = 1 ]; then echo "data in $work/data"; else rm -rf "$work"; fi
