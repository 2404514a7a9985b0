#!/usr/bin/env bash
# Search and matching on generated directories: index build time and memory, then p50/p99
# latency of 1,000 generated coordinator searches and 1,000 generated client profiles, at
# 100,000 and 1,000,000 services (issue 4; target: match p99 under 5 ms at a million), side by
# side with the same searches and the matches' candidate generation in PostgreSQL 15 (GIN
# full-text index, earthdistance radius; target: at least 10 times faster than PostgreSQL).
#
#   Benchmarks/matching.sh [SERVICES ...]       (default: 100000 1000000)
#   SCRATCH_PATH=.build-match Benchmarks/matching.sh   (build in another scratch folder)
#   SWITCHBOARD_BIN=/path/to/switchboard Benchmarks/matching.sh   (time a binary already built)
#   POSTGRES_URL=postgres://postgres@127.0.0.1:5432/db Benchmarks/matching.sh   (use that server)
#   NO_POSTGRES=1 Benchmarks/matching.sh        (the index alone)
#
# Each size runs in a fresh process (generated in memory), under GNU time for the process's peak
# memory. Without POSTGRES_URL a throwaway PostgreSQL 15 cluster is started the way .ci/run does
# (initdb in a temporary folder, a free loopback port, stopped and removed at the end). The
# machine is shared: every run prints the load average it met.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)

source Benchmarks/switchboard-bin.sh

postgres=()
if [ -z "${NO_POSTGRES:-}" ]; then
  url=${POSTGRES_URL:-}
  if [ -z "$url" ]; then
    PGBIN=/usr/lib/postgresql/15/bin
    if [ ! -x "$PGBIN/postgres" ] || ! ls /usr/share/postgresql/15/extension/earthdistance.control >/dev/null 2>&1; then
      echo "PostgreSQL 15 with contrib is needed: apt-get install postgresql-15 postgresql-contrib-15 (or NO_POSTGRES=1)" >&2
      exit 1
    fi
    PGDATA=$(mktemp -d /tmp/switchboard-bench-pg.XXXXXX)
    PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # initdb refuses to run as root: the cluster belongs to the postgres system user then.
    as_owner=()
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
      chown postgres "$PGDATA"
      as_owner=(runuser -u postgres --)
    fi
    stop_postgres() { "${as_owner[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PGDATA"; }
    trap stop_postgres EXIT
    "${as_owner[@]}" "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres --locale=C -E UTF8 >/dev/null
    # Settings a web team would give a server of this size; fsync off as in .ci/run (a throwaway cluster).
    "${as_owner[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
      -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=512MB -c work_mem=16MB -c maintenance_work_mem=256MB -c max_parallel_workers_per_gather=0" start >/dev/null
    "$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE DATABASE bench_matching" postgres
    url="postgres://postgres@127.0.0.1:$PGPORT/bench_matching"
    echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (throwaway cluster)"
  fi
  postgres=(--postgres "$url")
fi

for services in "${sizes[@]}"; do
  echo "== $services services, $(nproc) cores"
  /usr/bin/time -f "process: %e s wall, %U s user, %S s system, peak RSS %M KB" \
    "$bin" bench matching --services "$services" --queries 1000 --profiles 1000 "${postgres[@]}"
done
