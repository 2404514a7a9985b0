#!/usr/bin/env bash
# HSDS JSON import and export of a generated directory: wall time, services per second and peak
# memory (maximum resident set size) of each step, measured with GNU time on a release build.
#
#   Benchmarks/hsds-json.sh [SERVICES]        (default 100000)
#
# Prints a Markdown table for docs/benchmarks.md. Work files go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
services=${1:-100000}
command -v /usr/bin/time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

swift build -c release --product switchboard >/dev/null
bin=$(swift build -c release --show-bin-path)/switchboard
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r seconds kilobytes <"$work/time"
  printf '| %s | %s | %.1f | %d | %d |\n' "$label" "$services" "$seconds" \
    "$(awk -v n="$services" -v s="$seconds" 'BEGIN { printf "%d", (s > 0 ? n / s : 0) }')" "$((kilobytes / 1024))"
}

echo "| step | services | seconds | services/s | peak MB |"
echo "|---|---|---|---|---|"
measure "generate (hsds-json)" "$bin" generate --services "$services" --seed 1 --format hsds-json --output "$work/feed.json"
measure "import HSDS JSON array" "$bin" import "$work/feed.json" --database "$work/a.sqlite"
measure "export HSDS JSON array" "$bin" export --format hsds-json "$work/export" --database "$work/a.sqlite"
measure "export HSDS NDJSON" "$bin" export --format hsds-ndjson "$work/export-nd" --database "$work/a.sqlite"
measure "import HSDS NDJSON" "$bin" import "$work/export-nd/services.ndjson" --database "$work/b.sqlite"
measure "re-import, all unchanged" "$bin" import "$work/export-nd/services.ndjson" --database "$work/b.sqlite"
echo
echo "feed file: $(du -m "$work/feed.json" | cut -f1) MB; database: $(du -m "$work/a.sqlite" | cut -f1) MB; machine: $(nproc) cores"
