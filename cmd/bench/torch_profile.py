"""Time share of matrix products in one PyTorch training step, for linear-algebra-burden.

Reads {"dtype", "threads", "steps", "workloads": [{"name", "sizes", "batch", "loss"}]} as JSON
on stdin, trains each workload as peers.py does (ReLU MLP, He-normal weights, SGD), profiles
`steps` steps with torch.profiler after a warm-up, and writes {"version", "results": [{"name",
"matmul_us", "total_us", "share"}]} on stdout: the self CPU time of the matrix-product
operators (aten::mm, addmm, bmm, baddbmm, mv, addmv, dot) over the self CPU time of every
operator. Exits 3 when PyTorch is not installed.

The profiler adds a fixed cost per operator, which weighs most on the tiny workload's many
small operators; its share is a lower bound there.
"""
import json
import os
import sys

cfg = json.load(sys.stdin)
cpus = sorted(os.sched_getaffinity(0))
if cfg["threads"] < len(cpus):
    os.sched_setaffinity(0, cpus[: cfg["threads"]])
try:
    import torch
    from torch.profiler import ProfilerActivity, profile
except ImportError as e:
    print(f"torch not installed: {e}", file=sys.stderr)
    sys.exit(3)

MATMUL = {"aten::mm", "aten::addmm", "aten::bmm", "aten::baddbmm", "aten::mv", "aten::addmv", "aten::dot"}
torch.set_num_threads(cfg["threads"])
dtype = {"float64": torch.float64, "float32": torch.float32}[cfg["dtype"]]
results = []
for w in cfg["workloads"]:
    torch.manual_seed(0)
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
        y, loss_fn = torch.randn(batch, sizes[-1], dtype=dtype), torch.nn.MSELoss()
    else:
        y, loss_fn = torch.randint(0, sizes[-1], (batch,)), torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(net(x), y).backward()
        opt.step()

    for _ in range(20):
        step()
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(cfg["steps"]):
            step()
    events = prof.key_averages()
    total = sum(e.self_cpu_time_total for e in events)
    mm = sum(e.self_cpu_time_total for e in events if e.key in MATMUL)
    results.append({"name": w["name"], "matmul_us": mm, "total_us": total, "share": mm / total if total else None})
json.dump({"version": "PyTorch " + torch.__version__, "results": results}, sys.stdout)
