#!/usr/bin/env bash
# AIRS XML import against libxml2's own streaming parse of the same file (the floor):
#   full import into an empty directory, and an unchanged re-import, each beside
#   `xmllint --stream --noout` in the same run, as a ratio; peak memory of each import;
#   and the same at a third of the size, to show memory does not grow with the feed.
#
#   Benchmarks/airs-import.sh [SERVICES]      (default 150000, about 200 MB of AIRS XML)
#   SCRATCH_PATH=.build-bulk Benchmarks/airs-import.sh ...   (build in another scratch folder)
#   SWITCHBOARD_BIN=/path/to/switchboard Benchmarks/airs-import.sh ...   (time a binary already built)
#   POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/postgres Benchmarks/airs-import.sh ...
#     (also imports the full-size file into PostgreSQL: database bench_airs, dropped and made again;
#      the CPU column is the importing process's only, the server's work is in the wall time)
set -euo pipefail
cd "$(dirname "$0")/.."
services=${1:-150000}
source Benchmarks/switchboard-bin.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source Benchmarks/beside-xmllint.sh

row() { # label size file db
  local label=$1 n=$2 file=$3 db=$4
  read -r xs xm xc < <(timed xmllint --stream --noout "$file")
  read -r ts tm tc < <(timed "$bin" import "$file" --feed bench --database "$db")
  printf '| %s | %s | %s | %.2f | %.2f | %s | %.2f | %.2f | %s | %d | %d |\n' "$label" "$n" "$(du -m "$file" | cut -f1)" \
    "$xs" "$ts" "$(ratio "$ts" "$xs")" "$xc" "$tc" "$(ratio "$tc" "$xc")" "$tm" "$xm"
}

# Wall time is what a coordinator waits; CPU time (user + system, all threads) is steadier on a
# shared machine. The import parses on one thread, and a first import maps on another while the
# store writes on a third, so its wall time can be below its CPU time.
echo "| run | services | file MB | xmllint s | switchboard s | ratio | xmllint CPU s | switchboard CPU s | CPU ratio | switchboard peak MB | xmllint peak MB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for n in "$services" "$((services / 3))"; do
  "$bin" generate --services "$n" --seed 11 --format airs --output "$work/feed-$n.xml" 2>/dev/null >/dev/null
  row "full import" "$n" "$work/feed-$n.xml" "$work/db-$n.sqlite"
  row "unchanged re-import" "$n" "$work/feed-$n.xml" "$work/db-$n.sqlite"
  # The same file into PostgreSQL (issue 7), when POSTGRES_URL names a database to CREATE DATABASE from.
  if [ -n "${POSTGRES_URL:-}" ] && [ "$n" = "$services" ]; then
    psql -q "$POSTGRES_URL" -c "DROP DATABASE IF EXISTS bench_airs" -c "CREATE DATABASE bench_airs"
    row "full import, PostgreSQL" "$n" "$work/feed-$n.xml" "${POSTGRES_URL%/*}/bench_airs"
    row "unchanged re-import, PostgreSQL" "$n" "$work/feed-$n.xml" "${POSTGRES_URL%/*}/bench_airs"
  fi
done
echo
echo "machine: $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg), $(free -g | awk '/Mem:/ {print $2}') GB; libxml2 $(xmllint --version 2>&1 | head -1 | awk '{print $NF}')"
