#!/usr/bin/env python3
"""make bench: the issue-8 and issue-14 figures in one run, with the
Python baseline measured in the same run and the ratios against it.

  python3 bench/run.py [--runs N] [--quick] [--shapes articles,short,long] [--busy short] [--bulk-only]
                       [--also BIN] [--corpora DIR]

Steps: machine (nproc, CPU model, load); for each corpus shape (articles:
issue 8's 10,000 x ~7,000 code points; short: 10,000 x ~5,000 with a label
the schema lacks; long: 100 x ~100,000 with 1,000 spans each), N
alternating runs of the Python baseline (bench/baseline.py import, then
export) and of the real commands (`margin import --format doccano`, then
`margin export --format doccano -o`), every step a process of its own
timed with wait4 (wall, user + system CPU, peak resident memory), on the
same generated file (written to a temp dir, removed afterwards); the same
with one core kept busy (`taskset -c 1 yes`) for the --busy shapes; then
the Go benchmarks (single edit p50/p99, agreement, open + memory, article
view scroll/hit-test/redraw) and start-up under Xvfb (bench/startup.sh).
--quick: small corpora and one run, for a smoke test. --also BIN times a
second margin binary (another build, e.g. main's) in every run after
this tree's, on the same corpus, and reports its ratios to the same
Python runs. --corpora DIR keeps the generated corpora there and reuses
them in later invocations (generating articles takes about 35 s).
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

# The build tags of every margin build (the Makefile's GOTAGS):
# sqlite_fts5 compiles FTS5 into go-sqlite3, for search across documents.
GO_TAGS = "sqlite_fts5"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The interpreter running this script runs the baseline too, by its path:
# "python3" on PATH may be a version manager's shim (pyenv's is a bash
# script that starts about forty processes before Python), and its start-up
# was timed as the baseline's: 0.2-0.8 s of wall time at load 18, in
# Margin's favour (issue 14).
PYTHON = sys.executable or "python3"


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
    out = sh(["go", "test", "-tags", GO_TAGS, "-run", "^$", "-bench", pattern, "-benchtime", benchtime, pkg],
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


def timed(args, stdout=subprocess.DEVNULL):
    """Runs args as a child process; returns (wall s, CPU s = user + sys,
    peak resident MB, stdout or None) from its own rusage (wait4)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(args, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE, text=True)
    out = p.stdout.read() if stdout == subprocess.PIPE else None
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(args), p.returncode, err.strip()))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, out


class Busy:
    """Keeps one core busy: `yes > /dev/null` pinned to the last core with
    taskset, killed afterwards (issue 14: the pipeline must keep its
    advantage when it gets one core)."""

    def __enter__(self):
        core = str(os.cpu_count() - 1)
        self.p = subprocess.Popen(["taskset", "-c", core, "yes"], stdout=subprocess.DEVNULL)
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        self.p.kill()
        self.p.wait()


def margin_steps(margin, d, corpus, name):
    """margin init, import and export of corpus into d/NAME.margin; returns
    {import, import_cpu, export, export_cpu, rss, mb}."""
    proj = os.path.join(d, name + ".margin")
    sh([margin, "init", proj])
    r = {}
    r["import"], r["import_cpu"], r["rss"], _ = timed([margin, "import", proj, "--format", "doccano", "--annotator", "bench", corpus])
    w, c, m, _ = timed([margin, "export", proj, "--format", "doccano", "--annotator", "bench", "-o", os.path.join(d, name + ".jsonl")])
    r["export"], r["export_cpu"], r["rss"] = w, c, max(m, r["rss"])
    r["mb"] = os.path.getsize(proj) / 1e6
    for f in (proj, os.path.join(d, name + ".jsonl")):
        os.remove(f)
    return r


def bulk(work, shape, runs, busy, margin, docs=None, also=None, corpora=None):
    """N alternating runs of the Python baseline and of `margin import` /
    `margin export --format doccano` on the same generated corpus of the
    shape, each step a process of its own timed by wait4. Returns the
    medians and prints each run."""
    corpus = os.path.join(corpora or work, "corpus-%s%s.jsonl" % (shape, "-%d" % docs if docs else ""))
    gen = [PYTHON, "bench/baseline.py", "generate", corpus, "--shape", shape]
    if docs:
        gen += ["--docs", str(docs)]
    if corpora:
        os.makedirs(corpora, exist_ok=True)
    if not os.path.exists(corpus):
        sh(gen)
    label = shape + (", one core busy" if busy else "")
    print("corpus %s: %.1f MB doccano JSONL (%s)" % (label, os.path.getsize(corpus) / 1e6, "kept in " + corpora if corpora else "generated, deleted afterwards"))
    rows = []
    for i in range(runs):
        d = os.path.join(work, "run")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        db = os.path.join(d, "baseline.sqlite")
        r = {}
        settle()
        l0 = load()
        ctx = Busy() if busy else None
        if ctx:
            ctx.__enter__()
        try:
            w, c, m, out = timed([PYTHON, "bench/baseline.py", "import", corpus, db, "--json"], stdout=subprocess.PIPE)
            r["py_import"], r["py_import_cpu"], r["py_rss"] = w, c, m
            r["py_spans"] = json.loads(out)["spans"]
            w, c, m, _ = timed([PYTHON, "bench/baseline.py", "export", db, os.path.join(d, "py.jsonl")])
            r["py_export"], r["py_export_cpu"], r["py_rss"] = w, c, max(m, r["py_rss"])
            os.remove(db)
            for prefix, binary in [("mg_", margin)] + ([("also_", also)] if also else []):
                if ctx:
                    ctx.__exit__()
                settle()
                if ctx:
                    ctx.__enter__()
                for key, v in margin_steps(binary, d, corpus, prefix.rstrip("_")).items():
                    r[prefix + key] = v
        finally:
            if ctx:
                ctx.__exit__()
        r["load"] = "%s -> %s" % (l0, load())
        shutil.rmtree(d, ignore_errors=True)
        rows.append(r)
        print("  run %d: import python %.2f s (cpu %.2f) margin %.2f s (cpu %.2f) | export python %.2f s (cpu %.2f) margin %.2f s (cpu %.2f) | rss margin %.0f MB (load %s)"
              % (i + 1, r["py_import"], r["py_import_cpu"], r["mg_import"], r["mg_import_cpu"],
                 r["py_export"], r["py_export_cpu"], r["mg_export"], r["mg_export_cpu"], r["mg_rss"], r["load"]))
        if also:
            print("         also (%s): import %.2f s (cpu %.2f) | export %.2f s (cpu %.2f) | rss %.0f MB, file %.0f MB"
                  % (also, r["also_import"], r["also_import_cpu"], r["also_export"], r["also_export_cpu"], r["also_rss"], r["also_mb"]))
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0] if k != "load"}
    med["rss_max"] = max(r["mg_rss"] for r in rows)
    target = 1.0 if busy else 0.8
    for step in ("import", "export"):
        ratio = med["mg_" + step] / med["py_" + step]
        print("  %s %s: margin %.2f s, python %.2f s, ratio %.2fx (target <= %.1fx: %s); cpu margin %.2f s, python %.2f s"
              % (step, label, med["mg_" + step], med["py_" + step], ratio, target, "met" if ratio <= target else "NOT met",
                 med["mg_%s_cpu" % step], med["py_%s_cpu" % step]))
        if also:
            ratio = med["also_" + step] / med["py_" + step]
            print("  %s %s, also (%s): %.2f s, ratio %.2fx; cpu %.2f s" % (step, label, also, med["also_" + step], ratio, med["also_%s_cpu" % step]))
    print("  peak resident memory, margin: %.0f MB (target < 200: %s); %d spans; project file %.0f MB"
          % (med["rss_max"], "met" if med["rss_max"] < 200 else "NOT met", med["py_spans"], med["mg_mb"]))
    return med


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="small corpora, one run: a smoke test")
    ap.add_argument("--shapes", default="articles,short,long", help="corpus shapes (bench/baseline.py SHAPES)")
    ap.add_argument("--busy", default="short", help="shapes also run with one core busy ('' for none)")
    ap.add_argument("--bulk-only", action="store_true", help="only the import/export comparison")
    ap.add_argument("--also", help="a second margin binary to time in the same runs (e.g. main's build)")
    ap.add_argument("--corpora", help="keep the generated corpora in this directory and reuse them")
    a = ap.parse_args()
    runs = 1 if a.quick else a.runs
    print("machine:", machine())
    work = tempfile.mkdtemp(prefix="margin-bench-")
    try:
        margin = os.path.join(work, "margin")
        sh(["go", "build", "-tags", GO_TAGS, "-o", margin, "./cmd/margin"])
        # --quick: a tenth of each corpus (10 long documents, 1,000 articles).
        small = lambda shape: ({"long": 10}.get(shape, 1000) if a.quick else None)
        for shape in [x for x in a.shapes.split(",") if x]:
            bulk(work, shape, runs, False, margin, docs=small(shape), also=a.also, corpora=a.corpora)
        for shape in [x for x in a.busy.split(",") if x]:
            bulk(work, shape, runs, True, margin, docs=small(shape), also=a.also, corpora=a.corpora)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if a.bulk_only:
        print("load average at the end:", load())
        return

    print()
    edit = gobench("./storage", "CreateAnnotationLatency$", "3000x")["BenchmarkCreateAnnotationLatency"]
    print("single edit (create, durable): p50 %.2f ms (target < 2), p99 %.2f ms (target < 5, issue 14)" % (edit["p50-ms"], edit["p99-ms"]))
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
    out = subprocess.run(["sh", "-c", "go build -tags " + GO_TAGS + " -o /tmp/margin-startup ./cmd/margin && bench/startup.sh /tmp/margin-startup 5; rm -f /tmp/margin-startup"],
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
