#!/usr/bin/env bash
# Two builds' matcher side by side, without a server (issue 6): the load benchmarks' profile
# (Fixtures/evaluation scenario 03) matched and answered MATCHES times on a generated
# 100,000-service directory by `switchboard bench matching`, each build in turn, ROUNDS rounds,
# pinned with taskset to CORE.
#
# A core of this shared machine runs memory-bound work up to twice as slowly for minutes at a
# time (Benchmarks/per-core.sh), which swamps a change of a tenth. So each run's match p50 is
# also given over its own answer p50: the answer's writer is the same in both builds (check that
# yours is), so it measures how fast the core ran in that minute, and the quotient keeps most of
# the matcher's own change. Most, not all: in a slow spell the answer can slow more than the match
# (the quotient then falls by up to a tenth), so read the rounds that ran in the same spell side by
# side too (an answer p50 of about 0.08 ms on a fast core here, 0.13-0.15 on a slow one). The
# summary gives the medians of both figures and their ratios, new over old.
#
#   Benchmarks/match-ab.sh OLD_BIN NEW_BIN [ROUNDS] [MATCHES] [CORE]
#   Benchmarks/match-ab.sh /tmp/old/switchboard .build/release/switchboard 4 4000 0
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN [ROUNDS] [MATCHES] [CORE]" >&2; exit 2; }
old=$(realpath "$1"); new=$(realpath "$2")
ROUNDS=${3:-4}; MATCHES=${4:-4000}; CORE=${5:-0}
for bin in "$old" "$new"; do [ -x "$bin" ] || { echo "$bin: not an executable" >&2; exit 2; }; done
source Benchmarks/match-bench.sh
export SWITCHBOARD_HOME=$PWD
results=$(mktemp)
trap 'rm -f "$results"' EXIT
echo "== old $old; new $new; core $CORE; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for side in old new; do
    bin=$old; [ "$side" = new ] && bin=$new
    bench_match "$bin" "$CORE" "$MATCHES"
    echo "$side $match_p50 $answer_p50" >>"$results"
    python3 -c "print(f'round $round, $side: match p50 $match_p50 ms, answer p50 $answer_p50 ms, match/answer {$match_p50 / $answer_p50:.2f}')"
  done
done
python3 - "$results" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def medians(side):
    picked = [(float(m), float(a)) for s, m, a in rows if s == side]
    return statistics.median(m for m, _ in picked), statistics.median(m / a for m, a in picked)
(om, oq), (nm, nq) = medians("old"), medians("new")
print(f"medians: old match p50 {om:.3f} ms, match/answer {oq:.2f}; new {nm:.3f} ms, {nq:.2f}")
print(f"new/old: match p50 {nm / om:.2f}x, match/answer {nq / oq:.2f}x (below 1: the new build matches faster)")
EOF
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
