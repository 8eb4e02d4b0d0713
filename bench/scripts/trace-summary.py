#!/usr/bin/env python3
# Sums a chromium trace (rapport-load pages --trace) by event name over the renderer main threads (CrRendererMain):
# where the browser spent a page load. Usage: bench/scripts/trace-summary.py trace.json
import json, sys, collections
d = json.load(open(sys.argv[1]))
ev = d['traceEvents'] if isinstance(d, dict) else d
names = {}
for e in ev:
    if e.get('name') == 'thread_name':
        names[(e['pid'], e['tid'])] = e['args']['name']
main = [k for k, v in names.items() if v == 'CrRendererMain']

tot = collections.Counter(); cnt = collections.Counter()
for k in main:
    xs = [e for e in ev if (e.get('pid'), e.get('tid')) == k and e.get('ph') == 'X' and 'dur' in e]
    if not xs: continue
    t0 = min(e['ts'] for e in xs)
    busy = sum(e['dur'] for e in xs if e['name'] in ('RunTask', 'ThreadControllerImpl::RunTask'))
    print('renderer', k, 'events', len(xs), 'RunTask busy ms', busy / 1000)
    for e in xs:
        tot[e['name']] += e['dur']; cnt[e['name']] += 1
for n, v in tot.most_common(25):
    print(f'{v/1000:8.1f} ms  x{cnt[n]:<5} {n}')
