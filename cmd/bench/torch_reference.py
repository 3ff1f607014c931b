"""PyTorch reference for cmd/bench: trains the same MLP workloads (ReLU hidden layers,
He-normal weights, plain SGD, a fixed random batch) and reports samples per second.

Reads {"workloads": [{"name", "sizes", "batch", "loss"}], "threads", "seconds", "dtype"} as
JSON on stdin and writes {"torch": version, "results": [{"name", "samples_per_s"}]} on stdout.
"""
import json
import sys
import time

import torch

cfg = json.load(sys.stdin)
torch.set_num_threads(cfg["threads"])
dtype = {"float64": torch.float64, "float32": torch.float32}[cfg["dtype"]]
torch.manual_seed(0)
results = []
for w in cfg["workloads"]:
    sizes, batch = w["sizes"], w["batch"]
    layers = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1]).to(dtype)
        torch.nn.init.kaiming_normal_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x = torch.rand(batch, sizes[0], dtype=dtype)
    if w["loss"] == "mse":
        y = torch.randn(batch, sizes[-1], dtype=dtype)
        loss_fn = torch.nn.MSELoss()
    else:
        y = torch.randint(0, sizes[-1], (batch,))
        loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(net(x), y).backward()
        opt.step()

    for _ in range(10):
        step()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < cfg["seconds"]:
        step()
        n += 1
    results.append({"name": w["name"], "samples_per_s": n * batch / (time.perf_counter() - start)})
json.dump({"torch": torch.__version__, "results": results}, sys.stdout)
