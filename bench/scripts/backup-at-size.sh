#!/usr/bin/env bash
# Times `rapport backup` and `rapport restore` on a generated SQLite database (default 1M customers with their contact
# points, profiles and notes, plus the demo staff), then runs `audit verify` on the restored copy.
#   bench/scripts/backup-at-size.sh RAPPORT_DLL [CUSTOMERS]
set -euo pipefail
dll=${1:?usage: backup-at-size.sh RAPPORT_DLL [CUSTOMERS]}
customers=${2:-1000000}
root=$(cd "$(dirname "$0")/../.." && pwd)
load=$root/bench/Rapport.Load/bin/Release/net10.0/rapport-load.dll
w=$(mktemp -d /tmp/backup-at-size.XXXXXX); mkdir -p $w/src/data $w/dst
export Rapport__Demo__Seed=false Rapport__Database__Provider=Sqlite
cd $w/src
Rapport__Database__ConnectionString="Data Source=$w/src/data/rapport.db" dotnet $dll migrate >/dev/null
echo "generate: $( { /usr/bin/time -f %e dotnet $load generate --provider sqlite --connection "Data Source=$w/src/data/rapport.db" --customers $customers --samples $w/s.tsv >/dev/null; } 2>&1 )"
Rapport__Database__ConnectionString="Data Source=$w/src/data/rapport.db" dotnet $dll seed-demo --customers 0 >/dev/null
ls -la $w/src/data/
echo "== backup, load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "wall %e s, max RSS %M KB" env Rapport__Database__ConnectionString="Data Source=$w/src/data/rapport.db" dotnet $dll backup $w/backup.zip
ls -la $w/backup.zip
cd $w/dst
echo "== restore, load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "wall %e s, max RSS %M KB" env Rapport__Database__ConnectionString="Data Source=$w/dst/data/rapport.db" dotnet $dll restore $w/backup.zip
ls -la $w/dst/data/
echo "== audit verify"
Rapport__Database__ConnectionString="Data Source=$w/dst/data/rapport.db" dotnet $dll audit verify 
