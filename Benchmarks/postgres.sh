#!/usr/bin/env bash
# The store benchmarks on PostgreSQL beside SQLite: `bench refresh` (a generated feed's first
# import and unchanged re-import through the refresh) and `bench referrals` (creates and moves per
# second), each on a temporary SQLite file and on a fresh database of the server given; then a
# server load test: wrk against one `switchboard serve` on SQLite, one on PostgreSQL, and two on
# one PostgreSQL database at once (searches, referral reads and client matches in turn, Benchmarks/load.lua).
#
#   Benchmarks/postgres.sh postgres://postgres@127.0.0.1:PORT/postgres [SERVICES] [REFERRALS]
#   SCRATCH_PATH=.build-pg Benchmarks/postgres.sh ...      (build in another scratch folder)
#   ONLY=load SECONDS_EACH=20 CONNECTIONS=8 Benchmarks/postgres.sh URL   (the load test alone)
#   SWITCHBOARD_BIN=/path/to/switchboard Benchmarks/postgres.sh ...   (time a binary already built)
#
# It creates (and drops) the databases bench_refresh, bench_referrals and bench_load on that server.
# The load test needs wrk (Debian: apt-get install wrk), curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
admin=${1:?a postgres:// address of a database to run CREATE DATABASE from}
services=${2:-20000}
referrals=${3:-2000}
base=${admin%/*}

source Benchmarks/switchboard-bin.sh

for name in bench_refresh bench_referrals bench_load; do
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
done
if [ "${ONLY:-}" != load ]; then
echo "== bench refresh --services $services: SQLite"
"$bin" bench refresh --services "$services"
echo "== bench refresh --services $services: PostgreSQL"
"$bin" bench refresh --services "$services" --database "$base/bench_refresh"
echo "database: $(psql -Atq "$base/bench_refresh" -c "SELECT pg_database_size(current_database()) / 1048576") MiB"
for concurrency in 1 4; do
  echo "== bench referrals --referrals $referrals --concurrency $concurrency: SQLite"
  "$bin" bench referrals --referrals "$referrals" --concurrency "$concurrency"
  echo "== bench referrals --referrals $referrals --concurrency $concurrency: PostgreSQL"
  "$bin" bench referrals --referrals "$referrals" --concurrency "$concurrency" --database "$base/bench_referrals"
done
fi

# ---- Server load: wrk against /services searches and referral reads ----
seconds=${SECONDS_EACH:-20}
connections=${CONNECTIONS:-8}
scratch_dir=$(mktemp -d /tmp/switchboard-load.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$scratch_dir"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts `serve` on a free port and waits for /health; sets $port and appends the process to $pids.
start() {  # start NAME DATABASE
  port=$(free_port)
  "$bin" serve --database "$2" --port "$port" --demo-accounts --sweep-seconds 300 >"$scratch_dir/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && return; sleep 0.2; done
  echo "$1 did not start:" >&2; cat "$scratch_dir/$1.log" >&2; exit 1
}

# A bearer token for a demo account, made through the API.
token() {  # token PORT USERNAME
  local jar="$scratch_dir/jar-$1-$2" csrf
  csrf=$(curl -fs -c "$jar" -H 'content-type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"switchboard-demo\"}" "http://127.0.0.1:$1/api/session" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["csrfToken"])')
  curl -fs -b "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' -d '{"name":"load"}' \
    "http://127.0.0.1:$1/api/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# A client and a referral to an active service, made by the case manager; prints the referral's id.
referral() {  # referral PORT TOKEN
  local service client
  service=$(curl -fs -H "Authorization: Bearer $2" "http://127.0.0.1:$1/services?per_page=100" |
    python3 -c 'import json,sys; print(next(s["id"] for s in json.load(sys.stdin)["contents"] if s["status"] == "active"))')
  client=$(curl -fs -H "Authorization: Bearer $2" -H 'content-type: application/json' -d '{"label":"Load 1"}' \
    "http://127.0.0.1:$1/api/clients" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -fs -H "Authorization: Bearer $2" -H 'content-type: application/json' \
    -d "{\"clientID\":\"$client\",\"serviceID\":\"$service\",\"need\":{\"urgency\":\"routine\"},\"draft\":false,\"shareClientDetails\":false,\"doNotContactClient\":false}" \
    "http://127.0.0.1:$1/api/referrals" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

# wrk on each port at once, the connections shared out; prints requests/s summed, p50/p99 latency of the first, errors.
load() {  # load LABEL TOKEN REFERRAL PORT...
  local label=$1 tok=$2 ref=$3; shift 3
  local per=$(( connections / $# )) i=0 outs=() runs=()
  for port in "$@"; do
    i=$((i + 1))
    REFERRAL=$ref wrk -t1 -c"$per" -d"${seconds}s" --latency -s Benchmarks/load.lua \
      -H "Authorization: Bearer $tok" "http://127.0.0.1:$port" >"$scratch_dir/wrk-$label-$i.txt" 2>&1 &
    runs+=($!)
    outs+=("$scratch_dir/wrk-$label-$i.txt")
  done
  wait "${runs[@]}"
  python3 - "$label" "$(cut -d' ' -f1-3 /proc/loadavg)" "${outs[@]}" <<'PY'
import re, sys
label, loadavg, files = sys.argv[1], sys.argv[2], sys.argv[3:]
rps = errors = 0.0
p50 = p99 = "?"
for n, f in enumerate(files):
    text = open(f).read()
    rps += float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text); errors += int(m.group(1)) if m else 0
    if n == 0:
        p50 = re.search(r"50%\s+(\S+)", text).group(1); p99 = re.search(r"99%\s+(\S+)", text).group(1)
print(f"| {label} | {len(files)} | {rps:.0f} | {p50} | {p99} | {int(errors)} | {loadavg} |")
PY
}

# A case manager's client (the evaluation scenario in the demo county) for POST /api/match.
python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["profile"]))' \
  Fixtures/evaluation/scenarios/03-family-eviction-spanish.json >"$scratch_dir/profile.json"
export PROFILE="$scratch_dir/profile.json"
echo "== server load: wrk ${seconds}s, $connections connections in all, searches, referral reads and matches (Benchmarks/load.lua)"
echo "| setup | instances | requests/s | p50 | p99 | non-2xx | load average after |"
echo "|---|---|---|---|---|---|---|"
start sqlite "$scratch_dir/load.sqlite"; sqlite_port=$port
tok=$(token "$sqlite_port" casemanager); ref=$(referral "$sqlite_port" "$tok")
load "SQLite, one instance" "$tok" "$ref" "$sqlite_port"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
start pg-a "$base/bench_load?application_name=load-a"; pg_a=$port
start pg-b "$base/bench_load?application_name=load-b"; pg_b=$port
tok=$(token "$pg_a" casemanager); ref=$(referral "$pg_a" "$tok")
load "PostgreSQL, one instance" "$tok" "$ref" "$pg_a"
load "PostgreSQL, two instances on one database" "$tok" "$ref" "$pg_a" "$pg_b"
