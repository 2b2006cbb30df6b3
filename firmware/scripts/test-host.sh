#!/usr/bin/env bash
# Builds the firmware's host target (Release, build dir firmware/build/host) and runs its GoogleTest
# suite. Usage: firmware/scripts/test-host.sh [REPORT.json]  (default firmware/build/host/gtest-report.json)
# Needs: cmake g++ libmosquitto-dev libgtest-dev nlohmann-json3-dev (Debian/Ubuntu package names).
# Exit status non-zero when the build or a test fails; the last line is "N passed, N failed".
set -uo pipefail

firmware="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$firmware/build/host"
report="${1:-$build/gtest-report.json}"
jobs="${TB_BUILD_JOBS:-2}"

fail_build() {
  echo "firmware: $1" >&2
  echo "0 passed, 1 failed"
  exit 1
}

mkdir -p "$build" "$(dirname "$report")"
cmake -S "$firmware" -B "$build" -DCMAKE_BUILD_TYPE=Release >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log" >&2; fail_build "CMake configure failed (missing packages? see firmware/README.md)"; }
cmake --build "$build" --parallel "$jobs" || fail_build "the host build failed (compiler errors above)"

[[ -x "$build/twinbench-node-tests" ]] ||
  fail_build "no test binary: GoogleTest was not found at configure time (apt-get install libgtest-dev)"
rm -f "$report"
"$build/twinbench-node-tests" --gtest_output="json:$report"
status=$?

if [[ ! -s "$report" ]]; then
  echo "firmware: the GoogleTest binary wrote no report (it crashed? exit status $status)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
# The report's top-level counters come first in the file.
tests=$(grep -m1 -o '"tests": *[0-9]*' "$report" | grep -o '[0-9]*$')
failures=$(grep -m1 -o '"failures": *[0-9]*' "$report" | grep -o '[0-9]*$')
skipped=$(grep -c '"result": *"SKIPPED"' "$report" || true)
passed=$((tests - failures - skipped))
[[ $status -ne 0 && $failures -eq 0 ]] && failures=1  # crashed after writing, or a global failure
line="$passed passed, $failures failed"
[[ $skipped -gt 0 ]] && line="$line, $skipped skipped"
echo "$line"
[[ $status -eq 0 ]]
