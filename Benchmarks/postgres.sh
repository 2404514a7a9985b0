#!/usr/bin/env bash
# The store benchmarks on PostgreSQL beside SQLite: `bench refresh` (a generated feed's first
# import and unchanged re-import through the refresh) and `bench referrals` (creates and moves per
# second), each on a temporary SQLite file and on a fresh database of the server given.
#
#   Benchmarks/postgres.sh postgres://postgres@127.0.0.1:PORT/postgres [SERVICES] [REFERRALS]
#   SCRATCH_PATH=.build-pg Benchmarks/postgres.sh ...      (build in another scratch folder)
#   SWITCHBOARD_BIN=/path/to/switchboard Benchmarks/postgres.sh ...   (time a binary already built)
#
# It creates (and drops) the databases bench_refresh and bench_referrals on that server.
set -euo pipefail
cd "$(dirname "$0")/.."
admin=${1:?a postgres:// address of a database to run CREATE DATABASE from}
services=${2:-20000}
referrals=${3:-2000}
base=${admin%/*}

source Benchmarks/switchboard-bin.sh

for name in bench_refresh bench_referrals; do
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
done
echo "== bench refresh --services $services: SQLite"
"$bin" bench refresh --services "$services"
echo "== bench refresh --services $services: PostgreSQL"
"$bin" bench refresh --services "$services" --database "$base/bench_refresh"
for concurrency in 1 4; do
  echo "== bench referrals --referrals $referrals --concurrency $concurrency: SQLite"
  "$bin" bench referrals --referrals "$referrals" --concurrency "$concurrency"
  echo "== bench referrals --referrals $referrals --concurrency $concurrency: PostgreSQL"
  "$bin" bench referrals --referrals "$referrals" --concurrency "$concurrency" --database "$base/bench_referrals"
done
