# Sourced by the server load benchmarks (server-load.sh, server-ab.sh): the generated directory a
# load test runs on, in one SQLite file with a case manager, and the client profile it matches.
#   load_workdir NAME                  sets `work` to a new temporary folder, removed on exit with the
#                                      server whose pid is in `server` stopped; checks wrk is there
#   load_directory BIN WORK SERVICES   writes WORK/load.sqlite (seed 1) with user loadtest
#   load_profile WORK                  writes WORK/profile.json (Fixtures/evaluation scenario 03)
#   free_port                          prints a free loopback port
#   load_server BIN WORK PORT NAME     starts BIN's server on WORK/load.sqlite at PORT (LD_PRELOAD as
#                                      PRELOAD says), sets `server` to its pid, `B` to its address
#                                      and exports TOKEN, a bearer token named NAME for loadtest
#   load_wrk OUT WRK_ARGS...           one wrk run (with --latency) against that server, its output in
#                                      OUT; fails when any answer was not 2xx (an error answer must not
#                                      be timed as a fast one); sets rate, p50 and p99 (as wrk writes
#                                      them), server_ms (the server's CPU a request, from
#                                      /proc/PID/stat) and wrk_ms (wrk's own CPU a request)
load_directory() {
  local bin=$1 work=$2 services=$3
  echo "== a directory of $services services"
  "$bin" generate --services "$services" --seed 1 --format hsds-ndjson --output "$work/directory.ndjson" >/dev/null
  "$bin" import --database "$work/load.sqlite" "$work/directory.ndjson" >/dev/null
  SWITCHBOARD_PASSWORD=load-test-passphrase "$bin" users add --database "$work/load.sqlite" \
    --role case-manager --username loadtest --organization load-agency --organization-name "Load agency" --kind referrer >/dev/null
}

load_profile() {
  python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["profile"]))' \
    Fixtures/evaluation/scenarios/03-family-eviction-spanish.json >"$1/profile.json"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

load_server() {
  local bin=$1 work=$2 port=$3 name=$4 csrf
  B="http://127.0.0.1:$port"
  LD_PRELOAD="${PRELOAD:-}" "$bin" serve --database "$work/load.sqlite" --port "$port" --no-demo --sweep-seconds 0 >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -fs "$B/health" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "$B/health" >/dev/null || { echo "the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }
  # Signed in once with a cookie, the token made with the CSRF token.
  csrf=$(curl -fs -c "$work/jar" -H 'content-type: application/json' \
    -d '{"username":"loadtest","password":"load-test-passphrase"}' "$B/api/session" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["csrfToken"])')
  TOKEN=$(curl -fs -b "$work/jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' \
    -d "{\"name\":\"$name\"}" "$B/api/tokens" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
  export TOKEN
}

load_wrk() {
  local out=$1 before after wrk_cpu
  shift
  before=$(awk '{print $14 + $15}' "/proc/$server/stat")
  # wrk's own CPU time: the rusage of the one child a python waited for.
  wrk_cpu=$(python3 -c 'import resource, subprocess, sys
with open(sys.argv[1], "w") as out: subprocess.run(sys.argv[2:], stdout=out, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN); print(r.ru_utime + r.ru_stime)' "$out" wrk --latency "$@")
  after=$(awk '{print $14 + $15}' "/proc/$server/stat")
  if grep -q "Non-2xx" "$out"; then echo "some answers were errors: the figure is void (see $work/serve.log)" >&2; cat "$work/serve.log" >&2; exit 1; fi
  read -r rate p50 p99 server_ms wrk_ms < <(python3 - "$out" "$before" "$after" "$(getconf CLK_TCK)" "$wrk_cpu" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
count = int(re.search(r"(\d+) requests in", text).group(1))
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)
p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)
server_ms = (float(sys.argv[3]) - float(sys.argv[2])) / float(sys.argv[4]) * 1000 / count
print(f"{rate:.1f} {p50} {p99} {server_ms:.3f} {float(sys.argv[5]) * 1000 / count:.3f}")
EOF
)
}

load_workdir() {
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
  work=$(mktemp -d "/tmp/switchboard-$1.XXXXXX")
  server=""
  trap load_cleanup EXIT
}

load_cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
