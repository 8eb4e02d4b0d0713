#!/usr/bin/env bash
# Runs load scenarios against two builds of Rapport in one sitting, alternating, on the same generated SQLite data
# (or PostgreSQL with PROVIDER=PostgreSql, PG_ADMIN an admin connection string for the app and PG_URI the same
# server as a postgresql:// URI for psql).
#
#   bench/scripts/side-by-side.sh BEFORE_DLL AFTER_DLL "scenario args; scenario args; ..."
#
# Each build gets a copy of one generated database (CUSTOMERS, default 100000), the demo staff, and a fresh node;
# every scenario line is run against each build in turn. The load average is printed before every run.
# A line whose scenario is a yardstick one (--scenario yardstick, yardstick-json) runs once, against bench/Yardstick
# (built Release) serving the "before" copy of the data, so the yardstick is measured in the same sitting.
set -euo pipefail
before=$1 after=$2 scenarios=$3
customers=${CUSTOMERS:-100000}
provider=${PROVIDER:-Sqlite}
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/bench/scripts/journal.sh"
load=$root/bench/Rapport.Load/bin/Release/net10.0/rapport-load.dll
work=$(mktemp -d /tmp/side-by-side.XXXXXX)
export Rapport__Demo__Seed=false DOTNET_gcServer=1

connection() { # $1 = label
  if [ "$provider" = PostgreSql ]; then echo "${PG_ADMIN%Database=*}Database=bench_$1"; else echo "Data Source=$work/$1/data/rapport.db"; fi
}

prepare() { # $1 = label, $2 = dll
  mkdir -p "$work/$1/data"
  local cs; cs=$(connection "$1")
  if [ "$provider" = PostgreSql ]; then
    psql "${PG_URI}" -qc "DROP DATABASE IF EXISTS bench_$1" -c "CREATE DATABASE bench_$1" >/dev/null
  fi
  (cd "$work/$1" && Rapport__Database__Provider=$provider Rapport__Database__ConnectionString="$cs" dotnet "$2" migrate >/dev/null)
  dotnet "$load" generate --provider "${provider,,}" --connection "$cs" --customers "$customers" --seed 42 --samples "$work/samples.tsv" >/dev/null
  (cd "$work/$1" && Rapport__Database__Provider=$provider Rapport__Database__ConnectionString="$cs" dotnet "$2" seed-demo --customers 0 >/dev/null)
  (cd "$work/$1" && Rapport__Database__Provider=$provider Rapport__Database__ConnectionString="$cs" dotnet "$2" token create --email admin@rapport.demo --name bench) >"$work/$1/token"
}

serve() { # $1 = label, $2 = dll, $3 = port
  (cd "$work/$1" && Rapport__Database__Provider=$provider Rapport__Database__ConnectionString="$(connection "$1")" \
    exec dotnet "$2" --urls "http://127.0.0.1:$3" >"$work/$1/node.log" 2>&1) &
  echo $! >"$work/$1/pid"
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$3/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "node $1 did not start" >&2; cat "$work/$1/node.log" >&2; return 1
}

stop() { kill "$(cat "$work/$1/pid")" 2>/dev/null || true; wait "$(cat "$work/$1/pid")" 2>/dev/null || true; }

prepare before "$before"
prepare after "$after"
IFS=';' read -ra lines <<<"$scenarios"
yardstick=$root/bench/Yardstick/bin/Release/net10.0/yardstick.dll
for line in "${lines[@]}"; do
  if [[ $line == *yardstick* ]]; then
    (exec dotnet "$yardstick" --urls http://127.0.0.1:5191 --Database "$work/before/data/rapport.db" >"$work/yardstick.log" 2>&1) &
    pid=$!
    for _ in $(seq 1 60); do curl -fs http://127.0.0.1:5191/health >/dev/null 2>&1 && break; sleep 0.5; done
    cpu0=$(awk '{print $14+$15}' "/proc/$pid/stat")
    echo "== yardstick | $line | load $(cut -d' ' -f1-3 /proc/loadavg)"
    # shellcheck disable=SC2086
    dotnet "$load" run --url http://127.0.0.1:5191 --token - --samples "$work/samples.tsv" --server-pid "$pid" $line || true
    cpu1=$(awk '{print $14+$15}' "/proc/$pid/stat")
    echo "   server CPU during the run (incl. warm-up): $(( (cpu1 - cpu0) * 10 )) ms"
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    continue
  fi
  for label in before after; do
    dll=$before; [ "$label" = after ] && dll=$after
    serve "$label" "$dll" 5191
    pid=$(cat "$work/$label/pid")
    cpu0=$(awk '{print $14+$15}' "/proc/$pid/stat")
    echo "== $label | $line | load $(cut -d' ' -f1-3 /proc/loadavg)"
    # shellcheck disable=SC2086
    dotnet "$load" run --url http://127.0.0.1:5191 --token "$(cat "$work/$label/token")" --samples "$work/samples.tsv" --server-pid "$pid" $line || true
    cpu1=$(awk '{print $14+$15}' "/proc/$pid/stat")
    echo "   server CPU during the run (incl. warm-up): $(( (cpu1 - cpu0) * 10 )) ms"
    if [[ $line == *"--scenario ingest"* ]]; then
      if [ "$provider" = PostgreSql ]; then journal_drained "${PG_URI%/*}/bench_$label"; else journal_drained "$work/$label/data/rapport.db"; fi
    fi
    stop "$label"
  done
done
echo "data in $work"
