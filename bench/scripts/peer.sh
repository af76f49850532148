#!/usr/bin/env bash
# Runs the Flowable peer (../shared/peers/flowable-bench) at the same fixed rate, on this machine,
# right after our own run: scripts/peer.sh RATE WARMUP DURATION [VARIANTS] → prints the peer's result rows (JSON
# lines), one per variant ("sync async" by default). PeerSearch runs it once per step of the sustainable-rate search.
# The peer is copied out of the read-only shared/ folder and built once; its PostgreSQL runs on 25433.
set -euo pipefail
rate=$1; warmup=${2:-20}; duration=${3:-60}; variants=${4:-sync async}
here=$(cd "$(dirname "$0")/../.." && pwd)
src=${PEER_DIR:-$here/../shared/peers/flowable-bench}
[ -d "$src" ] || { echo "[peer] no peer at $src; skipped" >&2; exit 3; }
work=${TMPDIR:-/tmp}/petitions-flowable-peer
if [ ! -f "$work/target/flowable-bench-1.0.jar" ]; then
  rm -rf "$work"; cp -r "$src" "$work"; chmod -R u+w "$work"
  rm -f "$work/results/results.jsonl"
  (cd "$work" && mvn -q -B package) >&2
fi
cd "$work"
scripts/pg.sh init >&2
scripts/pg.sh start >&2
trap 'scripts/pg.sh stop >/dev/null 2>&1 || true' EXIT
before=$( [ -f results/results.jsonl ] && wc -l < results/results.jsonl || echo 0)
for variant in $variants; do
  scripts/run.sh "ours-$variant-rate$rate" -Dvariant=$variant -Dmode=rate -Drate="$rate" -Dthreads=4 \
    -Dwarmup="$warmup" -Dduration="$duration" >&2 \
    || echo "[peer] $variant at $rate/s: the run failed or its verification did not pass (see its result row)" >&2
done
tail -n +"$((before + 1))" results/results.jsonl
