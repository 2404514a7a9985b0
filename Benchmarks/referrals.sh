#!/usr/bin/env bash
# Referral throughput on SQLite: creates and moves per second through the Referrals module
# (rules checked, one transaction per command), one task and four tasks at a time.
#
#   Benchmarks/referrals.sh [REFERRALS]        (default 20000; each is then moved three times)
#   SCRATCH_PATH=.build-ref Benchmarks/referrals.sh   (build in another scratch folder)
#   SWITCHBOARD_BIN=/path/to/switchboard Benchmarks/referrals.sh   (time a binary already built)
#
# Prints the bench's own lines for docs/benchmarks.md. The database is a temporary file.
set -euo pipefail
cd "$(dirname "$0")/.."
referrals=${1:-20000}

source Benchmarks/switchboard-bin.sh

for concurrency in 1 4; do
  "$bin" bench referrals --referrals "$referrals" --concurrency "$concurrency"
done
