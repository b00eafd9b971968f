#!/usr/bin/env bash
# Prints the failed tests of dotnet test logs: each "Failed <test>" line with its error message (up to its stack
# trace, at most 12 lines), under the "== numeric tests with <setting>" line of the pass it failed in. Prints nothing
# when every test passed. .ci/run puts this at the end of its output, the part of a CI log that is kept.
# Usage: .ci/failed-tests.sh LOG...
set -euo pipefail

awk '
  FNR == 1 { pass = ""; shown = "" }
  /^== numeric tests with / { pass = $0; n = 0; next }
  /^ *Failed [A-Za-z_][A-Za-z0-9_.]*[ (]/ {
    if (pass != shown) { print pass; shown = pass }
    print; n = 12; next
  }
  /^ *Stack Trace:/ || /^ *(Passed|Skipped) / || /^(Passed|Failed)! / || /^ *(Passed|Failed|Skipped): / || /^\[xUnit/ { n = 0 }
  n > 0 { print; n-- }
' "$@"
