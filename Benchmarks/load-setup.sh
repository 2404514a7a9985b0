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
