"""Side-by-side table of benchmarks/rtneural/run.sh: NetGen (BenchmarkDotNet Predict) against RTNeural per round.

usage: table.py RAW_DIR ROUNDS MODES BACKENDS [median|min] [MARCH]   (as run.sh calls it)
"""
import glob
import json
import statistics
import sys

NETS = ["xsq", "sincos", "xor", "digits", "mnist", "wide"]
LABELS = {"xsq": "xsq 1-64-1", "sincos": "sincos 7-10-2", "xor": "xor 3-4-1", "digits": "digits 64-10-10",
          "mnist": "mnist 784-128-64-10", "wide": "wide 256-256-256-16"}
MODES = {"default": "default", "avx2": "DOTNET_EnableAVX512=0", "sse": "DOTNET_EnableAVX2=0",
         "scalar": "DOTNET_EnableHWIntrinsic=0"}


def rtneural(raw, backend, r, stat):
    """net -> (ns, agrees) from one round of the harness."""
    result = {}
    with open(f"{raw}/rtneural-{backend}-{r}.txt", encoding="utf-8") as f:
        for line in f:
            net, _, median, best, _, note = line.split()
            result[net] = (float(median if stat == "median" else best), note == "agrees")
    return result


def netgen(raw, mode, r, stat):
    """net -> (ns, bytes allocated) of BenchmarkDotNet's PredictBenchmarks.NetGen in one round."""
    files = glob.glob(f"{raw}/netgen-{mode}-{r}-*/results/*PredictBenchmarks-report-full-compressed.json")
    if not files:
        sys.exit(f"table.py: no BenchmarkDotNet report for mode {mode}, round {r} in {raw}")
    result = {}
    for file in files:
        with open(file, encoding="utf-8") as f:
            for b in json.load(f)["Benchmarks"]:
                net = b["Parameters"].split("=", 1)[1]
                ns = b["Statistics"]["Median" if stat == "median" else "Min"]
                result[net] = (ns, b["Memory"]["BytesAllocatedPerOperation"])
    return result


def fmt(ns):
    return f"{ns:,.0f}" if ns >= 1000 else (f"{ns:.0f}" if ns >= 100 else f"{ns:.1f}")


def main():
    raw, rounds, modes, backends = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4].split()
    stat = sys.argv[5] if len(sys.argv) > 5 else "median"
    march = sys.argv[6] if len(sys.argv) > 6 else "native"
    behind_call = len(sys.argv) > 7 and sys.argv[7] == "1"
    rt = {b: [rtneural(raw, b, r, stat) for r in range(1, rounds + 1)] for b in backends}
    for mode in modes:
        ng = [netgen(raw, mode, r, stat) for r in range(1, rounds + 1)]
        called = ", forward() behind a call" if behind_call else ""
        print(f"\n### NetGen {MODES[mode]} against RTNeural (-march={march}{called}), ns per single-sample forward ({stat} of each round)\n")
        head = ["net", "NetGen"] + [f"RTNeural {b}" for b in backends]
        head += [f"ratio r{r}" for r in range(1, rounds + 1)] + ["NetGen / faster RTNeural (median)"]
        print("| " + " | ".join(head) + " |")
        print("| --- |" + " ---: |" * (len(head) - 1))
        for net in NETS:
            if not all(net in n for n in ng):
                continue
            ratios = []
            for r in range(rounds):
                fastest = min(rt[b][r][net][0] for b in backends)
                ratios.append(ng[r][net][0] / fastest)
            cells = [LABELS[net], fmt(statistics.median(n[net][0] for n in ng))]
            for b in backends:
                star = "" if all(rt[b][r][net][1] for r in range(rounds)) else "*"
                cells.append(fmt(statistics.median(rt[b][r][net][0] for r in range(rounds))) + star)
            cells += [f"{x:.2f}" for x in ratios]
            m = statistics.median(ratios)
            cells.append(f"**{m:.2f}**" + (" (slower)" if m > 1 else ""))
            print("| " + " | ".join(cells) + " |")
        allocated = max(n[net][1] for n in ng for net in n)
        print(f"\nNetGen allocated at most {allocated} B per call. "
              f"Ratio per round: NetGen's {stat} over that round's faster RTNeural backend; columns: median over the rounds.")
    if any(not ok for b in backends for res in rt[b] for (_, ok) in res.values()):
        print("\n\\* outputs differ from NetGen's by more than 1e-5 (RTNeural's xsimd softmax adds its padding "
              "lanes to the denominator); the time is still what that code costs.")


if __name__ == "__main__":
    main()
