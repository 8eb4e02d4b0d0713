#!/usr/bin/env bash
# The message search's statements one at a time in the sqlite3 shell, the old shape (best 80 by rank, word starts)
# against the new (newest 40 by rowid, whole words; then word starts), on a generated database:
#
#   bench/scripts/search-statements.sh DB        (TIMINGS_ONLY=1 leaves out the query plans)
set -euo pipefail
db=$1
q() { # $1 label, $2 sql
  echo "-- $1"
  printf '.timer on\n%s;\n' "$2" | sqlite3 "$db" | tr '\n' ' '; echo
}
cols='m."Id", m.rowid, m."ConversationId", substr(m."Text", 1, 2000), m."At"'
if [ -z "${TIMINGS_ONLY:-}" ]; then
  echo "== EXPLAIN QUERY PLAN, new shape"
  sqlite3 "$db" "EXPLAIN QUERY PLAN SELECT $cols FROM message_fts JOIN messages m ON m.rowid = message_fts.rowid WHERE message_fts MATCH '\"refund\"' AND message_fts.rowid < 9223372036854775807 ORDER BY message_fts.rowid DESC LIMIT 40"
  echo "== EXPLAIN QUERY PLAN, old shape"
  sqlite3 "$db" "EXPLAIN QUERY PLAN SELECT $cols FROM message_fts JOIN messages m ON m.rowid = message_fts.rowid WHERE message_fts MATCH '\"refund\"*' ORDER BY rank LIMIT 80"
fi
for t in "1234567" "refund" "working days" "bench" "refun"; do
  whole=$(for w in $t; do printf '"%s" ' "$w"; done)
  prefix=$(for w in $t; do printf '"%s"* ' "$w"; done)
  echo "== $t"
  q "matches (whole words)" "SELECT count(*) FROM message_fts WHERE message_fts MATCH '$whole'"
  q "new: whole words, newest 40" "SELECT count(*) FROM (SELECT $cols FROM message_fts JOIN messages m ON m.rowid = message_fts.rowid WHERE message_fts MATCH '$whole' AND message_fts.rowid < 9223372036854775807 ORDER BY message_fts.rowid DESC LIMIT 40)"
  q "new: word starts, newest 40 (only when whole words gave fewer than a page)" "SELECT count(*) FROM (SELECT $cols FROM message_fts JOIN messages m ON m.rowid = message_fts.rowid WHERE message_fts MATCH '$prefix' AND message_fts.rowid < 9223372036854775807 ORDER BY message_fts.rowid DESC LIMIT 40)"
  q "old: word starts, best 80 by rank" "SELECT count(*) FROM (SELECT $cols FROM message_fts JOIN messages m ON m.rowid = message_fts.rowid WHERE message_fts MATCH '$prefix' ORDER BY rank LIMIT 80)"
done
