"""Peer references for cmd/bench: trains the same MLP workloads (ReLU hidden layers,
He-normal weights, zero biases, plain SGD at lr 0.01, one fixed random batch) with PyTorch
eager, torch.compile or JAX jit on the CPU, and reports samples per second. The JAX and
compile variants follow /work/shared/tools/peer_mlp.py, an independent reference.

Reads one line of JSON on stdin: {"framework": "torch" | "torch-compile" | "jax" |
"torch-profile", "dtype": "float64" | "float32", "threads", "workloads": [{"name", "sizes",
"batch", "loss"}]}, and "steps" for torch-profile. Exits with status 3 and a message on
stderr when the framework is not installed.

For "torch", "torch-compile" and "jax" it then serves windows: it builds and warms up every
workload, writes one line {"version", "errors": {name: message}} (the workloads that could
not be built), and then answers each line "NAME SECONDS" on stdin with one line {"rate":
samples/s} or {"error": message}: the workload trained for that long, after two untimed
steps. cmd/bench sends these in rounds, one window per workload for Go and for every peer
in turn, so that a slow stretch of a shared machine falls on all of them alike.

"torch-profile" instead profiles that many PyTorch eager steps with torch.profiler and
writes {"version", "results": [{"name", "share" or null, "error"}]}, where "share" is the
self CPU time of the matrix-product operators (aten::mm, addmm, bmm, baddbmm, mv, addmv, dot)
over that of every operator, for linear-algebra-burden. The profiler adds a fixed cost per
operator, which weighs most on the tiny workload's many small operators.

The process is pinned to `threads` CPUs (sched_setaffinity) before the framework is
imported, so that JAX's and PyTorch's thread pools size themselves to the same cores the Go
step uses.
"""
import json
import os
import sys
import time

cfg = json.loads(sys.stdin.readline())
fw, dt, threads = cfg["framework"], cfg["dtype"], cfg["threads"]
cpus = sorted(os.sched_getaffinity(0))
if threads < len(cpus):
    os.sched_setaffinity(0, cpus[:threads])


def window(step, sync, batch, secs):
    # One window: two untimed steps (the caches hold another workload's data), then as
    # many steps as fit in secs, synchronising every 10.
    for _ in range(2):
        step()
    sync()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < secs:
        for _ in range(10):
            step()
        n += 10
        sync()
    return n * batch / (time.perf_counter() - t0)


version = ""
try:
    if fw in ("torch", "torch-compile", "torch-profile"):
        import torch
        version = "PyTorch " + torch.__version__
        if fw == "torch-compile" and not hasattr(torch, "compile"):
            print(f"torch.compile needs PyTorch 2 (found {torch.__version__})", file=sys.stderr)
            sys.exit(3)
    elif fw == "jax":
        os.environ["JAX_PLATFORMS"] = "cpu"
        import jax
        import jax.numpy as jnp
        version = "JAX " + jax.__version__
        if dt == "float64":
            jax.config.update("jax_enable_x64", True)
    else:
        print(f"unknown framework {fw}", file=sys.stderr)
        sys.exit(2)
except ImportError as e:
    print(f"{fw} not installed: {e}", file=sys.stderr)
    sys.exit(3)


def torch_step(w):
    """The workload's training step in PyTorch (compiled for torch-compile), and its batch."""
    torch.set_num_threads(threads)
    dtype = {"float64": torch.float64, "float32": torch.float32}[dt]
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
        y = torch.randn(batch, sizes[-1], dtype=dtype)
        loss_fn = torch.nn.MSELoss()
    else:
        y = torch.randint(0, sizes[-1], (batch,))
        loss_fn = torch.nn.CrossEntropyLoss()

    def fwdbwd():
        opt.zero_grad(set_to_none=True)
        loss_fn(net(x), y).backward()

    f = torch.compile(fwdbwd) if fw == "torch-compile" else fwdbwd

    def step():
        f()
        opt.step()

    return step, batch




MATMUL = {"aten::mm", "aten::addmm", "aten::bmm", "aten::baddbmm", "aten::mv", "aten::addmv", "aten::dot"}


def torch_share(w):
    from torch.profiler import ProfilerActivity, profile

    step, _ = torch_step(w)
    for _ in range(20):
        step()
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(cfg["steps"]):
            step()
    events = prof.key_averages()
    total = sum(e.self_cpu_time_total for e in events)
    return sum(e.self_cpu_time_total for e in events if e.key in MATMUL) / total


def jax_step(w):
    """The workload's jitted training step, a function that waits for it, and its batch."""
    dtype = {"float64": jnp.float64, "float32": jnp.float32}[dt]
    sizes, batch, loss = w["sizes"], w["batch"], w["loss"]
    key = jax.random.PRNGKey(0)
    params = []
    for i in range(len(sizes) - 1):
        key, k = jax.random.split(key)
        wt = jax.random.normal(k, (sizes[i], sizes[i + 1]), dtype) * jnp.sqrt(2.0 / sizes[i]).astype(dtype)
        params.append((wt, jnp.zeros((sizes[i + 1],), dtype)))
    key, k1, k2 = jax.random.split(key, 3)
    x = jax.random.uniform(k1, (batch, sizes[0]), dtype)
    if loss == "mse":
        y = jax.random.normal(k2, (batch, sizes[-1]), dtype)
    else:
        y = jax.random.randint(k2, (batch,), 0, sizes[-1])

    def lossf(ps):
        h = x
        for j, (wt, b) in enumerate(ps):
            h = h @ wt + b
            if j < len(ps) - 1:
                h = jax.nn.relu(h)
        if loss == "mse":
            return jnp.mean((h - y) ** 2)
        return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(h), y[:, None], axis=1))

    @jax.jit
    def update(ps):
        g = jax.grad(lossf)(ps)
        return jax.tree_util.tree_map(lambda p, q: p - 0.01 * q, ps, g)

    state = {"p": params}

    def step():
        state["p"] = update(state["p"])

    return step, lambda: jax.block_until_ready(state["p"]), batch


def failure(e):
    return f"{type(e).__name__}: {e}"[:300]


if fw == "torch-profile":
    results = []
    for w in cfg["workloads"]:
        try:
            results.append({"name": w["name"], "share": torch_share(w), "error": ""})
        except Exception as e:  # a workload that cannot run still lets the rest report
            results.append({"name": w["name"], "share": None, "error": failure(e)})
    json.dump({"version": version, "results": results}, sys.stdout)
    sys.exit(0)

steps, errors = {}, {}
for w in cfg["workloads"]:
    try:
        if fw == "jax":
            step, sync, batch = jax_step(w)
        else:
            step, batch = torch_step(w)
            sync = lambda: None
        for _ in range(20):  # compile and warm up
            step()
        sync()
        steps[w["name"]] = (step, sync, batch)
    except Exception as e:
        errors[w["name"]] = failure(e)
print(json.dumps({"version": version, "errors": errors}), flush=True)
for line in sys.stdin:
    name, secs = line.split()
    try:
        step, sync, batch = steps[name]
        print(json.dumps({"rate": window(step, sync, batch, float(secs))}), flush=True)
    except Exception as e:
        print(json.dumps({"error": errors.get(name) or failure(e)}), flush=True)
