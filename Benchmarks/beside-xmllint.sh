# Sourced by the AIRS benchmarks (airs-import.sh, airs-reimport-ab.sh), which time imports beside
# `xmllint --stream --noout`: installs xmllint and GNU time if missing, and defines `timed` and `ratio`.
# Expects `work` to name a scratch folder.
need=()
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi

# Runs a command under GNU time and prints "wall-seconds peak-MB cpu-seconds" (CPU: user + system,
# all threads). The command's output is left in $work/out. Exit code 3 (an import that rejected
# some records and took the rest) counts as done; any other failure stops the benchmark.
timed() {
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/out" 2>&1 || {
    status=$?; [ $status -eq 3 ] || { tail -5 "$work/out" >&2; exit 1; }
  }
  read -r seconds kilobytes user system <"$work/time"
  echo "$seconds $((kilobytes / 1024)) $(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')"
}

# "A / B" as "1.23x" (0 when B is 0): each time beside xmllint's.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; }
