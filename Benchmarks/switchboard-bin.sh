# Sourced by the benchmarks: sets `bin` to the switchboard executable to time. SWITCHBOARD_BIN names
# one already built; otherwise a release build, in SCRATCH_PATH when that is set.
if [ -n "${SWITCHBOARD_BIN:-}" ]; then
  bin=$SWITCHBOARD_BIN
else
  scratch=(${SCRATCH_PATH:+--scratch-path "$SCRATCH_PATH"})
  swift build -c release "${scratch[@]}" --product switchboard >/dev/null
  bin=$(swift build -c release "${scratch[@]}" --show-bin-path)/switchboard
fi
