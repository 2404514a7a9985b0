#!/usr/bin/env bash
# Load test of `switchboard serve` on loopback (issue 6): a generated directory of SERVICES services
# (default 100,000) in a SQLite file, then wrk at a fixed concurrency against
#   GET  /services?search=…   (coordinator search through the HSDS API; words drawn in turn)
#   POST /api/match           (a case manager's client profile, Fixtures/evaluation scenario 03)
# each for DURATION seconds, requests per second and latency percentiles (wrk --latency).
#
#   Benchmarks/server-load.sh [SERVICES] [CONNECTIONS] [DURATION]
#   SWITCHBOARD_BIN=path/to/switchboard Benchmarks/server-load.sh   # time a binary already built
#
# wrk comes from Debian (apt-get install wrk). The server and wrk share the machine's two cores,
# as they would on one small host; the load average is printed beside the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES=${1:-100000}
CONNECTIONS=${2:-32}
DURATION=${3:-20}
source Benchmarks/load-setup.sh
load_workdir load
source Benchmarks/switchboard-bin.sh
load_directory "$bin" "$work" "$SERVICES"
load_profile "$work"
PORT=$(free_port)
load_server "$bin" "$work" "$PORT" "load test"
# One request of each by hand first: a failing endpoint must not be timed as a fast one.
curl -fs -H "Authorization: Bearer $TOKEN" "$B/services?search=food&per_page=10" >/dev/null
curl -fs -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' --data @"$work/profile.json" "$B/api/match" >/dev/null

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
export PROFILE="$work/profile.json"
run() {
  echo "== $1 ($CONNECTIONS connections, 2 threads, ${DURATION}s)"
  load_wrk "$work/wrk.out" -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$2" "$B"
  sed -n '/Latency Distribution/,$p' "$work/wrk.out"
}
run "GET /services?search=…" Benchmarks/server-load-search.lua
run "POST /api/match" Benchmarks/server-load-match.lua
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
