#!/usr/bin/env bash
# Start-up and Native AOT measurements of samples/EmbeddedInference (benchmarks/README.md, "Start-up and Native AOT").
# Publishes the sample in several ways (JIT, ReadyToRun, Native AOT with the default instruction set, on x64 also with
# x86-64-v3 = AVX2 + FMA, and for this machine's CPU) and reports for each: the size on disk, the time from launching
# the process to its first prediction and to its exit (median of RUNS fresh processes), and the steady-state time of
# one Predict call (median of 5 processes). The variants take turns in every round, so that a busy machine slows them
# alike; compare the variants with each other, not with numbers from another run.
# Usage: bash benchmarks/startup.sh [RUNS]   (publishes into artifacts/startup/)
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
  if [ -z "${SKIP_PUBLISH:-}" ]; then
    dotnet publish "$sample" -c Release -r "$rid" -o "$out/$name" "$@" >"$out/$name.publish.log" 2>&1 ||
      { cat "$out/$name.publish.log" >&2; exit 1; }
  fi
  variants+=("$name")
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

mkdir -p "$out"
variants=()
publish jit -p:PublishAot=false --self-contained false
publish r2r -p:PublishAot=false --self-contained false -p:PublishReadyToRun=true
publish aot
[ "$rid" = linux-x64 ] && publish aot-v3 -p:IlcInstructionSet=x86-64-v3
publish aot-native -p:IlcInstructionSet=native

declare -A first total predict
for _ in $(seq "$runs"); do
  for name in "${variants[@]}"; do
    start=$(date +%s%N)
    stamp=$("$out/$name/EmbeddedInference" --stamp | awk '/^first-prediction-unix-ns/ { print $2 }')
    end=$(date +%s%N)
    first[$name]+="$(( (stamp - start) / 1000 )) "
    total[$name]+="$(( (end - start) / 1000 )) "
  done
done
for _ in 1 2 3 4 5; do
  for name in "${variants[@]}"; do
    predict[$name]+="$("$out/$name/EmbeddedInference" bench --calls 2000000 | awk '/^predict-ns/ { print $2 }') "
  done
done

printf '%-11s %10s %20s %14s %12s\n' variant "size (MB)" "start→1st predict" "start→exit" "Predict"
for name in "${variants[@]}"; do
  if [ "${name#aot}" != "$name" ]; then
    size=$(stat -c %s "$out/$name/EmbeddedInference")
  else
    # JIT and ReadyToRun also need the shared .NET runtime; this counts only the application's own files.
    size=$(du -cb "$out/$name"/*.dll "$out/$name/EmbeddedInference" | tail -1 | cut -f1)
  fi
  printf '%-11s %10.2f %17.2f ms %11.2f ms %9s ns\n' "$name" "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')" \
    "$(tr ' ' '\n' <<<"${first[$name]}" | grep . | median | awk '{ print $1 / 1000 }')" \
    "$(tr ' ' '\n' <<<"${total[$name]}" | grep . | median | awk '{ print $1 / 1000 }')" \
    "$(tr ' ' '\n' <<<"${predict[$name]}" | grep . | median)"
done
