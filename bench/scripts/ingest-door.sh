#!/usr/bin/env bash
# The ingestion door measured as in docs/performance.md ("Ingestion's front door"): one generated database copied
# fresh for every run, a new node per run, before and after builds alternating, then the door alone and the
# processor alone.
#
#   bench/scripts/ingest-door.sh BEFORE_DLL AFTER_DLL [CUSTOMERS]
set -euo pipefail
before=$1 after=$2 customers=${3:-100000}
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/bench/scripts/journal.sh"
load=$root/bench/Rapport.Load/bin/Release/net10.0/rapport-load.dll
work=$(mktemp -d /tmp/ingest-door.XXXXXX)
export Rapport__Demo__Seed=false DOTNET_gcServer=1

mkdir -p "$work/seed/data"
seed_cs="Data Source=$work/seed/data/rapport.db"
(cd "$work/seed" && Rapport__Database__ConnectionString="$seed_cs" dotnet "$before" migrate >/dev/null)
dotnet "$load" generate --provider sqlite --connection "$seed_cs" --customers "$customers" --seed 42 --samples "$work/samples.tsv" >/dev/null
(cd "$work/seed" && Rapport__Database__ConnectionString="$seed_cs" dotnet "$before" seed-demo --customers 0 >/dev/null)
(cd "$work/seed" && Rapport__Database__ConnectionString="$seed_cs" dotnet "$before" token create --email admin@rapport.demo --name bench) >"$work/token"

start() { # $1 = dll, $2 = label, env from the caller
  rm -rf "$work/$2"; mkdir -p "$work/$2"; cp -r "$work/seed/data" "$work/$2/"
  (cd "$work/$2" && Rapport__Database__ConnectionString="Data Source=$work/$2/data/rapport.db" exec dotnet "$1" --urls http://127.0.0.1:5191 >node.log 2>&1) &
  echo $! >"$work/$2/pid"
  for _ in $(seq 1 120); do curl -fs http://127.0.0.1:5191/health >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "node $2 did not start" >&2; return 1
}
stop() { kill "$(cat "$work/$1/pid")" 2>/dev/null || true; wait "$(cat "$work/$1/pid")" 2>/dev/null || true; }
cpu() { awk '{print $14+$15}' "/proc/$(cat "$work/$1/pid")/stat"; }

run() { # $1 = dll, $2 = label, $3 = load args
  start "$1" "$2"
  local c0; c0=$(cpu "$2")
  echo "== $2 | $3 | load $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086
  dotnet "$load" run --url http://127.0.0.1:5191 --token "$(cat "$work/token")" --samples "$work/samples.tsv" $3 || true
  echo "   server CPU during the run (incl. warm-up): $(( ($(cpu "$2") - c0) * 10 )) ms"
  if [ "${Rapport__Ingestion__Process:-true}" != false ]; then
    journal_drained "$work/$2/data/rapport.db"
  fi
  stop "$2"
}

args="--scenario ingest --respond-async --concurrency 64 --duration 15s --warmup 20s"
for _ in 1 2; do run "$before" before "$args"; run "$after" after "$args"; done
Rapport__Ingestion__Process=false run "$after" ack-only "$args"
run "$before" before "--scenario ingest --concurrency 64 --duration 15s --warmup 20s"
run "$after" after "--scenario ingest --concurrency 64 --duration 15s --warmup 20s"

# The processor alone: a node started on the journal the acknowledge-only run left behind.
db=$work/ack-only/data/rapport.db
left() { journal_left "$db"; }
(cd "$work/ack-only" && Rapport__Database__ConnectionString="Data Source=$db" exec dotnet "$after" --urls http://127.0.0.1:5191 >drain.log 2>&1) &
pid=$!
for _ in $(seq 1 120); do curl -fs http://127.0.0.1:5191/health >/dev/null 2>&1 && break; sleep 0.5; done
t0=$(date +%s.%N) n0=$(left) c0=$(awk '{print $14+$15}' "/proc/$pid/stat") n=$n0
echo "== drain | to process: $n0 | load $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 60); do sleep 5; n=$(left); [ "$n" = 0 ] && break; done
t1=$(date +%s.%N) c1=$(awk '{print $14+$15}' "/proc/$pid/stat")
echo "   processed $((n0 - n)) in $(echo "$t1 - $t0" | bc) s; node CPU $(( (c1 - c0) * 10 )) ms"
kill $pid; wait $pid 2>/dev/null || true
