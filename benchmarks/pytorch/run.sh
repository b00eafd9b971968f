#!/usr/bin/env bash
# NetGen's trainer and batched inference against PyTorch on one core, side by side in one run (benchmarks/README.md,
# "PyTorch"). PyTorch from Debian: apt-get install -y python3-torch libopenblas0-pthread.
#
#   bash benchmarks/pytorch/run.sh [--rounds 1] [--cpu 1] [--work DIR] [--quick]
#
# Each round runs bench.py (PyTorch, one thread, one BLAS thread) and then NetGen's TrainerBenchmarks and
# PredictBatchBenchmarks (BenchmarkDotNet, the in-process --round and --round-long jobs), all pinned to one CPU; the table gives
# the median over rounds and the ratio per round. --quick: fewer PyTorch epochs and shorter inference runs.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds=1 cpu=1 work="" quick=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --cpu) cpu="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# Debian's torch is installed for the system interpreter; PYTHON overrides.
python="${PYTHON:-/usr/bin/python3}"
"$python" -c "import torch" 2>/dev/null || {
  echo "run.sh: $python cannot import torch; install it with: apt-get install -y python3-torch libopenblas0-pthread" >&2
  exit 2
}
pin=()
if [[ "$cpu" != "none" ]] && command -v taskset >/dev/null; then pin=(taskset -c "$cpu"); fi
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

work="${work:-$(mktemp -d -t netgen-pytorch.XXXXXX)}"
mkdir -p "$work/raw"
echo "# work directory: $work" >&2
dotnet build "$repo/benchmarks/NetGen.Benchmarks" -c Release -v quiet -nologo >"$work/dotnet-build.log" 2>&1 \
  || { cat "$work/dotnet-build.log" >&2; exit 1; }
bench_dll="$(ls "$repo"/benchmarks/NetGen.Benchmarks/bin/Release/net*/NetGen.Benchmarks.dll | head -n 1)"

torch_args=()
[[ "$quick" == 1 ]] && torch_args=(--epochs 2 --seconds 0.3)
for ((r = 1; r <= rounds; r++)); do
  echo "# round $r: PyTorch" >&2
  "${pin[@]}" "$python" "$repo/benchmarks/pytorch/bench.py" "${torch_args[@]}" >"$work/raw/pytorch-$r.jsonl"
  echo "# round $r: NetGen" >&2
  # Inference with the short --round job, the trainer's epochs with --round-long. PredictBatch fails (and makes
  # BenchmarkDotNet exit non-zero) while the runtime has no PredictBatch; the table then leaves its column empty.
  (cd "$work" && "${pin[@]}" dotnet "$bench_dll" --filter '*PredictBatchBenchmarks*' '*PredictBenchmarks.NetGen' \
    --round --exporters json --artifacts "$work/raw/netgen-$r" >"$work/raw/netgen-$r.log" 2>&1) \
    || echo "# (BenchmarkDotNet reported failures: see $work/raw/netgen-$r.log)" >&2
  (cd "$work" && "${pin[@]}" dotnet "$bench_dll" --filter '*TrainerBenchmarks*' \
    --round-long --exporters json --artifacts "$work/raw/netgen-$r-trainer" >"$work/raw/netgen-$r-trainer.log" 2>&1) \
    || { tail -n 30 "$work/raw/netgen-$r-trainer.log" >&2; exit 1; }
done

"$python" "$repo/benchmarks/pytorch/table.py" "$work/raw" "$rounds"
