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
source Benchmarks/match-bench.sh
export SWITCHBOARD_HOME=$PWD
cores=$(nproc)
echo "== $cores cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for core in $(seq 0 $((cores - 1))); do
    bench_match "$bin" "$core" "$MATCHES"
    echo "round $round, core $core: match p50 $match_p50 ms, mean $match_mean ms; answer p50 $answer_p50 ms, mean $answer_mean ms"
  done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
