#!/usr/bin/env bash
# What a match request costs on this machine, part by part, against what a target rate allows
# (issue 6: 5,000 `POST /api/match` a second on 2 cores, wrk on the same cores). One server on a
# generated directory of SERVICES services (default 100,000), and in each of ROUNDS rounds wrk
# (2 threads, 32 connections, SECONDS a run) against, in turn:
#   GET /health                  the least any request costs
#   GET /openapi.json            a 74 KB body from memory: what sending a big answer costs
#   POST /api/match, no match    the load profile's client with a need no service answers: the
#                                request's JSON, the bearer token, the audit entry and the log
#                                line, a 176-byte answer
#   POST /api/match              the load profile (Fixtures/evaluation scenario 03): 37 KiB answers
# with the server's CPU and wrk's CPU per request; then `switchboard bench matching` on the same
# profile without a server, pinned to each core in turn (the match and its answer alone).
#
# At the end: the server CPU a match request may use at TARGET a second (the cores less what wrk
# needs at that rate, shared out), against what one costs now, and against the least one could cost
# if the server added nothing to the match and its answer beyond what they cost alone on the faster
# core: the match, the answer, sending it (the big body's cost over /health, scaled to the answer's
# size), and the request around them, either as measured (the no-match request) or as cheap as
# GET /health. wrk's CPU a request is taken at the rate it reached, not at TARGET.
#
#   Benchmarks/server-budget.sh [SERVICES] [ROUNDS] [SECONDS] [TARGET]
#   SWITCHBOARD_BIN=.build/release/switchboard Benchmarks/server-budget.sh 100000 3 8 5000
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES=${1:-100000}; ROUNDS=${2:-3}; SECONDS_EACH=${3:-8}; TARGET=${4:-5000}
export SWITCHBOARD_HOME=$PWD
source Benchmarks/load-setup.sh
load_workdir budget
source Benchmarks/switchboard-bin.sh
source Benchmarks/match-bench.sh
load_directory "$bin" "$work" "$SERVICES"
load_profile "$work"
# The same client with one need no service in the directory is classified under.
python3 -c 'import json, sys; p = json.load(open(sys.argv[1])); p["needs"] = [{"taxonomy_code": "YZ-9999.9999"}]; print(json.dumps(p))' \
  "$work/profile.json" >"$work/nomatch.json"
PORT=$(free_port)
load_server "$bin" "$work" "$PORT" budget
post() { curl -fs -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' --data @"$1" "$B/api/match"; }
answer_bytes=$(post "$work/profile.json" | wc -c)
post "$work/nomatch.json" | grep -q '"matches":\[\]' || { echo "the no-match profile found services" >&2; exit 1; }
big_bytes=$(curl -fs "$B/openapi.json" | wc -c)

# run LABEL SCRIPT PATH: one wrk run (SCRIPT may be empty for a GET of PATH); prints it and appends
# "LABEL requests/s server-ms wrk-ms" to $work/runs.
run() {
  local label=$1 script=$2 path=$3
  load_wrk "$work/wrk.out" -t2 -c32 -d"${SECONDS_EACH}s" ${script:+-s "$script"} "$B$path"
  echo "$label $rate $server_ms $wrk_ms" >>"$work/runs"
  printf '  %-16s %8.0f req/s  server CPU %s ms a request, wrk %s ms\n' "$label" "$rate" "$server_ms" "$wrk_ms"
}

echo "== $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/runs"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round"
  PROFILE="$work/profile.json" run match Benchmarks/server-load-match.lua /
  PROFILE="$work/nomatch.json" run nomatch Benchmarks/server-load-match.lua /
  run big-body "" /openapi.json
  run health "" /health
done
kill "$server"; wait "$server" 2>/dev/null || true; server=""
: >"$work/alone"
for core in $(seq 0 $(($(nproc) - 1))); do
  bench_match "$bin" "$core" 4000 "$SERVICES"
  echo "  alone on core $core: match p50 $match_p50 ms, answer p50 $answer_p50 ms"
  echo "$match_p50 $answer_p50" >>"$work/alone"
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/runs" "$work/alone" "$TARGET" "$(nproc)" "$answer_bytes" "$big_bytes" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, rate, server, wrk = line.split()
    runs.setdefault(label, []).append((float(rate), float(server), float(wrk)))
med = {k: tuple(statistics.median(x[i] for x in v) for i in range(3)) for k, v in runs.items()}
alone = min((sum(map(float, l.split())), *map(float, l.split())) for l in open(sys.argv[2]))
target, cores, answer, big = float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
print("\nmedians of the rounds:")
for k in ("match", "nomatch", "big-body", "health"):
    r, s, w = med[k]
    print(f"  {k:<10} {r:8.0f} req/s  server CPU {s:.3f} ms a request  wrk {w:.3f} ms")
budget = (cores * 1000 - target * med["match"][2]) / target
send = max(0.0, med["big-body"][1] - med["health"][1]) * answer / big
parts = alone[0] + send
print(f"\nat {target:.0f} match requests a second wrk needs {target * med['match'][2] / 1000:.2f} of the {cores} cores,")
print(f"so a match request may use {budget:.3f} ms of server CPU; it uses {med['match'][1]:.3f} now "
      f"({med['match'][0]:.0f} a second): {med['match'][1] / budget:.2f}x that.")
print(f"The match alone {alone[1]:.3f} ms, its answer alone {alone[2]:.3f}, sending its {answer} bytes {send:.3f}: {parts:.3f} ms,")
for name, around in (("the request around the match (the no-match request)", med["nomatch"][1]),
                     ("the request around the match as cheap as GET /health", med["health"][1])):
    least = around + parts
    verdict = f"{least / budget:.2f}x the budget" if least > budget else f"{budget - least:.3f} ms under the budget"
    print(f"  with {name}, {around:.3f} ms: {least:.3f} ms, {verdict}")
EOF
