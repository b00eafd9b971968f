"""PyTorch on NetGen's reference topologies: per-sample training throughput and inference time, on one thread.

Run it through benchmarks/pytorch/run.sh, which pins one CPU and one BLAS thread. What it measures (one JSON line
per case on stdout, a readable table on stderr):

- train: one epoch of 2,048 samples, shuffled, SGD (learning rate 0.01, no momentum), at batch 1, 32 and 256:
  zero_grad, forward, loss, backward, step per batch, as a PyTorch user writes it (no DataLoader: index a
  permutation of preloaded tensors). One warm-up epoch, then the median of the timed epochs, per sample.
- predict: the forward of one sample, and of 256 samples in one call (per sample), under torch.inference_mode().

The networks are the reference networks of benchmarks/NetGen.Benchmarks.Contenders/ReferenceNetworks.cs (xsq,
digits, mnist, wide) with PyTorch's own initialisation and synthetic data of the same shape: the speed of these
dense layers does not depend on the values. Classifiers end in logits + CrossEntropyLoss (log-softmax fused, what
PyTorch recommends), regressors in MSELoss.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
from torch import nn

SAMPLES = 2048


def build(name):
    if name == "xsq":
        return nn.Sequential(nn.Linear(1, 64), nn.LeakyReLU(0.01), nn.Linear(64, 1)), 1, 1, False
    if name == "digits":
        return nn.Sequential(nn.Linear(64, 10), nn.ReLU(), nn.Linear(10, 10)), 64, 10, True
    if name == "mnist":
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10)), 784, 10, True
    if name == "wide":
        return nn.Sequential(nn.Linear(256, 256), nn.Tanh(), nn.Linear(256, 256), nn.Tanh(), nn.Linear(256, 16)), 256, 16, False
    raise SystemExit(f"bench.py: unknown network {name!r} (xsq, digits, mnist, wide)")


def data(inputs, outputs, classifier, generator):
    x = torch.rand(SAMPLES, inputs, generator=generator)
    if classifier:
        y = torch.randint(0, outputs, (SAMPLES,), generator=generator)
    else:
        y = torch.rand(SAMPLES, outputs, generator=generator) * 2 - 1
    return x, y


def train_epoch(model, loss_fn, optimizer, x, y, batch, generator):
    order = torch.randperm(SAMPLES, generator=generator)
    for start in range(0, SAMPLES, batch):
        idx = order[start:start + batch]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        optimizer.step()


def time_train(name, batch, epochs):
    torch.manual_seed(42)
    model, inputs, outputs, classifier = build(name)
    generator = torch.Generator().manual_seed(1)
    x, y = data(inputs, outputs, classifier, generator)
    loss_fn = nn.CrossEntropyLoss() if classifier else nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    train_epoch(model, loss_fn, optimizer, x, y, batch, generator)  # warm-up
    times = []
    for _ in range(epochs):
        t0 = time.perf_counter_ns()
        train_epoch(model, loss_fn, optimizer, x, y, batch, generator)
        times.append((time.perf_counter_ns() - t0) / SAMPLES)
    return statistics.median(times), min(times)


def time_calls(fn, seconds):
    """Median ns per call over batches of about 10 ms, after a warm-up of a quarter of the time."""
    per_batch = 1
    while True:
        t0 = time.perf_counter_ns()
        for _ in range(per_batch):
            fn()
        if time.perf_counter_ns() - t0 > 10_000_000 or per_batch >= 1 << 20:
            break
        per_batch *= 2
    end = time.perf_counter() + seconds / 4
    while time.perf_counter() < end:
        fn()
    times = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(times) < 9:
        t0 = time.perf_counter_ns()
        for _ in range(per_batch):
            fn()
        times.append((time.perf_counter_ns() - t0) / per_batch)
    return statistics.median(times), min(times)


def time_predict(name, count, seconds):
    torch.manual_seed(42)
    model, inputs, _, _ = build(name)
    model.eval()
    x = torch.rand(count, inputs, generator=torch.Generator().manual_seed(2))
    with torch.inference_mode():
        median, best = time_calls(lambda: model(x), seconds)
    return median / count, best / count


def blas():
    """The BLAS torch was built with and the one that is actually loaded after a matrix product."""
    config = torch.__config__.show()
    built = [line.strip() for line in config.splitlines() if "BLAS" in line.upper()]
    torch.mm(torch.rand(64, 64), torch.rand(64, 64))
    loaded = []
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            loaded = sorted({line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()})
    except OSError:
        pass
    return built, loaded


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nets", default="xsq,digits,mnist,wide")
    parser.add_argument("--batches", default="1,32,256")
    parser.add_argument("--epochs", type=int, default=5, help="timed epochs per training case (after one warm-up)")
    parser.add_argument("--seconds", type=float, default=1.0, help="measured time per inference case")
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    built, loaded = blas()
    env = {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    print(json.dumps({"kind": "info", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas_built": built, "blas_loaded": loaded, "env": env}), flush=True)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s); BLAS loaded: {', '.join(loaded) or 'none found'}",
          file=sys.stderr)

    for name in args.nets.split(","):
        for batch in [int(b) for b in args.batches.split(",")]:
            median, best = time_train(name, batch, args.epochs if batch > 1 else max(2, args.epochs // 2))
            print(json.dumps({"kind": "train", "net": name, "batch": batch, "ns_per_sample": median, "min": best}), flush=True)
            print(f"train   {name:7} batch {batch:4}: {median / 1000:9.2f} us per sample", file=sys.stderr)
        for count in (1, 256):
            median, best = time_predict(name, count, args.seconds)
            print(json.dumps({"kind": "predict", "net": name, "count": count, "ns_per_sample": median, "min": best}), flush=True)
            print(f"predict {name:7} {count:4} at once: {median / 1000:9.2f} us per sample", file=sys.stderr)


if __name__ == "__main__":
    main()
