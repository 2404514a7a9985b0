#!/usr/bin/env bash
# How fast each core of this machine runs the matcher right now (issue 6): the load benchmarks'
# profile (Fixtures/evaluation scenario 03) matched and answered N times on a generated
# 100,000-service directory, `switchboard bench matching` pinned with taskset to one core at a
# time, ROUNDS rounds in turn. Each line gives the match's and the answer's p50 and mean.
#
# On a shared virtual machine a core can run this memory-bound work up to twice as slowly as its
# twin for minutes at a time, while a compute-bound loop (`openssl speed sha256`) runs the same
# on both. Run it beside a server benchmark to see which of its figures met a slow core.
#
#   Benchmarks/per-core.sh [ROUNDS] [MATCHES]
#   SWITCHBOARD_BIN=.build/release/switchboard Benchmarks/per-core.sh 2 5000
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-2}; MATCHES=${2:-5000}
source Benchmarks/switchboard-bin.sh
command -v taskset >/dev/null || { echo "taskset is missing: apt-get install util-linux" >&2; exit 1; }
export SWITCHBOARD_HOME=$PWD
cores=$(nproc)
echo "== $cores cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for core in $(seq 0 $((cores - 1))); do
    out=$(taskset -c "$core" "$bin" bench matching --profile Fixtures/evaluation/scenarios/03-family-eviction-spanish.json \
      --profiles "$MATCHES" --only match --needs-one-at-a-time)
    match=$(echo "$out" | sed -nE 's/^match x [0-9]+: p50 ([0-9.]+) ms.*mean ([0-9.]+) ms.*/p50 \1 ms, mean \2 ms/p')
    answer=$(echo "$out" | sed -nE 's/^match answer as JSON x [0-9]+: p50 ([0-9.]+) ms.*mean ([0-9.]+) ms.*/p50 \1 ms, mean \2 ms/p')
    [ -n "$match" ] && [ -n "$answer" ] || { echo "the bench printed no timings:" >&2; echo "$out" >&2; exit 1; }
    echo "round $round, core $core: match $match; answer $answer"
  done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
