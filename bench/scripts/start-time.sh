#!/usr/bin/env bash
# Start-up time of two builds, side by side: seconds from `rapport serve` to the first 200 from /health, and the node's
# CPU seconds by then, on the demo database (seeded once per build beforehand, so every timed start is a restart of
# an up-to-date database, as after a deploy or a crash). Alternates the builds ROUNDS times (default 3).
#
#   bench/scripts/start-time.sh BEFORE_DLL AFTER_DLL
#
# Run it under the heavy lock on a quiet machine; it prints the load average after each pair.
set -euo pipefail
before=$1 after=$2
rounds=${ROUNDS:-3}
port=${PORT:-57390}
work=$(mktemp -d /tmp/start-time.XXXXXX)
trap 'rm -rf "$work"' EXIT

start() { # $1 = dll, $2 = folder; prints "seconds cpu-seconds"
  local pid began ended cpu
  began=$(date +%s.%N)
  (cd "$2" && ASPNETCORE_URLS=http://127.0.0.1:$port Logging__LogLevel__Default=Warning Rapport__Demo__Seed=true \
    exec dotnet "$1" serve >"$2/node.log" 2>&1) &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    kill -0 "$pid" 2>/dev/null || { echo "the node stopped; see $2/node.log" >&2; exit 1; }
    sleep 0.05
  done
  ended=$(date +%s.%N)
  cpu=$(awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '%.2f %s\n' "$(echo "$ended - $began" | bc)" "$cpu"
}

for label in before after; do
  mkdir -p "$work/$label"
  start "${!label}" "$work/$label" >/dev/null # first start: migrate and seed
done

echo "round  build   to /health (s)  node CPU (s)  load (1 min)"
for round in $(seq 1 "$rounds"); do
  for label in before after; do
    read -r seconds cpu < <(start "${!label}" "$work/$label")
    printf '%5s  %-6s  %14s  %12s  %s\n' "$round" "$label" "$seconds" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
