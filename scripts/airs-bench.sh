#!/usr/bin/env bash
# Measures the AIRS reader against `xmllint --stream --noout` on one AIRS file (not a test).
#   scripts/airs-bench.sh FILE            (a big file: swift run switchboard generate --services 150000 --format airs --output FILE)
# Builds FeedImport in release into .build-airs, links this folder's airs-bench.swift against its
# objects (no Package.swift target), then times xmllint, the reader without and with normalizing,
# each with /usr/bin/time -v for the peak RSS. CPU time (user + system) is the figure to compare
# on a shared machine: wall time counts what the other processes take.
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:?usage: scripts/airs-bench.sh FILE}
scratch=${SCRATCH:-.build-airs}
swift build -c release --scratch-path "$scratch" --target FeedImport >/dev/null
release="$scratch/release"
swiftc -O -module-name AIRSBench -I "$release/Modules" -I /usr/include/libxml2 \
  -Xcc -fmodule-map-file=Sources/CLibXML2/module.modulemap \
  "$release"/FeedImport.build/*.o "$release"/SwitchboardCore.build/*.o -lxml2 \
  scripts/airs-bench.swift -o "$scratch/airs-bench" 2>&1 | grep -v "^$" || true
measure() {
  local label=$1; shift
  /usr/bin/time -v "$@" > "/tmp/airs-bench-$label.out" 2> "/tmp/airs-bench-$label.time" || true
  local wall rss cpu
  wall=$(grep "Elapsed (wall clock)" "/tmp/airs-bench-$label.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "/tmp/airs-bench-$label.time" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ {sum += $2} END {printf "%.2f", sum}' "/tmp/airs-bench-$label.time")
  printf '%-22s wall %-9s cpu %7s s   peak RSS %6d MB\n' "$label" "$wall" "$cpu" $((rss / 1024))
}
ls -la "$file"
measure xmllint xmllint --stream --noout "$file"
measure reader-only "$scratch/airs-bench" "$file" --no-normalize
measure reader+normalize "$scratch/airs-bench" "$file"
cat /tmp/airs-bench-reader+normalize.out
