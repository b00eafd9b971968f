#!/usr/bin/env bash
# Issue 15: NetGen's first calls in fresh processes. Builds benchmarks/NetGen.Startup once, runs it --runs times per
# mode (each a new process, pinned to one CPU) and prints the median of every measure.
#
#   bash benchmarks/NetGen.Startup/run.sh [--runs 10] [--cpu 1] [--warmup 5] [--epochs 5]
#
# DOTNET_* variables in the environment (for example DOTNET_TieredCompilation=0, DOTNET_EnableAVX512=0) reach every
# run, so the same script compares runtime settings.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runs=10 cpu=1 warmup=5 epochs=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --cpu) cpu="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
pin=()
if [[ "$cpu" != "none" ]] && command -v taskset >/dev/null; then pin=(taskset -c "$cpu"); fi

out="$(mktemp -d -t netgen-startup.XXXXXX)"
dotnet build "$here" -c Release -v quiet -nologo -o "$out/bin" >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }

for mode in predict train; do
  for ((i = 1; i <= runs; i++)); do
    "${pin[@]}" dotnet "$out/bin/NetGen.Startup.dll" "$mode" --warmup "$warmup" --epochs "$epochs" | tee -a "$out/$mode.txt" >&2
  done
done

# Medians (and the range) of every key over the runs, per mode.
for mode in predict train; do
  echo "$mode ($runs fresh processes): median [min, max]"
  awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] != "output0") print kv[1], kv[2] } }' "$out/$mode.txt" |
    sort -k1,1 -s | awk '
      function flush() { if (n) { m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2; printf "  %-24s %10.2f  [%.2f, %.2f]\n", key, m, v[1], v[n] } }
      $1 != key { flush(); key = $1; n = 0 }
      { v[++n] = $2; for (j = n; j > 1 && v[j] < v[j - 1]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t } }
      END { flush() }'
done
