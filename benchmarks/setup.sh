#!/usr/bin/env bash
# Installs the native libraries the benchmarks compare against: FANN 2.2 (Debian's libfann2).
# Idempotent and quiet: does nothing when the library is already there.
set -euo pipefail

if ldconfig -p 2>/dev/null | grep 'libfloatfann\.so\.2' >/dev/null; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "benchmarks/setup.sh: libfann2 is missing and this is not root; install it with 'apt-get install libfann2' (FANN comparisons will be skipped)." >&2
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends libfann2; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "benchmarks/setup.sh: installing libfann2 failed." >&2
  exit 1
fi
