#!/usr/bin/env python3
"""Where a service's CPU went, from a JFR recording (docs/benchmark.md, "Profiling a run").

  jfr_top.py top FILE [N] [PREFIX...]    the N hottest methods (self), then inclusive shares of our code
                                         (gov.petitions) and of any PREFIX given
  jfr_top.py under FILE METHOD [DEPTH]   what METHOD spends its samples in, DEPTH frames below it
  jfr_top.py callers FILE METHOD         which of our methods lead to METHOD

Shares are of the recording's execution samples (Java code on the CPU; not the JIT compilers, not GC, not native
code), so compare them within one recording. Needs the JDK's `jfr` on the PATH.
"""
import collections
import json
import subprocess
import sys


def samples(path):
    out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '96', '--events', 'jdk.ExecutionSample', path],
                         capture_output=True, text=True, check=True).stdout
    for event in json.loads(out)['recording']['events']:
        trace = event['values'].get('stackTrace')
        frames = trace['frames'] if trace else []
        yield [(f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name'], f.get('lineNumber'))
               for f in frames]


def ours(name):
    return name.startswith('gov.petitions') and '$$' not in name and 'ClientProxy' not in name \
        and '_Subclass' not in name and 'SmallRyeMessagingInvoker' not in name


def top(path, n=25, *prefixes):
    own, inclusive, total = collections.Counter(), collections.Counter(), 0
    for stack in samples(path):
        total += 1
        if stack:
            own[stack[0][0]] += 1
        for name in {name for name, _ in stack}:
            inclusive[name] += 1
    print(f'{path}: {total} samples\n-- self')
    for name, count in own.most_common(int(n)):
        print(f'{count * 100 / total:5.1f}% {name}')
    print('-- inclusive')
    for name, count in inclusive.most_common():
        if ours(name) or any(name.startswith(p) for p in prefixes):
            print(f'{count * 100 / total:5.1f}% {name}')


def under(path, method, depth=1):
    paths, hit, total = collections.Counter(), 0, 0
    for stack in samples(path):
        total += 1
        at = [i for i, (name, _) in enumerate(stack) if name == method]
        if not at:
            continue
        hit += 1
        below = stack[max(0, max(at) - int(depth)):max(at)][::-1]
        paths[' > '.join(f'{name}:{line}' for name, line in below) or '<self>'] += 1
    print(f'{method}: {hit} of {total} samples ({hit * 100 / max(total, 1):.1f}%)')
    for path_, count in paths.most_common(30):
        print(f'{count * 100 / total:5.1f}% {path_}')


def callers(path, method):
    found, total = collections.Counter(), 0
    for stack in samples(path):
        total += 1
        if any(name == method for name, _ in stack):
            found[next((f'{name}:{line}' for name, line in stack if ours(name)), '?')] += 1
    for caller, count in found.most_common(20):
        print(f'{count * 100 / total:5.1f}% {caller}')


if __name__ == '__main__':
    commands = {'top': top, 'under': under, 'callers': callers}
    if len(sys.argv) < 3 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](*sys.argv[2:])
