#!/usr/bin/env bash
# Two builds of `switchboard serve` side by side (issue 6): the same generated directory of SERVICES
# services in one SQLite file, the same case manager, bearer token and client profile, and wrk
# (2 threads, 32 connections, SECONDS a run) against each server in turn, RUNS times, for
#   POST /api/match           (Fixtures/evaluation scenario 03's client)
#   GET  /services?search=…   (eight words in turn)
# Each line: requests per second, p50 and p99, and the server's CPU per request (from
# /proc/PID/stat around the run): on shared cores the CPU per request is the steadier figure.
#
#   Benchmarks/server-ab.sh OLD_BIN NEW_BIN [SERVICES] [RUNS] [SECONDS]
#   OLD_PRELOAD=… NEW_PRELOAD=… Benchmarks/server-ab.sh BIN BIN …   (one build, two allocators: each
#     side's server runs with that library in LD_PRELOAD, e.g. /usr/lib/x86_64-linux-gnu/libjemalloc.so.2)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN [SERVICES] [RUNS] [SECONDS]" >&2; exit 2; }
old=$(realpath "$1"); new=$(realpath "$2")
SERVICES=${3:-100000}; RUNS=${4:-3}; SECONDS_EACH=${5:-10}
export SWITCHBOARD_HOME=$PWD
source Benchmarks/load-setup.sh
load_workdir ab
load_directory "$new" "$work" "$SERVICES"
load_profile "$work"
PORT=$(free_port)

# One wrk run against BIN: prints requests/s, p50, p99 and the server's CPU per request.
measure() {
  local bin=$1 what=$2 preload=$3
  PRELOAD=$preload load_server "$bin" "$work" "$PORT" ab
  export PROFILE="$work/profile.json"
  curl -fs -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' --data @"$work/profile.json" "$B/api/match" >/dev/null
  load_wrk "$work/wrk.out" -t2 -c32 -d"${SECONDS_EACH}s" -s "Benchmarks/server-load-$what.lua" "$B"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  printf '%9.1f req/s  p50 %9s  p99 %9s  server CPU %s ms a request\n' "$rate" "$p50" "$p99" "$server_ms"
}

for lib in ${OLD_PRELOAD:-} ${NEW_PRELOAD:-}; do [ -f "$lib" ] || { echo "no such library to preload: $lib" >&2; exit 2; }; done
echo "== old: $old${OLD_PRELOAD:+ with $OLD_PRELOAD}; new: $new${NEW_PRELOAD:+ with $NEW_PRELOAD}"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for what in match search; do
  for run in $(seq 1 "$RUNS"); do
    # Assigned first: a void run's failure then stops the script (set -e), as it would not inside echo's words.
    line=$(measure "$old" "$what" "${OLD_PRELOAD:-}"); echo "$what, run $run: old $line"
    line=$(measure "$new" "$what" "${NEW_PRELOAD:-}"); echo "$what, run $run: new $line"
  done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
