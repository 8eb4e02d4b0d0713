#!/usr/bin/env python3
# The renderer main threads' tasks of a chromium trace in time order (ms from the first navigationStart), each with its
# longest inner events: where a page load's time went, step by step (trace-summary.py only sums).
# Usage: bench/scripts/trace-timeline.py trace.json [min task ms, default 2]
import json, sys, collections
d = json.load(open(sys.argv[1])); ev = d['traceEvents'] if isinstance(d, dict) else d
names = {(e['pid'], e['tid']): e['args']['name'] for e in ev if e.get('name') == 'thread_name'}
pn = {e['pid']: e['args']['name'] for e in ev if e.get('name') == 'process_name'}
# navigation start marks
marks = [e for e in ev if e.get('name') in ('navigationStart','domContentLoadedEventEnd','loadEventEnd','firstContentfulPaint','firstMeaningfulPaint','responseEnd','domInteractive','fetchStart','responseStart','MarkDOMContent','MarkLoad','firstPaint')]
t0 = None
for e in sorted(marks, key=lambda e: e['ts']):
    if e['name']=='navigationStart' and t0 is None: t0=e['ts']
t0 = t0 or min(e['ts'] for e in ev if 'ts' in e and e['ts']>0)
for e in sorted(marks, key=lambda e: e['ts']):
    print(f"{(e['ts']-t0)/1000:8.1f} mark {e['name']} pid {e['pid']} {names.get((e['pid'],e['tid']))}")
thr = float(sys.argv[2]) if len(sys.argv)>2 else 2
for k, v in names.items():
    if v != 'CrRendererMain': continue
    xs = sorted([e for e in ev if (e.get('pid'), e.get('tid')) == k and e.get('ph') == 'X' and 'dur' in e], key=lambda e: e['ts'])
    tops = [e for e in xs if e['name'] == 'ThreadControllerImpl::RunTask' and e['dur'] >= thr*1000]
    if not tops: continue
    print('renderer', k, pn.get(k[0]), 'busy', sum(e['dur'] for e in xs if e['name']=='ThreadControllerImpl::RunTask')/1000)
    for t in tops:
        kids = collections.Counter()
        for e in xs:
            if e['ts'] >= t['ts'] and e['ts'] + e['dur'] <= t['ts'] + t['dur'] and e is not t and e['name'] not in ('RunTask','ThreadControllerImpl::RunTask'):
                kids[e['name']] = max(kids[e['name']], e['dur'])
        top = ', '.join(f"{n} {v/1000:.1f}" for n, v in kids.most_common(4))
        print(f"  {(t['ts']-t0)/1000:8.1f} +{t['dur']/1000:6.1f}  {top}")
