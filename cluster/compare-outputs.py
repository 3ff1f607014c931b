#!/usr/bin/env python3
"""Compares two output folders of cmd/reproduce (a single run and a merged sharded run) byte for
byte, apart from times: results.json with each claim's "seconds" and the "provenance" block
masked, REPORT.md with its "Run time ... s" and "<sub>Made by" lines masked, every other file
exactly. Claims given with --skip (those that measure wall-clock time, so differ between any
two runs) are left out: their files, results.json entries and REPORT.md sections. The same
rule as pkg/ledger's compareOutputs test helper. Exit 0 when equal, 1 with the differences."""
import argparse, json, os, re, sys


def files(d):
    return {n for n in os.listdir(d) if not n.startswith(".") and os.path.isfile(os.path.join(d, n))}


def skipped(name, skip):
    return any(name == i + os.path.splitext(name)[1] or name.startswith(i + "-") for i in skip)


def results(path, skip):
    r = json.load(open(path))
    r.pop("provenance", None)
    r["claims"] = [dict(c, seconds=0) for c in r["claims"] if c["id"] not in skip]
    return json.dumps(r, indent=1, sort_keys=True)


def report(path, skip):
    s = open(path, encoding="utf-8").read()
    s = re.sub(r"Run time [0-9.]+ s", "Run time ? s", s)
    s = re.sub(r"(?m)^<sub>Made by .*$", "(provenance)", s)
    if skip:
        s = re.sub(r"(?m)^[0-9]+ claims: .*$", "(tally)", s)
    out = []
    for sec in s.split("\n## "):
        if any(sec.startswith(i + "\n") for i in skip):
            continue
        out.append("\n".join(l for l in sec.split("\n") if not any(f"[{i}](#{i})" in l for i in skip)))
    return "\n## ".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skip", action="append", default=[], help="a claim id to leave out (repeatable)")
    ap.add_argument("a")
    ap.add_argument("b")
    args = ap.parse_args()
    fa = {n for n in files(args.a) if not skipped(n, args.skip)}
    fb = {n for n in files(args.b) if not skipped(n, args.skip)}
    bad = [f"only in {args.a}: {n}" for n in sorted(fa - fb)] + [f"only in {args.b}: {n}" for n in sorted(fb - fa)]
    same = 0
    for n in sorted(fa & fb):
        pa, pb = os.path.join(args.a, n), os.path.join(args.b, n)
        if skipped(n, args.skip):
            continue
        if n == "results.json":
            eq = results(pa, args.skip) == results(pb, args.skip)
        elif n == "REPORT.md":
            eq = report(pa, args.skip) == report(pb, args.skip)
        else:
            eq = open(pa, "rb").read() == open(pb, "rb").read()
        if eq:
            same += 1
        else:
            bad.append(f"differs: {n}")
    for b in bad:
        print(b)
    print(f"{same} files identical (results.json and REPORT.md apart from times), {len(bad)} differences; skipped: {', '.join(args.skip) or 'none'}")
    sys.exit(1 if bad else 0)


main()
