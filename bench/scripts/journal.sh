# Sourced by the bench scripts: a node's ingestion journal, read while the node runs. DB is a SQLite file (opened
# read-only) or a postgresql:// URI.

journal_count() { # DB [CONDITION]: journal entries (meeting the SQL condition)
  local sql="select count(*) from inbound_journal${2:+ where $2}"
  if [[ $1 == postgresql://* ]]; then psql "$1" -Atc "$sql" 2>/dev/null || echo "?"
  else sqlite3 "file:$1?mode=ro" "$sql" 2>/dev/null || echo "?"; fi
}

journal_left() { journal_count "$1" '"ProcessedAt" is null'; } # DB: entries not processed yet

# DB [SECONDS]: what a run left to process, and how long the node took to catch up once the load stopped (waits at most
# SECONDS, default 120).
journal_drained() {
  local t0 n0 n; t0=$(date +%s.%N) n0=$(journal_left "$1") n=$n0
  while [ "$n" != 0 ] && [ "$n" != "?" ] && (( $(echo "$(date +%s.%N) - $t0 < ${2:-120}" | bc) )); do sleep 0.5; n=$(journal_left "$1"); done
  echo "   journalled $(journal_count "$1"), left to process when the load stopped: $n0, processed in $(echo "$(date +%s.%N) - $t0" | bc) s after it (left: $n)"
}
