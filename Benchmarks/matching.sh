#!/usr/bin/env bash
# Search and matching on generated directories: index build time and memory, then p50/p99
# latency of 1,000 generated coordinator searches and 1,000 generated client profiles, at
# 100,000 and 1,000,000 services (issue 4; target: match p99 under 5 ms at a million).
#
#   Benchmarks/matching.sh [SERVICES ...]       (default: 100000 1000000)
#   SCRATCH_PATH=.build-match Benchmarks/matching.sh   (build in another scratch folder)
#
# Each size runs in a fresh process (generated in memory, no database), under GNU time for the
# process's peak memory. The machine is shared: every run prints the load average it met.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)

scratch=(${SCRATCH_PATH:+--scratch-path "$SCRATCH_PATH"})
swift build -c release "${scratch[@]}" --product switchboard >/dev/null
bin=$(swift build -c release "${scratch[@]}" --show-bin-path)/switchboard

for services in "${sizes[@]}"; do
  echo "== $services services, $(nproc) cores"
  /usr/bin/time -f "process: %e s wall, %U s user, %S s system, peak RSS %M KB" \
    "$bin" bench matching --services "$services" --queries 1000 --profiles 1000
done
