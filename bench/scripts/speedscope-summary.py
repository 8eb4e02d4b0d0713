#!/usr/bin/env python3
# Where a node's threads spent a dotnet-trace: inclusive and exclusive time per frame over every thread of a speedscope
# file (`dotnet-trace convert --format Speedscope x.nettrace`), as a share of all sampled thread time outside waits.
# Usage: bench/scripts/speedscope-summary.py x.speedscope.json [rows, default 40] [substring a frame must hold to count]
import json, sys, collections

data = json.load(open(sys.argv[1]))
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 40
only = sys.argv[3] if len(sys.argv) > 3 else None
frames = [f['name'] for f in data['shared']['frames']]
# Time a thread spends blocked is sampled too (thread time); leave out stacks whose leaf waits.
waiting = ('WaitHandle', 'Monitor.Wait', 'SemaphoreSlim.Wait', 'Thread.Sleep', 'LowLevelLifoSemaphore', 'WaitOne',
           'epoll_wait', 'PortableThreadPool+GateThread', 'UNMANAGED_CODE_TIME', 'CPU_TIME')
inclusive = collections.Counter()
exclusive = collections.Counter()
total = 0.0
for profile in data['profiles']:
    stack = []
    last = None
    for event in profile.get('events', []):
        at = event['at']
        if last is not None and stack and at > last:
            leaf = frames[stack[-1]]
            if not any(w in leaf for w in waiting) and (only is None or any(only in frames[f] for f in stack)):
                span = at - last
                total += span
                exclusive[leaf] += span
                for name in {frames[f] for f in stack}:
                    inclusive[name] += span
        last = at
        if event['type'] == 'O':
            stack.append(event['frame'])
        elif stack:
            stack.pop()

print(f'busy thread time {total:.0f} {data["profiles"][0].get("unit", "")}' + (f' (stacks holding "{only}")' if only else ''))
print('inclusive:')
for name, span in inclusive.most_common(rows):
    print(f'{100 * span / total:6.1f} %  {name[:160]}')
print('exclusive:')
for name, span in exclusive.most_common(rows // 2):
    print(f'{100 * span / total:6.1f} %  {name[:160]}')
