#!/usr/bin/env bash
# Two builds side by side on an unchanged AIRS re-import (issue 3's nightly case): the generator's
# AIRS file of SERVICES services (seed 11) imported once, then RUNS rounds of, in turn,
# `xmllint --stream --noout` (the floor), OLD's re-import and NEW's re-import of the same file into
# the same directory (each reports 0 changes). Each line: wall and CPU seconds, and the ratio to
# the xmllint beside it. On a shared machine compare the builds round by round.
# With `full` as the fifth argument, each build instead imports the file in full into an empty
# directory of its own every round (the first import of a feed), and the peak memory is shown.
#
#   Benchmarks/airs-reimport-ab.sh OLD_BIN NEW_BIN [SERVICES] [RUNS] [reimport|full]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN [SERVICES] [RUNS] [reimport|full]" >&2; exit 2; }
old=$(realpath "$1"); new=$(realpath "$2")
services=${3:-50000}; runs=${4:-3}; mode=${5:-reimport}
case $mode in reimport|full) ;; *) echo "the fifth argument is reimport or full, not '$mode'" >&2; exit 2 ;; esac
export SWITCHBOARD_HOME=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source Benchmarks/beside-xmllint.sh
"$new" generate --services "$services" --seed 11 --format airs --output "$work/feed.xml" >/dev/null 2>&1
[ "$mode" = full ] || "$new" import "$work/feed.xml" --feed bench --database "$work/db.sqlite" >/dev/null 2>&1

# One build's import in this round: a re-import must change nothing; a full import goes into an
# empty directory and must add every record with none rejected (a few taxonomy terms may count as
# unchanged: a chunk repeats the ancestors of the terms it first uses, for a whole tree).
import_with() { # label binary
  local db="$work/db.sqlite"
  if [ "$mode" = full ]; then db="$work/full-$1.sqlite"; rm -f "$db" "$db-wal" "$db-shm"; fi
  timed "$2" import "$work/feed.xml" --feed bench --database "$db" >"$work/result"
  if [ "$mode" = full ]; then
    grep -Eq " 0 updated, [0-9]+ unchanged, 0 retired, 0 revived, 0 rejected" "$work/out" || { echo "$1's full import:" >&2; cat "$work/out" >&2; exit 1; }
  else
    grep -q " 0 added, 0 updated" "$work/out" || { echo "$1's re-import changed records:" >&2; cat "$work/out" >&2; exit 1; }
  fi
}

echo "== $mode import, $services services, $(du -m "$work/feed.xml" | cut -f1) MB; old $old, new $new; load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  read -r xw _ xc < <(timed xmllint --stream --noout "$work/feed.xml")
  # Not in a process substitution: its checks must stop the script, and finish before the next import.
  import_with old "$old"
  read -r ow om oc <"$work/result"
  import_with new "$new"
  read -r nw nm nc <"$work/result"
  awk -v r="$run" -v xw="$xw" -v xc="$xc" -v ow="$ow" -v oc="$oc" -v om="$om" -v nw="$nw" -v nc="$nc" -v nm="$nm" 'BEGIN {
    printf "run %s: xmllint %.2f s (CPU %.2f) | old %.2f s (%.2fx), CPU %.2f, %d MB | new %.2f s (%.2fx), CPU %.2f, %d MB\n",
      r, xw, xc, ow, ow / xw, oc, om, nw, nw / xw, nc, nm }'
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
