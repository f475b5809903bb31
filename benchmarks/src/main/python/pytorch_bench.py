"""PyTorch side of the keras4j benchmark: the same networks, data, batch size, optimizer and thread
count as benchmarks/run gives keras4j and DL4J. Prints one JSON object.

usage: python3 pytorch_bench.py NETWORK EPOCHS TRAIN_EXAMPLES THREADS MNIST_DIR
       python3 pytorch_bench.py gemm THREADS      (float32 GEMM GFLOP/s, as GemmPeak.java measures it)
"""
import json
import resource
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn


INFERENCE_RUNS = 10  # timed runs after one warm-up, as in Benchmark.java


def idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def network(name):
    if name == "mnist-mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 1000), nn.ReLU(), nn.Linear(1000, 10))
    if name == "mnist-cnn":
        return nn.Sequential(
            nn.Conv2d(1, 32, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 2, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
            nn.Dropout(0.25), nn.Flatten(), nn.Linear(7 * 7 * 64, 1000), nn.ReLU(), nn.Linear(1000, 10))
    if name == "lenet5":
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding="same"), nn.Tanh(), nn.AvgPool2d(2),
            nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
            nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))
    raise SystemExit("unknown network " + name)


def gflops(m, n, k):
    """The best GFLOP/s over 5 timed batches of [m, k] . [k, n] products, each about half a second."""
    a, b = torch.rand(m, k), torch.rand(k, n)
    c = torch.empty(m, n)
    start = time.perf_counter()
    for _ in range(3):
        torch.mm(a, b, out=c)
    reps = max(1, int(0.5 * 3 / (time.perf_counter() - start)))
    best = 0.0
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b, out=c)
        best = max(best, 2.0 * m * n * k * reps / (time.perf_counter() - start) / 1e9)
    return best


def gemm(threads):
    torch.set_num_threads(threads)
    print(json.dumps({"impl": "pytorch", "torch_version": torch.__version__, "threads": torch.get_num_threads(),
                      "square_2048_gflops": gflops(2048, 2048, 2048),
                      "mlp_100x784x1000_gflops": gflops(100, 1000, 784)}, indent=2))


def main():
    if sys.argv[1] == "gemm":
        gemm(int(sys.argv[2]))
        return
    name, epochs, train_examples, threads, mnist_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
        int(sys.argv[4]), sys.argv[5]
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    x = torch.from_numpy(idx(mnist_dir + "/train-images-idx3-ubyte")[:train_examples].astype(np.float32) / 255.0)
    y = torch.from_numpy(idx(mnist_dir + "/train-labels-idx1-ubyte")[:train_examples].astype(np.int64))
    xt = torch.from_numpy(idx(mnist_dir + "/t10k-images-idx3-ubyte").astype(np.float32) / 255.0)
    yt = torch.from_numpy(idx(mnist_dir + "/t10k-labels-idx1-ubyte").astype(np.int64))
    x, xt = x.unsqueeze(1), xt.unsqueeze(1)  # NCHW, PyTorch's layout

    model = network(name)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    epoch_seconds = []
    for epoch in range(epochs):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(x))
        for i in range(0, len(x), 100):
            batch = order[i:i + 100]
            optimizer.zero_grad()
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
        epoch_seconds.append(time.perf_counter() - start)

    model.eval()
    inference_seconds = []
    with torch.no_grad():
        for run in range(INFERENCE_RUNS + 1):
            start = time.perf_counter()
            out = torch.cat([model(xt[i:i + 1000]) for i in range(0, len(xt), 1000)])
            if run > 0:  # the first run warms up
                inference_seconds.append(time.perf_counter() - start)
    accuracy = (out.argmax(1) == yt).float().mean().item()
    print(json.dumps({
        "impl": "pytorch", "network": name, "epochs": epochs, "train_examples": train_examples, "batch_size": 100,
        "epoch_seconds": epoch_seconds, "inference_seconds": inference_seconds, "test_accuracy": accuracy,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "threads": torch.get_num_threads(), "torch_version": torch.__version__,
        "median_epoch_seconds": statistics.median(epoch_seconds)}, indent=2))


if __name__ == "__main__":
    main()
