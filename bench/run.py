#!/usr/bin/env python3
"""make bench: every issue-8 figure in one run, with the Python baseline
measured in the same run and the ratios against it.

  python3 bench/run.py [--runs N] [--quick]

Steps: machine (nproc, CPU model, load); N alternating runs of the Python
baseline (bench/baseline.py) and of Margin's real import/export path
(bench/cmd/marginbench) on the same generated doccano corpus (10,000
articles, 1,000,000 spans; written to a temp dir, removed afterwards);
the Go benchmarks (single edit p50/p99, agreement, open + memory, article
view scroll/hit-test/redraw); start-up under Xvfb (bench/startup.sh).
--quick: 1,000 articles (100,000 spans) and one run, for a smoke test.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(args, **kw):
    return subprocess.run(args, cwd=ROOT, check=True, text=True, capture_output=True, **kw).stdout


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return "nproc %d, CPU %s, load average %s, %s" % (os.cpu_count(), model, load, sh(["go", "version"]).strip())


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def gobench(pkg, pattern, benchtime, env=None):
    """Runs go test -bench; returns {name: {unit: value}}."""
    out = sh(["go", "test", "-run", "^$", "-bench", pattern, "-benchtime", benchtime, pkg],
             env=dict(os.environ, **(env or {})))
    res = {}
    for line in out.splitlines():
        m = re.match(r"^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$", line)
        if not m:
            continue
        vals = {}
        for num, unit in re.findall(r"([\d.]+) (\S+)", m.group(2)):
            vals[unit] = float(num)
        res[m.group(1)] = vals
    return res


def settle():
    """Flushes the previous run's dirty pages (each run writes 300-600 MB)
    and pauses, so that neither side pays for the other's writeback."""
    os.sync()
    time.sleep(2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    docs = 1000 if a.quick else 10000
    runs = 1 if a.quick else a.runs
    print("machine:", machine())
    work = tempfile.mkdtemp(prefix="margin-bench-")
    try:
        corpus = os.path.join(work, "corpus.jsonl")
        sh(["python3", "bench/baseline.py", "generate", corpus, "--docs", str(docs)])
        print("corpus: %d articles, %d spans, %.1f MB doccano JSONL (generated, deleted afterwards)"
              % (docs, docs * 100, os.path.getsize(corpus) / 1e6))
        mb = os.path.join(work, "marginbench")
        sh(["go", "build", "-o", mb, "./bench/cmd/marginbench"])
        py, go = [], []
        for i in range(runs):
            d = os.path.join(work, "py%d" % i)
            os.makedirs(d)
            os.link(corpus, os.path.join(d, "corpus.jsonl"))  # baseline.py reuses it
            settle()
            l0 = load()
            py.append(json.loads(sh(["python3", "bench/baseline.py", "run", "--dir", d, "--json", "--docs", str(docs)])))
            shutil.rmtree(d)
            settle()
            l1 = load()
            go.append(json.loads(sh([mb, "-corpus", corpus])))
            print("run %d: python import %.2f s export %.2f s | margin import %.2f s export %.2f s  (load %s -> %s -> %s)"
                  % (i + 1, py[-1]["import_s"], py[-1]["export_s"], go[-1]["import_s"], go[-1]["export_s"], l0, l1, load()))
        med = lambda rs, k: statistics.median(r[k] for r in rs)
        pi, pe, gi, ge = med(py, "import_s"), med(py, "export_s"), med(go, "import_s"), med(go, "export_s")
        print()
        n = "%d spans" % go[0]["spans"]
        print("import %s: margin %.2f s, python baseline %.2f s, ratio %.2fx (target <= 1.00x)" % (n, gi, pi, gi / pi))
        print("export %s: margin %.2f s, python baseline %.2f s, ratio %.2fx (target <= 1.00x)" % (n, ge, pe, ge / pe))
        print("  (medians of %d runs; margin project file %.0f MB, python database %.0f MB)" % (runs, go[0]["project_mb"], py[0]["db_mb"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    edit = gobench("./storage", "CreateAnnotationLatency$", "3000x")["BenchmarkCreateAnnotationLatency"]
    print("single edit (create, durable): p50 %.2f ms (target < 2), p99 %.2f ms (target < 10)" % (edit["p50-ms"], edit["p99-ms"]))
    agr = gobench("./bench", "Agreement1000x3x50$", "3x")["BenchmarkAgreement1000x3x50"]
    print("agreement 1,000 docs x 3 annotators x 50 spans: %.2f s (target < 1)" % (agr["ns/op"] / 1e9))
    op = gobench("./bench", "Open1MB10k$", "20x")["BenchmarkOpen1MB10k"]
    print("open 1 MB document, 10,000 spans (db + layout + first page): %.0f ms (target < 100)" % (op["ns/op"] / 1e6))
    print("memory with it open: Go heap %.0f MB, resident %.0f MB (target < 300)" % (op["heap-MB"], op["rss-MB"]))
    av = gobench("./ui/articleview", "HitTest$|RenderPage$|RenderPageCold$|AddHighlight10k$|Rewrap1MB$", "1s")
    for name, what in [("BenchmarkRenderPage", "scroll (redraw a page)"), ("BenchmarkRenderPageCold", "jump to an unseen page"),
                       ("BenchmarkHitTest", "hit-test"), ("BenchmarkAddHighlight10k", "redraw after an edit (add a span)"),
                       ("BenchmarkRewrap1MB", "re-wrap 1 MB after a resize")]:
        if name in av:
            target = "info, not a target" if name == "BenchmarkRewrap1MB" else "target < 16 ms"
            print("article view, 1 MB, 10,000 spans, %s: %.4f ms (%s)" % (what, av[name]["ns/op"] / 1e6, target))
    out = subprocess.run(["sh", "-c", "go build -o /tmp/margin-startup ./cmd/margin && bench/startup.sh /tmp/margin-startup 5; rm -f /tmp/margin-startup"],
                         cwd=ROOT, text=True, capture_output=True)
    line = out.stdout.strip().split()
    if line[:1] == ["startup_s"] and len(line) > 2:
        print("start-up to a visible window (Xvfb): first %s s, warm median %.3f s (target < 1)"
              % (line[1], statistics.median(float(x) for x in line[2:])))
    else:
        print("start-up: not measured (%s)" % (out.stderr.strip() or "no Xvfb"))
    print("load average at the end:", load())


if __name__ == "__main__":
    main()
