#!/usr/bin/env bash
# Several builds (or one build with different connection settings) measured in turns, in one sitting, on one generated
# PostgreSQL database (1M customers / 10M messages, see docs/performance.md "Search at 1M customers / 10M messages on
# PostgreSQL"): each round starts a fresh node per variant, in the order given, so drift of the machine falls on every
# variant alike.
#
#   PG_URI=postgresql://… bench/scripts/search-sitting.sh "Host=…;Database=s10m" SAMPLES \
#     before=/tmp/b-before/rapport.dll after=/tmp/b-after/rapport.dll 'after-noreset=/tmp/b-after/rapport.dll;No Reset On Close=true'
#
# A variant is LABEL=DLL, optionally followed by ";" and settings appended to the connection string. ROUNDS (2) rounds;
# RUNS ("message-search 32;search 32") the scenario/concurrency pairs of each node, 20 s each after WARMUP (30 s) in the
# first. Searches as an agent (the visibility rule runs), as search-10m.sh sets up. uptime before and after every run.
#
# PROVIDER=Sqlite with TOKEN (an agent's API token already in the database): no set-up; the database is
# "Data Source=FILE", and a variant may name its own copy (settings "Data Source=OTHER" win over the first), e.g. a
# copy that a build's migration changed, next to the same data without it:
#
#   PROVIDER=Sqlite TOKEN=$(cat token) bench/scripts/search-sitting.sh "Data Source=/tmp/s1m/rapport.db" SAMPLES \
#     before=/tmp/b-before/rapport.dll 'after=/tmp/b-after/rapport.dll;Data Source=/tmp/s1m/after.db'
set -euo pipefail
db=$1 samples=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
load=${LOAD:-$root/bench/Rapport.Load/bin/Release/net10.0/rapport-load.dll}
port=${PORT:-57291}
work=$(mktemp -d /tmp/search-sitting.XXXXXX)
export Rapport__Demo__Seed=false DOTNET_gcServer=1 Rapport__Database__Provider=${PROVIDER:-PostgreSql} Rapport__Audit__AnchorMinutes=0
token=${TOKEN:-}

if [ -z "$token" ]; then
  first=${1#*=}
  first=${first%%;*}
  # The roles are made when a build migrates (a freshly generated database has none yet, and the grant below would find
  # no role to give: every search would answer 403).
  (cd "$work" && Rapport__Database__ConnectionString="$db" dotnet "$first" migrate >/dev/null)
  psql "$PG_URI" -qc "UPDATE \"AspNetUsers\" SET \"Email\" = 'bench-agent@rapport.bench', \"NormalizedEmail\" = 'BENCH-AGENT@RAPPORT.BENCH',
    \"SecurityStamp\" = md5(random()::text), \"ConcurrencyStamp\" = md5(random()::text)
    WHERE \"UserName\" LIKE 'bench-agent-0000-%';
    INSERT INTO \"AspNetUserRoles\" (\"UserId\", \"RoleId\") SELECT u.\"Id\", r.\"Id\" FROM \"AspNetUsers\" u, \"AspNetRoles\" r
    WHERE u.\"NormalizedEmail\" = 'BENCH-AGENT@RAPPORT.BENCH' AND r.\"NormalizedName\" = 'AGENT' ON CONFLICT DO NOTHING;"
  token=$(cd "$work" && Rapport__Database__ConnectionString="$db" dotnet "$first" token create --email bench-agent@rapport.bench --name search-sitting | tail -1)
fi

. "$root/bench/scripts/search-node.sh"
for round in $(seq 1 "${ROUNDS:-2}"); do
  for variant in "$@"; do
    label=${variant%%=*} rest=${variant#*=}
    dll=${rest%%;*} extra=""
    [ "$rest" != "$dll" ] && extra=";${rest#*;}"
    Rapport__Database__ConnectionString="$db$extra" measure_node "$label-$round" "$dll" "${RUNS:-message-search 32;search 32}" "${WARMUP:-30s}"
  done
done
echo "node logs in $work"
