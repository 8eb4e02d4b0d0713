#!/usr/bin/env python3
"""The FTS5 statement of the customer name search (CustomerNameSearch on SQLite) for sampled names, timed in one process.

    bench/scripts/name-search-fts.py DB SAMPLES [COUNT]

DB is a generated SQLite database, SAMPLES the load tool's samples file (its "hit name" rows are the names searched, as
the `search` scenario searches them). Each name's words become the statement the node sends (every word a quoted word
start, all required, LIMIT 2001); prints mean, p50, p95 and the slowest names. Run it with the SQLite the app ships
(SQLitePCLRaw's e_sqlite3), not the system's, as FTS5 differs between versions:

    mkdir -p /tmp/esq && ln -sf $PWD/src/Rapport/bin/Release/net10.0/runtimes/linux-x64/native/libe_sqlite3.so /tmp/esq/libsqlite3.so.0
    LD_LIBRARY_PATH=/tmp/esq bench/scripts/name-search-fts.py /tmp/s1m/rapport.db /tmp/s1m/samples-1m.tsv
"""
import sqlite3
import sys
import time

db = sqlite3.connect(sys.argv[1])
count = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
names = [line.rstrip("\n").split("\t")[2].lower() for line in open(sys.argv[2]) if line.startswith("hit\tname\t")][:count]
definition = db.execute("SELECT sql FROM sqlite_master WHERE name = 'customer_fts'").fetchone()[0]
print(f"SQLite {sqlite3.sqlite_version}; {definition}")

statement = "SELECT c.\"Id\" FROM customers c WHERE c.rowid IN (SELECT rowid FROM customer_fts WHERE customer_fts MATCH ? LIMIT 2001)"
timed = []
for name in names:
    words = [w for w in name.split(" ") if any(ch.isalnum() for ch in w)]
    match = " AND ".join('Name : "%s"*' % w.replace('"', '""') for w in words)
    db.execute(statement, (match,)).fetchall()  # once to warm the pages
    started = time.perf_counter()
    db.execute(statement, (match,)).fetchall()
    timed.append((time.perf_counter() - started, name))

timed.sort()
total = sum(t for t, _ in timed)
ms = lambda t: f"{t * 1000:.2f} ms"
print(f"{len(timed)} names: mean {ms(total / len(timed))}, p50 {ms(timed[len(timed) // 2][0])}, p95 {ms(timed[int(len(timed) * 0.95)][0])}, "
      f"max {ms(timed[-1][0])}; the slowest 5 % take {sum(t for t, _ in timed[int(len(timed) * 0.95):]) / total:.0%} of the time")
for t, name in timed[-5:]:
    print(f"  {ms(t)}  {name}")
