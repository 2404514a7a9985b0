# Sourced by per-core.sh, match-ab.sh and server-budget.sh. `bench_match BIN CORE MATCHES [SERVICES]`
# matches and answers the load benchmarks' profile (Fixtures/evaluation scenario 03) MATCHES times
# with `switchboard bench matching` on a generated directory of SERVICES services (default
# 100,000, the load benchmarks' seed), pinned with taskset to CORE, and sets match_p50,
# match_mean, answer_p50 and answer_mean (milliseconds); it stops the script when the bench prints
# no timings.
command -v taskset >/dev/null || { echo "taskset is missing: apt-get install util-linux" >&2; exit 1; }

bench_match() {
  local bin=$1 core=$2 matches=$3 services=${4:-100000} out
  out=$(taskset -c "$core" "$bin" bench matching --profile Fixtures/evaluation/scenarios/03-family-eviction-spanish.json \
    --services "$services" --profiles "$matches" --only match --needs-one-at-a-time)
  match_p50=; match_mean=; answer_p50=; answer_mean=
  read -r match_p50 match_mean < <(echo "$out" | sed -nE 's/^match x [0-9]+: p50 ([0-9.]+) ms.*mean ([0-9.]+) ms.*/\1 \2/p') || true
  read -r answer_p50 answer_mean < <(echo "$out" | sed -nE 's/^match answer as JSON x [0-9]+: p50 ([0-9.]+) ms.*mean ([0-9.]+) ms.*/\1 \2/p') || true
  [ -n "$match_p50" ] && [ -n "$answer_p50" ] || { echo "the bench printed no timings:" >&2; echo "$out" >&2; exit 1; }
}
