#!/usr/bin/env bash
# Start-up and Native AOT measurements of samples/EmbeddedInference (benchmarks/README.md, "Start-up and Native AOT").
# Publishes the sample five ways (JIT, ReadyToRun, Native AOT with the default instruction set, with x86-64-v3 = AVX2 and
# FMA, and for this machine's CPU) and reports for each: the file size, the time from launching the process to its first prediction and to
# its exit (median of RUNS fresh processes), and the steady-state time of one Predict call (median of 3 processes).
# Usage: bash benchmarks/startup.sh [RUNS]   (writes the publish outputs to artifacts/startup/)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-21}
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
out=artifacts/startup
sample=samples/EmbeddedInference

publish() { # name, extra publish arguments...
  local name=$1; shift
  dotnet publish "$sample" -c Release -r "$rid" -o "$out/$name" "$@" >"$out/$name.publish.log" 2>&1 ||
    { cat "$out/$name.publish.log" >&2; exit 1; }
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

mkdir -p "$out"
publish jit -p:PublishAot=false --self-contained false
publish r2r -p:PublishAot=false --self-contained false -p:PublishReadyToRun=true
publish aot
variants=(jit r2r aot)
if [ "$rid" = linux-x64 ]; then
  publish aot-v3 -p:IlcInstructionSet=x86-64-v3
  variants+=(aot-v3)
fi
publish aot-native -p:IlcInstructionSet=native
variants+=(aot-native)

printf '%-11s %12s %22s %14s %12s\n' variant "size (MB)" "start→first predict" "start→exit" "Predict"
for name in "${variants[@]}"; do
  program="$out/$name/EmbeddedInference"
  if [ "${name#aot}" != "$name" ]; then
    size=$(stat -c %s "$program")
  else
    # The JIT and ReadyToRun builds need the shared runtime as well; this counts only the application's own files.
    size=$(du -cb "$out/$name"/*.dll "$program" | tail -1 | cut -f1)
  fi
  first=() total=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    stamp=$("$program" --stamp | awk '/^first-prediction-unix-ns/ { print $2 }')
    end=$(date +%s%N)
    first+=($(( (stamp - start) / 1000 )))
    total+=($(( (end - start) / 1000 )))
  done
  predict=()
  for _ in 1 2 3; do
    predict+=("$("$program" bench --calls 2000000 | awk '/^predict-ns/ { print $2 }')")
  done
  printf '%-11s %12.2f %19.2f ms %11.2f ms %9s ns\n' "$name" "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')" \
    "$(printf '%s\n' "${first[@]}" | median | awk '{ print $1 / 1000 }')" \
    "$(printf '%s\n' "${total[@]}" | median | awk '{ print $1 / 1000 }')" \
    "$(printf '%s\n' "${predict[@]}" | median)"
done
