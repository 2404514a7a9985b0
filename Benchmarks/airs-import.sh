#!/usr/bin/env bash
# AIRS XML import against libxml2's own streaming parse of the same file (the floor):
#   full import into an empty directory, and an unchanged re-import, each beside
#   `xmllint --stream --noout` in the same run, as a ratio; peak memory of each import;
#   and the same at a third of the size, to show memory does not grow with the feed.
#
#   Benchmarks/airs-import.sh [SERVICES]      (default 150000, about 200 MB of AIRS XML)
set -euo pipefail
cd "$(dirname "$0")/.."
services=${1:-150000}
need=()
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi

swift build -c release --product switchboard >/dev/null
bin=$(swift build -c release --show-bin-path)/switchboard
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

timed() { # prints "seconds peakMB"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    status=$?; [ $status -eq 3 ] || { tail -5 "$work/err" >&2; exit 1; }
  }
  read -r seconds kilobytes <"$work/time"
  echo "$seconds $((kilobytes / 1024))"
}

row() { # label size file db
  local label=$1 n=$2 file=$3 db=$4
  read -r xs xm < <(timed xmllint --stream --noout "$file")
  read -r ts tm < <(timed "$bin" import "$file" --feed bench --database "$db")
  printf '| %s | %s | %s | %.2f | %.2f | %.2fx | %d | %d |\n' "$label" "$n" "$(du -m "$file" | cut -f1)" "$xs" "$ts" \
    "$(awk -v a="$ts" -v b="$xs" 'BEGIN { print (b > 0 ? a / b : 0) }')" "$tm" "$xm"
}

echo "| run | services | file MB | xmllint s | switchboard s | ratio | switchboard peak MB | xmllint peak MB |"
echo "|---|---|---|---|---|---|---|---|"
for n in "$services" "$((services / 3))"; do
  "$bin" generate --services "$n" --seed 11 --format airs --output "$work/feed-$n.xml" 2>/dev/null >/dev/null
  row "full import" "$n" "$work/feed-$n.xml" "$work/db-$n.sqlite"
  row "unchanged re-import" "$n" "$work/feed-$n.xml" "$work/db-$n.sqlite"
done
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; libxml2 $(xmllint --version 2>&1 | head -1 | awk '{print $NF}')"
