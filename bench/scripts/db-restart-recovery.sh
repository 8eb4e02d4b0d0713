#!/usr/bin/env bash
# Measures how a running node lives through a real PostgreSQL restart: a cluster of its own (initdb on a spare port,
# started as the postgres user), one Rapport node on it, then ROUNDS times `pg_ctl restart -m fast` (and one
# `-m immediate`, a crash: the server does crash recovery on start) while a client polls every 50 ms:
#   - GET /health and GET /api/v1/customers?limit=1 (a read with the bearer token),
#   - POST /api/v1/inbound-messages (a write: journalled and processed).
# For each round it prints how long requests failed, how they failed (status codes seen), and the seconds from the
# server accepting connections again (pg_isready) to the node's first 200/201 on each path, without a node restart.
#
#   bench/scripts/db-restart-recovery.sh RAPPORT_DLL [ROUNDS]
set -euo pipefail
dll=$1 rounds=${2:-3}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
port=${PG_PORT:-55610}
work=$(mktemp -d /tmp/db-restart.XXXXXX)
chown postgres "$work"
pgdata=$work/pgdata
export Rapport__Demo__Seed=false

runuser -u postgres -- "$pgbin/initdb" -D "$pgdata" -A trust -U postgres >/dev/null
pgctl() { runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -o "-p $port -k $work" -l "$work/pg.log" "$@" >/dev/null; }
pgctl start -w
trap 'kill "$(cat "$work/pid" 2>/dev/null)" 2>/dev/null || true; pgctl stop -m immediate || true' EXIT

cs="Host=127.0.0.1;Port=$port;Username=postgres;Database=rapport"
app() { (cd "$work" && Rapport__Database__Provider=PostgreSql Rapport__Database__ConnectionString="$cs" dotnet "$dll" "$@"); }
runuser -u postgres -- "$pgbin/psql" -h 127.0.0.1 -p "$port" -qc "CREATE DATABASE rapport" postgres
app migrate >/dev/null
app seed-demo --customers 20 >/dev/null
token=$(app token create --email admin@rapport.demo --name recovery)
(cd "$work" && Rapport__Database__Provider=PostgreSql Rapport__Database__ConnectionString="$cs" \
  exec dotnet "$dll" --urls http://127.0.0.1:5193 >"$work/node.log" 2>&1) &
echo $! >"$work/pid"
for _ in $(seq 1 240); do curl -fs http://127.0.0.1:5193/health >/dev/null 2>&1 && break; sleep 0.5; done

now() { date +%s.%N; }
read_status() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:5193/api/v1/customers?limit=1"; }
write_status() {
  curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"channel\":\"email\",\"providerMessageId\":\"<restart-$1-$RANDOM$RANDOM@recovery.test>\",\"from\":{\"email\":\"ann.recovery@example.com\",\"name\":\"Ann\"},\"text\":\"Still there?\"}" \
    http://127.0.0.1:5193/api/v1/inbound-messages
}

accepted=0
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 $((rounds + 1))); do
  mode=fast; [ "$round" -gt "$rounds" ] && mode=immediate
  [ "$(read_status)" = 200 ] || { echo "node not answering before round $round" >&2; exit 1; }
  start=$(now)
  pgctl restart -m "$mode" -w &
  restarter=$!
  ready="" read_ok="" write_ok="" seen=""
  n=0
  while [ -z "$read_ok" ] || [ -z "$write_ok" ]; do
    t=$(now)
    if [ -z "$ready" ] && ! kill -0 "$restarter" 2>/dev/null && "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$port"; then ready=$t; fi
    r=$(read_status); w=$(write_status "$round-$n"); n=$((n + 1))
    { [ "$w" = 201 ] || [ "$w" = 200 ]; } && accepted=$((accepted + 1))
    seen="$seen $r/$w"
    [ -n "$ready" ] && [ -z "$read_ok" ] && [ "$r" = 200 ] && read_ok=$(now)
    [ -n "$ready" ] && [ -z "$write_ok" ] && { [ "$w" = 201 ] || [ "$w" = 200 ]; } && write_ok=$(now)
    awk -v s="$start" -v t="$t" 'BEGIN { exit !(t - s > 120) }' && { echo "round $round: no recovery in 120 s" >&2; exit 1; }
    sleep 0.05
  done
  wait "$restarter"
  codes=$(tr ' ' '\n' <<<"$seen" | grep -v '^$' | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
  awk -v m="$mode" -v s="$start" -v p="$ready" -v r="$read_ok" -v w="$write_ok" -v c="$codes" 'BEGIN {
    printf "restart -m %-9s  postgres back after %5.2f s | first 200 read +%.2f s, first write +%.2f s after pg_isready | read/write codes seen: %s\n",
      m, p - s, r - p, w - p, c }'
done
sleep 2 # the last accepted write may still be in processing (201 means processed; 202 would be journalled)
stored=$("$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -d rapport -tAc "SELECT count(*) FROM messages WHERE \"ProviderMessageId\" LIKE '<restart-%'")
echo "writes acknowledged: $accepted, stored: $stored"
[ "$accepted" = "$stored" ] || { echo "an acknowledged write was not stored (or one refused was)" >&2; exit 1; }
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -c "database is unavailable\|database-unavailable" "$work/node.log" | sed 's/^/node log lines about the outage: /' || true
