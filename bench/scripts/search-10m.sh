#!/usr/bin/env bash
# Message full-text search and customer name search on one generated database (1M customers / 10M messages:
# `generate` then `dashboards`, see docs/performance.md), two builds one after the other in one sitting, on the same data.
#
#   bench/scripts/search-10m.sh DB SAMPLES BEFORE_DLL AFTER_DLL
#
# DB is the SQLite file, or with PROVIDER=PostgreSql the connection string of the PostgreSQL database (psql must reach
# it as PG_URI, a postgresql:// URI of the same database). The two DLLs may be the same build (one build measured twice).
# Searches as an agent (not a supervisor: the visibility rule runs). Each build: a fresh node, 30 s of warm-up inside the first run (tiered JIT), then message-search and search at
# concurrency 4 and 32, 20 s each (RUNS_BEFORE / RUNS_AFTER: "scenario concurrency" pairs, ';'-separated). uptime before
# and after every run. A request the run started is waited for and counted, however long it takes (up to 60 s).
set -euo pipefail
db=$1 samples=$2 before=$3 after=$4
provider=${PROVIDER:-Sqlite}
root=$(cd "$(dirname "$0")/../.." && pwd)
load=${LOAD:-$root/bench/Rapport.Load/bin/Release/net10.0/rapport-load.dll}
port=${PORT:-57291}
work=$(mktemp -d /tmp/search-10m.XXXXXX)
connection=$db
[ "$provider" = Sqlite ] && connection="Data Source=$db"
# Anchoring off: each fresh node would otherwise verify the whole audit trail (1.1M entries here, ~30 s of reading) for
# its first daily anchor while the first run measures.
export Rapport__Demo__Seed=false DOTNET_gcServer=1 Rapport__Database__Provider=$provider Rapport__Database__ConnectionString="$connection" \
  Rapport__Audit__AnchorMinutes=0

# The roles are made when a build migrates (a freshly generated database has none yet, and the grant below would find
# no role to give: every search would answer 403).
(cd "$work" && dotnet "$after" migrate >/dev/null)

# `dashboards` leaves ~29,000 open promises due within its year of data, most overdue, none reminded: every node would spend its first minutes
# (40 % of its CPU on SQLite) sending their reminders, which is not search. They are moved two years on.
if [ "$provider" = Sqlite ]; then
  sqlite3 "$db" "UPDATE promises SET DueAt = (CAST(substr(DueAt, 1, 4) AS INTEGER) + 2) || substr(DueAt, 5),
    RemindAt = (CAST(substr(RemindAt, 1, 4) AS INTEGER) + 2) || substr(RemindAt, 5) WHERE Status = 'Open' AND DueAt < datetime('now', '+1 year');"
else
  psql "$PG_URI" -qc "UPDATE promises SET \"DueAt\" = \"DueAt\" + interval '2 years', \"RemindAt\" = \"RemindAt\" + interval '2 years'
    WHERE \"Status\" = 'Open' AND \"DueAt\" < now() + interval '1 year';"
fi

# `dashboards` made the staff (100 agents without roles or email), so seed-demo refuses: the first bench agent becomes an
# agent with an email, in Bench team 000 (not restricted: the rule runs and lets everything through).
if [ "$provider" = Sqlite ]; then
  sqlite3 "$db" "UPDATE AspNetUsers SET Email = 'bench-agent@rapport.bench', NormalizedEmail = 'BENCH-AGENT@RAPPORT.BENCH',
    SecurityStamp = hex(randomblob(16)), ConcurrencyStamp = hex(randomblob(16))
    WHERE UserName LIKE 'bench-agent-0000-%';
    INSERT OR IGNORE INTO AspNetUserRoles (UserId, RoleId) SELECT u.Id, r.Id FROM AspNetUsers u, AspNetRoles r
    WHERE u.NormalizedEmail = 'BENCH-AGENT@RAPPORT.BENCH' AND r.NormalizedName = 'AGENT';"
else
  psql "$PG_URI" -qc "UPDATE \"AspNetUsers\" SET \"Email\" = 'bench-agent@rapport.bench', \"NormalizedEmail\" = 'BENCH-AGENT@RAPPORT.BENCH',
    \"SecurityStamp\" = md5(random()::text), \"ConcurrencyStamp\" = md5(random()::text)
    WHERE \"UserName\" LIKE 'bench-agent-0000-%';
    INSERT INTO \"AspNetUserRoles\" (\"UserId\", \"RoleId\") SELECT u.\"Id\", r.\"Id\" FROM \"AspNetUsers\" u, \"AspNetRoles\" r
    WHERE u.\"NormalizedEmail\" = 'BENCH-AGENT@RAPPORT.BENCH' AND r.\"NormalizedName\" = 'AGENT' ON CONFLICT DO NOTHING;"
fi
token=$(cd "$work" && dotnet "$after" token create --email bench-agent@rapport.bench --name search-10m | tail -1)

. "$root/bench/scripts/search-node.sh"
runs=${RUNS_AFTER:-message-search 4;message-search 32;search 4;search 32}
measure_node before "$before" "${RUNS_BEFORE:-$runs}" 30s
measure_node after "$after" "$runs" 30s
echo "node logs in $work"
