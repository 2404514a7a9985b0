#!/usr/bin/env bash
# Referral throughput on SQLite: creates and moves per second through the Referrals module
# (rules checked, one transaction per command), one task and four tasks at a time.
#
#   Benchmarks/referrals.sh [REFERRALS]        (default 20000; each is then moved three times)
#   SCRATCH_PATH=.build-ref Benchmarks/referrals.sh   (build in another scratch folder)
#
# Prints the bench's own lines for docs/benchmarks.md. The database is a temporary file.
set -euo pipefail
cd "$(dirname "$0")/.."
referrals=${1:-20000}

scratch=(${SCRATCH_PATH:+--scratch-path "$SCRATCH_PATH"})
swift build -c release "${scratch[@]}" --product switchboard >/dev/null
bin=$(swift build -c release "${scratch[@]}" --show-bin-path)/switchboard

for concurrency in 1 4; do
  "$bin" bench referrals --referrals "$referrals" --concurrency "$concurrency"
done
