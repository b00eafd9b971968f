#!/usr/bin/env bash
# NetGen against RTNeural (C++, ModelT, Eigen and xsimd backends) on the six reference networks, side by side in one
# run: identical weights and input, interleaved rounds, ns per single-sample forward, ratio per round and the median.
# See benchmarks/README.md ("RTNeural"). RTNeural is not part of this repository: pass a checkout of it.
#
#   bash benchmarks/rtneural/run.sh --rtneural DIR [--xsimd DIR] [--rounds 3] [--modes default,avx2]
#                                   [--seconds 1] [--cpu 1] [--work DIR] [--stat median|min] [--march native] [--call]
#
#   --rtneural DIR  a checkout of github.com/jatinchowdhury18/RTNeural (its bundled Eigen is used)
#   --xsimd DIR     a checkout of github.com/xtensor-stack/xsimd at the commit RTNeural pins (default: DIR/modules/xsimd);
#                   without it only the Eigen backend runs, and the script says which commit to fetch
#   --modes LIST    NetGen runs per round, comma separated: default (every instruction set the CPU has),
#                   avx2 (DOTNET_EnableAVX512=0, on .NET 8/9 DOTNET_EnableAVX512F=0), sse (DOTNET_EnableAVX2=0, 128-bit vectors), scalar
#                   (DOTNET_EnableHWIntrinsic=0).
#   --march M       the -march RTNeural is compiled for (default native; x86-64-v3 = AVX2 + FMA, the fair partner of
#                   NetGen's avx2 mode on an AVX-512 machine)
#   --seconds S     RTNeural's measured time per network and round (plus a quarter of it warming up)
#   --cpu N         pin everything to this CPU with taskset (default 1; "none" to not pin)
#   --work DIR      where the export, the binaries and the raw results go (default: a new temporary directory)
#   --call          time RTNeural's forward() behind a call the compiler may not inline (as a library API is called,
#                   and as NetGen's Predict is); by default it is inlined into the timing loop
#   --stat S        what the table compares: the median of each side's timed batches (default), or their minimum
#                   (the better estimate of the unloaded time on a machine shared with other work)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rtneural="" xsimd="" rounds=3 modes="default,avx2" seconds=1 cpu=1 work="" stat=median march=native call=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rtneural) rtneural="$2"; shift 2 ;;
    --xsimd) xsimd="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --cpu) cpu="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --stat) stat="$2"; shift 2 ;;
    --march) march="$2"; shift 2 ;;
    --call) call=1; shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -z "$rtneural" || ! -f "$rtneural/RTNeural/RTNeural.h" ]]; then
  echo "run.sh: --rtneural must name a checkout of github.com/jatinchowdhury18/RTNeural (RTNeural/RTNeural.h not found in '${rtneural}')." >&2
  exit 2
fi
rtneural="$(cd "$rtneural" && pwd)"

# The xsimd commit RTNeural pins: from its git index when it is a git checkout.
pinned=""
if git -C "$rtneural" rev-parse --git-dir >/dev/null 2>&1; then
  pinned="$(git -C "$rtneural" ls-tree HEAD modules/xsimd 2>/dev/null | awk '$2 == "commit" { print $3 }')"
fi
[[ -z "$xsimd" && -f "$rtneural/modules/xsimd/include/xsimd/xsimd.hpp" ]] && xsimd="$rtneural/modules/xsimd"
if [[ -n "$xsimd" && ! -f "$xsimd/include/xsimd/xsimd.hpp" ]]; then
  echo "run.sh: --xsimd '$xsimd' has no include/xsimd/xsimd.hpp." >&2
  exit 2
fi
if [[ -z "$xsimd" ]]; then
  echo "run.sh: no xsimd: the xsimd backend is skipped. Fetch github.com/xtensor-stack/xsimd at ${pinned:-the commit of the modules/xsimd submodule of RTNeural} and pass --xsimd DIR." >&2
elif [[ -n "$pinned" ]] && git -C "$xsimd" rev-parse --git-dir >/dev/null 2>&1; then
  have="$(git -C "$xsimd" rev-parse HEAD)"
  [[ "$have" == "$pinned" ]] || echo "run.sh: warning: xsimd is at $have, RTNeural pins $pinned." >&2
fi

for tool in g++ dotnet python3; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required." >&2; exit 2; }
done
pin=()
if [[ "$cpu" != "none" ]]; then
  if command -v taskset >/dev/null; then pin=(taskset -c "$cpu"); else echo "run.sh: taskset not found, not pinning." >&2; fi
fi

work="${work:-$(mktemp -d -t netgen-rtneural.XXXXXX)}"
mkdir -p "$work/export" "$work/raw"
echo "# work directory: $work" >&2

echo "# building NetGen.Benchmarks and exporting the reference networks" >&2
dotnet build "$repo/benchmarks/NetGen.Benchmarks" -c Release -v quiet -nologo >"$work/dotnet-build.log" 2>&1 \
  || { cat "$work/dotnet-build.log" >&2; exit 1; }
bench_dll="$(ls "$repo"/benchmarks/NetGen.Benchmarks/bin/Release/net*/NetGen.Benchmarks.dll | head -n 1)"
dotnet "$bench_dll" --export-reference "$work/export" >&2

echo "# compiling the harness (g++ -O3 -march=$march)" >&2
common=(-std=c++17 -O3 -march="$march" -DNDEBUG -DHARNESS_CALL="$call" -I"$rtneural" -I"$rtneural/modules/json")
backends=(eigen)
g++ "${common[@]}" -DRTNEURAL_USE_EIGEN=1 -DRTNEURAL_DEFAULT_ALIGNMENT=32 -DEIGEN_STACK_ALLOCATION_LIMIT=0 \
  -I"$rtneural/modules/Eigen" "$repo/benchmarks/rtneural/harness.cpp" -o "$work/rtneural-eigen"
if [[ -n "$xsimd" ]]; then
  backends+=(xsimd)
  g++ "${common[@]}" -DRTNEURAL_USE_XSIMD=1 -DRTNEURAL_DEFAULT_ALIGNMENT=64 -I"$xsimd/include" \
    "$repo/benchmarks/rtneural/harness.cpp" -o "$work/rtneural-xsimd"
fi

mode_env() {
  case "$1" in
    default) echo "" ;;
    avx2) echo "DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0" ;; # the second is .NET 10's name
    sse) echo "DOTNET_EnableAVX2=0" ;;
    scalar) echo "DOTNET_EnableHWIntrinsic=0" ;;
    *) echo "run.sh: unknown mode '$1' (default, avx2, sse, scalar)" >&2; exit 2 ;;
  esac
}
IFS=',' read -r -a mode_list <<<"$modes"
for m in "${mode_list[@]}"; do mode_env "$m" >/dev/null; done

# Interleaved as finely as the tools allow: per round, per network, RTNeural's backends and then NetGen's modes.
nets=(xsq sincos xor digits mnist wide)
for ((r = 1; r <= rounds; r++)); do
  for net in "${nets[@]}"; do
    for b in "${backends[@]}"; do
      echo "# round $r, $net: RTNeural $b" >&2
      "${pin[@]}" "$work/rtneural-$b" "$work/export" "$seconds" "$net" | tee -a "$work/raw/rtneural-$b-$r.txt" >&2
    done
    for m in "${mode_list[@]}"; do
      echo "# round $r, $net: NetGen ($m)" >&2
      log="$work/raw/netgen-$m-$r-$net.log"
      # shellcheck disable=SC2046
      (cd "$work" && env $(mode_env "$m") "${pin[@]}" dotnet "$bench_dll" --filter "*PredictBenchmarks.NetGen(Net: \"$net\")" \
        --round --exporters json --artifacts "$work/raw/netgen-$m-$r-$net" >"$log" 2>&1) || { tail -n 30 "$log" >&2; exit 1; }
    done
  done
done

python3 "$repo/benchmarks/rtneural/table.py" "$work/raw" "$rounds" "$modes" "${backends[*]}" "$stat" "$march" "$call"
