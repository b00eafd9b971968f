#!/usr/bin/env bash
# Prints the failed tests of dotnet test logs: each "Failed <test>" line with its error message (at most 12 lines) and
# the first 6 lines of its stack trace, under the "== numeric tests with <setting>" line of the pass it failed in.
# Prints nothing when every test passed. .ci/run puts this at the end of its output, the part of a CI log that is kept.
# Usage: .ci/failed-tests.sh LOG...
set -euo pipefail

awk '
  FNR == 1 { pass = ""; shown = ""; failing = 0; frames = 0 }
  /^== numeric tests with / { pass = $0; failing = 0; n = 0; next }
  /^ *Failed [A-Za-z_][A-Za-z0-9_.]*[ (]/ {
    if (pass != shown) { print pass; shown = pass }
    print; failing = 1; n = 12; next
  }
  /^ *(Passed|Skipped) / || /^(Passed|Failed)! / || /^ *(Passed|Failed|Skipped): / || /^\[xUnit/ ||
    /^ *Standard (Output|Error) Messages:/ { failing = 0; n = 0 }
  failing && /^ *Stack Trace:/ { print; n = 0; frames = 6; next }
  frames > 0 && /^ *(at |--- End of)/ { print; frames--; next }
  { frames = 0 }
  n > 0 { print; n-- }
' "$@"
