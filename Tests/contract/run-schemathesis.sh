#!/usr/bin/env bash
# Contract tests: schemathesis (PyPI) against a real `switchboard serve` on a free loopback port,
# with a temporary database holding the demo directory and one demo account per role.
#
#   - the HSDS endpoints against Open Referral's HSDS 3.1 document (Fixtures/hsds-3.1-schema/openapi.json),
#     read without an account (--public-directory), GET operations (we serve no POST searches);
#   - our API against our own document (/openapi.json), once with a case manager's token and once
#     with an administrator's, so both sides of the role table are exercised.
#
# Checks: not_a_server_error (no 5xx) and response_schema_conformance (every response a schema
# documents matches it). Any failure fails the script. Run by the SwitchboardCLITests contract
# test when SWITCHBOARD_CONTRACT_TESTS=1 (set by .ci/run), or by hand:
#
#   SWITCHBOARD_BIN=.build/debug/switchboard Tests/contract/run-schemathesis.sh
#
# SCHEMATHESIS_MAX_EXAMPLES (default 5) bounds the examples per operation; schemathesis's coverage
# phase (boundary values of every parameter) runs whatever the bound. The three runs take about
# three and a half minutes on two busy cores. The seed is fixed (SCHEMATHESIS_SEED), so a failure
# reproduces.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${SWITCHBOARD_BIN:-$repo/.build/debug/switchboard}"
examples="${SCHEMATHESIS_MAX_EXAMPLES:-5}"
seed="${SCHEMATHESIS_SEED:-20261123}"
[ -x "$bin" ] || { echo "run-schemathesis: no switchboard executable at $bin (build first, or set SWITCHBOARD_BIN)" >&2; exit 2; }
command -v schemathesis >/dev/null || { echo "run-schemathesis: schemathesis is not installed (python3 -m pip install schemathesis)" >&2; exit 2; }

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
cd "$repo"  # serve finds Directory/ (the demo county, ZIP codes) from here
SWITCHBOARD_DATABASE="$work/switchboard.sqlite" "$bin" serve --host 127.0.0.1 --port "$port" --public-directory \
  --demo-accounts --sweep-seconds 0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 240); do
  curl -fs "$base/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; echo "run-schemathesis: the server stopped" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$base/health" >/dev/null || { cat "$work/serve.log" >&2; echo "run-schemathesis: the server did not start" >&2; exit 1; }

# A bearer token for a demo account: sign in (cookie and CSRF token), then create the token.
token() {
  local jar="$work/$1.jar" csrf
  csrf="$(curl -fs -c "$jar" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"switchboard-demo\"}" "$base/api/session" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["csrfToken"])')"
  curl -fs -b "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' -d '{"name":"schemathesis"}' "$base/api/tokens" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
case_manager="$(token casemanager)"
admin="$(token admin)"

# Open Referral's document points its responses at compiled schemas (compiled/service_list.json …)
# that the 3.1 repository does not publish. Point them at the modular schemas they are compiled
# from, copied beside it without their $id, so relative $refs ("phone.json") resolve locally and
# nothing is fetched (as Tests/tools/validate_hsds_api.py does). /service_at_locations/{id} gets
# service_at_location.json: the spec's $ref names service.json, an apparent slip.
mkdir "$work/hsds"
python3 - "$repo/Fixtures/hsds-3.1-schema" "$work/hsds" <<'PY'
import json, re, sys
from pathlib import Path
source, target = Path(sys.argv[1]), Path(sys.argv[2])
for f in source.glob("*.json"):
    doc = json.loads(f.read_text())
    if f.name != "openapi.json":
        doc.pop("$id", None)
    (target / f.name).write_text(json.dumps(doc))
api = json.loads((source / "openapi.json").read_text())
item = api["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
item["$ref"] = "service_at_location.json"
text = re.sub(r'https://raw\.githubusercontent\.com/openreferral/specification/[^"/]+/schema/(?:compiled/)?([a-z_]+?)(?:_list)?\.json',
              r"\1.json", json.dumps(api))
(target / "openapi.json").write_text(text)
PY

status=0
run() {
  echo "== schemathesis: $1"
  shift
  schemathesis run "$@" --url "$base" --checks not_a_server_error,response_schema_conformance \
    --max-examples "$examples" --seed "$seed" --no-shrink --warnings off --request-timeout 30 || status=1
}
run "HSDS 3.1 endpoints against Open Referral's document" "$work/hsds/openapi.json" --include-method GET
run "our API as a case manager" "$base/openapi.json" -H "Authorization: Bearer $case_manager"
run "our API as an administrator" "$base/openapi.json" -H "Authorization: Bearer $admin" \
  --exclude-path /api/session --exclude-path-regex '^/api/tokens'  # keep the token this run uses

if [ "$status" -ne 0 ]; then
  echo "== server log (last 40 lines)"; tail -40 "$work/serve.log"
fi
exit "$status"
