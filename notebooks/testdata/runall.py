"""Run All, as JupyterLab and Notebook do it, at the protocol level.

Sends every code cell of a notebook to a fresh kernel at once (one execute_request each, with
stop_on_error=True, as the front ends' Run All does), optionally interrupts the kernel once a
cell prints "started", and prints one JSON object: each cell's reply status and everything
the cells wrote. The Go test (notebooks_test.go, TestRunAllStopsAtFirstFailure) judges it.

With --rerun-last, it then waits longer than a person takes to read an error and runs the
last cell once more (the negative control: a deliberate re-run must run), reporting its
status as "rerun" and its output under "rerun_stdout".

usage: python3 runall.py NOTEBOOK [--interrupt-on-started] [--rerun-last]
"""
import json
import os
import sys
import time

import jupyter_client


def collect(msg, result):
    if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
        result["rerun_stdout"] = result.get("rerun_stdout", "") + msg["content"]["text"]


def main():
    path = sys.argv[1]
    interrupt = "--interrupt-on-started" in sys.argv[2:]
    with open(path) as f:
        nb = json.load(f)
    cells = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
             for c in nb["cells"] if c["cell_type"] == "code"]
    # The kernel starts in the notebook's folder, as Jupyter starts it.
    km, kc = jupyter_client.manager.start_new_kernel(
        kernel_name="gonb", cwd=os.path.dirname(os.path.abspath(path)))
    result = {"status": [], "stdout": "", "stderr": "", "interrupted": False}
    try:
        ids = [kc.execute(c, stop_on_error=True) for c in cells]
        replies = {}
        deadline = time.time() + 900
        while len(replies) < len(ids) and time.time() < deadline:
            try:
                msg = kc.get_iopub_msg(timeout=0.2)
                if msg["msg_type"] == "stream":
                    text = msg["content"]["text"]
                    result[msg["content"]["name"]] += text
                    if interrupt and not result["interrupted"] and "started" in text:
                        time.sleep(0.5)
                        km.interrupt_kernel()
                        result["interrupted"] = True
            except Exception:
                pass
            try:
                while True:
                    msg = kc.get_shell_msg(timeout=0)
                    parent = msg["parent_header"].get("msg_id")
                    if parent in ids:
                        replies[parent] = msg["content"]["status"]
            except Exception:
                pass
        # Drain what the last cells wrote.
        end = time.time() + 2
        while time.time() < end:
            try:
                msg = kc.get_iopub_msg(timeout=0.2)
                if msg["msg_type"] == "stream":
                    result[msg["content"]["name"]] += msg["content"]["text"]
            except Exception:
                pass
        result["status"] = [replies.get(i, "no reply") for i in ids]
        if "--rerun-last" in sys.argv[2:]:
            time.sleep(5)
            reply = kc.execute_interactive(cells[-1], stop_on_error=True, timeout=600,
                                           output_hook=lambda m: collect(m, result))
            result["rerun"] = reply["content"]["status"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
