#!/usr/bin/env bash
# Two builds side by side on an unchanged AIRS re-import (issue 3's nightly case): the generator's
# AIRS file of SERVICES services (seed 11) imported once, then RUNS rounds of, in turn,
# `xmllint --stream --noout` (the floor), OLD's re-import and NEW's re-import of the same file into
# the same directory (each reports 0 changes). Each line: wall and CPU seconds, and the ratio to
# the xmllint beside it. On a shared machine compare the builds round by round.
#
#   Benchmarks/airs-reimport-ab.sh OLD_BIN NEW_BIN [SERVICES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN [SERVICES] [RUNS]" >&2; exit 2; }
old=$(realpath "$1"); new=$(realpath "$2")
services=${3:-50000}; runs=${4:-3}
export SWITCHBOARD_HOME=$PWD
need=()
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$new" generate --services "$services" --seed 11 --format airs --output "$work/feed.xml" >/dev/null 2>&1
"$new" import "$work/feed.xml" --feed bench --database "$work/db.sqlite" >/dev/null 2>&1

timed() { # label command… : prints "label wall cpu"
  local label=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >"$work/out" 2>&1 || { tail -5 "$work/out" >&2; exit 1; }
  awk -v l="$label" '{ printf "%s %.2f %.2f\n", l, $1, $2 + $3 }' "$work/time"
}

echo "== $services services, $(du -m "$work/feed.xml" | cut -f1) MB; old $old, new $new; load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  read -r _ xw xc < <(timed xmllint xmllint --stream --noout "$work/feed.xml")
  read -r _ ow oc < <(timed old "$old" import "$work/feed.xml" --feed bench --database "$work/db.sqlite")
  grep -q " 0 added, 0 updated" "$work/out" || { echo "old's re-import changed records:" >&2; cat "$work/out" >&2; exit 1; }
  read -r _ nw nc < <(timed new "$new" import "$work/feed.xml" --feed bench --database "$work/db.sqlite")
  grep -q " 0 added, 0 updated" "$work/out" || { echo "new's re-import changed records:" >&2; cat "$work/out" >&2; exit 1; }
  awk -v r="$run" -v xw="$xw" -v xc="$xc" -v ow="$ow" -v oc="$oc" -v nw="$nw" -v nc="$nc" 'BEGIN {
    printf "run %s: xmllint %.2f s (CPU %.2f) | old %.2f s (%.2fx), CPU %.2f | new %.2f s (%.2fx), CPU %.2f\n",
      r, xw, xc, ow, ow / xw, oc, nw, nw / xw, nc }'
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
