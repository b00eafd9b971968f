"""Side-by-side tables of benchmarks/pytorch/run.sh. usage: table.py RAW_DIR ROUNDS"""
import glob
import json
import statistics
import sys


def torch_round(raw, r):
    info, train, predict = None, {}, {}
    with open(f"{raw}/pytorch-{r}.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["kind"] == "info":
                info = row
            elif row["kind"] == "train":
                train[(row["net"], row["batch"])] = row["ns_per_sample"]
            else:
                predict[(row["net"], row["count"])] = row["ns_per_sample"]
    return info, train, predict


def netgen_round(raw, r):
    """(class, method, params) -> median ns per operation."""
    result = {}
    for file in glob.glob(f"{raw}/netgen-{r}/results/*-report-full-compressed.json") + \
            glob.glob(f"{raw}/netgen-{r}-trainer/results/*-report-full-compressed.json"):
        with open(file, encoding="utf-8") as f:
            for b in json.load(f)["Benchmarks"]:
                if not b.get("Statistics"):
                    continue
                params = dict(p.split("=", 1) for p in b["Parameters"].split("&"))
                result[(b["Type"], b["Method"], params.get("Net"), params.get("Batch"))] = b["Statistics"]["Median"]
    return result


def us(ns):
    return f"{ns / 1000:,.2f}" if ns < 100_000 else f"{ns / 1000:,.0f}"


def main():
    raw, rounds = sys.argv[1], int(sys.argv[2])
    torch_rounds = [torch_round(raw, r) for r in range(1, rounds + 1)]
    ng = [netgen_round(raw, r) for r in range(1, rounds + 1)]
    info = torch_rounds[0][0]
    print(f"PyTorch {info['torch']}, {info['threads']} thread, env {info['env']}; "
          f"BLAS loaded: {', '.join(info['blas_loaded']) or 'none found'}")

    print("\n### Training, µs per sample (Trainer.Fit / SGD epoch of 2,048 samples)\n")
    print("| net | batch | NetGen | PyTorch | PyTorch / NetGen per round | median |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    for net in ("xsq", "digits", "mnist", "wide"):
        for batch in (1, 32, 256):
            key = ("TrainerBenchmarks", "TrainerEpoch", net, str(batch))
            if not all(key in n for n in ng) or not all((net, batch) in t[1] for t in torch_rounds):
                continue
            ratios = [t[1][(net, batch)] / n[key] for t, n in zip(torch_rounds, ng)]
            print(f"| {net} | {batch} | {us(statistics.median(n[key] for n in ng))} | "
                  f"{us(statistics.median(t[1][(net, batch)] for t in torch_rounds))} | "
                  f"{', '.join(f'{x:.2f}' for x in ratios)} | **{statistics.median(ratios):.2f}** |")

    print("\n### Inference, µs per sample\n")
    print("| net | NetGen Predict | NetGen 256 × Predict | NetGen PredictBatch(256) | PyTorch 1 sample | PyTorch 256 at once |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for net in ("xsq", "digits", "mnist", "wide"):
        def cell(key):
            vals = [n[key] for n in ng if key in n]
            return us(statistics.median(vals)) if vals else "–"
        single = cell(("PredictBenchmarks", "NetGen", net, None))
        loop = cell(("PredictBatchBenchmarks", "PredictLoop", net, None))
        batch = cell(("PredictBatchBenchmarks", "PredictBatch", net, None))
        t1 = us(statistics.median(t[2][(net, 1)] for t in torch_rounds))
        t256 = us(statistics.median(t[2][(net, 256)] for t in torch_rounds))
        print(f"| {net} | {single} | {loop} | {batch} | {t1} | {t256} |")
    print("\nA ratio above 1 means NetGen is faster. '–': not measured (PredictBatch missing from this runtime, or the "
          "network is not in that benchmark).")


if __name__ == "__main__":
    main()
