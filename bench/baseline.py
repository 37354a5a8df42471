#!/usr/bin/env python3
"""Python baseline for issue 8 (Python 3 stdlib only: sqlite3 + json).

  python3 bench/baseline.py generate OUT.jsonl [--shape S] [--docs N --spans M]
      writes the synthetic doccano JSONL corpus, deterministically. The Go
      generator (bench.WriteShape) writes the byte-identical file; the same
      xorshift PRNG runs in both languages. Shapes (SHAPES below, Go's
      bench.Shapes): articles (issue 8: 10,000 x ~7,000 code points, 100
      spans each), short (issue 14: 10,000 x ~5,000, 100 spans, one label
      the default schema lacks), long (issue 14: 100 x ~100,000, 1,000 spans).
  python3 bench/baseline.py run [--shape S] [--docs N --spans M] [--dir DIR] [--json]
      generates the corpus into a temp dir (or DIR), then times
        import: read + json.loads the JSONL, bulk insert documents and
                annotations (one index, one transaction, WAL), commit;
        export: SELECT the rows back and dump doccano JSONL with json.dumps.
      Prints the figures (with --json: one JSON object on stdout).
  python3 bench/baseline.py import JSONL DB [--json]
  python3 bench/baseline.py export DB OUT.jsonl [--json]
      one step each, in a process of its own (bench/run.py times these
      processes as it times `margin import` and `margin export`).
Data is never kept in the repository: the temp dir is removed afterwards
unless --dir is given.
"""
import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time

WORDS = ("the ceasefire talks in Riyadh \u201cagreed\u201d energy infrastructure Kyiv "
         "\u041a\u0438\u0457\u0432 Moscow \u505c\u706b frontline \U0001F44D\U0001F3FD said officials on "
         "Tuesday a proposal for thirty days").split()
LABELS = ["CEASEFIRE_TERM", "TERRITORIAL_CONTROL", "ACTOR", "PRECONDITION",
          "NEGOTIATION_EVENT", "MILITARY_ACTION"]
# NEW_LABEL is the label of the short shape that the default schema
# (assets/default-schema.toml) lacks, so an import grows the schema.
NEW_LABEL = "HUMANITARIAN_PAUSE"
MASK = (1 << 64) - 1

# name: (docs, code points per article, spans per article, extra labels)
SHAPES = {
    "articles": (10000, 7000, 100, []),
    "short": (10000, 5000, 100, [NEW_LABEL]),
    "long": (100, 100000, 1000, []),
}


class XorShift:
    """xorshift64*: trivially identical in Go and Python."""

    def __init__(self, seed):
        self.s = seed & MASK or 1

    def next(self):
        x = self.s
        x ^= (x >> 12)
        x ^= (x << 25) & MASK
        x ^= (x >> 27)
        self.s = x
        return (x * 0x2545F4914F6CDD1D) & MASK

    def intn(self, n):
        return (self.next() >> 33) % n


def corpus(docs, spans, chars=7000, extra=()):
    """Yields (name, text, [[start, end, label], ...]) per article of about
    chars code points, labels drawn from LABELS + extra; offsets are code
    points."""
    r = XorShift(1)
    labels = LABELS + list(extra)
    for i in range(docs):
        parts = ["Article %d." % i]
        n = len(parts[0])
        while n < chars:
            w = WORDS[r.intn(len(WORDS))]
            parts.append(w)
            n += len(w) + 1
        text = " ".join(parts)
        length = len(text)
        label = []
        for _ in range(spans):
            s = r.intn(length - 20)
            e = s + 1 + r.intn(19)
            label.append([s, e, labels[r.intn(len(labels))]])
        yield "doc%d" % i, text, label


def generate(path, docs, spans, chars=7000, extra=()):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for name, text, label in corpus(docs, spans, chars, extra):
            f.write(json.dumps({"name": name, "text": text, "label": label},
                               ensure_ascii=False, separators=(",", ":")))
            f.write("\n")


SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE annotations (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id),
    label TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX annotations_doc ON annotations(doc_id, start);
"""


def bulk_import(jsonl, db_path):
    """Read the JSONL and insert every row in one transaction (WAL)."""
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.executescript(SCHEMA)
    t0 = time.perf_counter()
    con.execute("BEGIN")
    docs, anns = 0, 0
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = rec["text"]
            cur = con.execute("INSERT INTO documents (name, text) VALUES (?, ?)", (rec["name"], text))
            doc_id = cur.lastrowid
            con.executemany("INSERT INTO annotations (doc_id, label, start, end, text) VALUES (?, ?, ?, ?, ?)",
                            [(doc_id, l, s, e, text[s:e]) for s, e, l in rec["label"]])
            docs += 1
            anns += len(rec["label"])
    con.execute("COMMIT")
    t1 = time.perf_counter()
    con.close()
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, docs, anns


def dump(db_path, out):
    """Dump the rows back to doccano JSONL with json.dumps."""
    con = sqlite3.connect(db_path)
    t0 = time.perf_counter()
    with open(out, "w", encoding="utf-8") as f:
        spans = con.execute("SELECT doc_id, start, end, label FROM annotations ORDER BY doc_id, start")
        pending = next(spans, None)
        for doc_id, name, text in con.execute("SELECT id, name, text FROM documents ORDER BY id"):
            label = []
            while pending is not None and pending[0] == doc_id:
                label.append([pending[1], pending[2], pending[3]])
                pending = next(spans, None)
            f.write(json.dumps({"id": doc_id, "name": name, "text": text, "label": label}, ensure_ascii=False))
            f.write("\n")
    t1 = time.perf_counter()
    con.close()
    return t1 - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("out")
    r = sub.add_parser("run")
    r.add_argument("--dir", help="work directory (kept); default: a temp dir, removed")
    r.add_argument("--json", action="store_true")
    for p in (g, r):
        p.add_argument("--shape", choices=sorted(SHAPES), default="articles")
        p.add_argument("--docs", type=int, help="default: the shape's")
        p.add_argument("--spans", type=int, help="default: the shape's")
    i = sub.add_parser("import")
    i.add_argument("jsonl")
    i.add_argument("db")
    e = sub.add_parser("export")
    e.add_argument("db")
    e.add_argument("out")
    for p in (i, e):
        p.add_argument("--json", action="store_true")
        p.add_argument("--shape", default="articles", help=argparse.SUPPRESS)
        p.add_argument("--docs", type=int, help=argparse.SUPPRESS)
        p.add_argument("--spans", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.cmd == "import":
        imp, close, docs, anns = bulk_import(a.jsonl, a.db)
        res = {"docs": docs, "spans": anns, "import_s": round(imp, 3), "close_checkpoint_s": round(close, 3),
               "db_mb": round(os.path.getsize(a.db) / 1e6, 1)}
        print(json.dumps(res) if a.json else res)
        return
    if a.cmd == "export":
        res = {"export_s": round(dump(a.db, a.out), 3)}
        print(json.dumps(res) if a.json else res)
        return
    docs, chars, spans, extra = SHAPES[a.shape]
    a.docs = a.docs or docs
    a.spans = a.spans or spans
    if a.cmd == "generate":
        t0 = time.perf_counter()
        generate(a.out, a.docs, a.spans, chars, extra)
        print("generated %s (%.1f MB) in %.1f s" % (a.out, os.path.getsize(a.out) / 1e6, time.perf_counter() - t0),
              file=sys.stderr)
        return
    work = a.dir or tempfile.mkdtemp(prefix="margin-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        jsonl = os.path.join(work, "corpus.jsonl")
        if not os.path.exists(jsonl):
            generate(jsonl, a.docs, a.spans, chars, extra)
        db = os.path.join(work, "baseline.sqlite")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        imp, close, docs, anns = bulk_import(jsonl, db)
        db_mb = os.path.getsize(db) / 1e6
        exp = dump(db, os.path.join(work, "baseline-export.jsonl"))
        res = {"docs": docs, "spans": anns, "corpus_mb": round(os.path.getsize(jsonl) / 1e6, 1),
               "db_mb": round(db_mb, 1), "import_s": round(imp, 3), "close_checkpoint_s": round(close, 3), "export_s": round(exp, 3),
               "corpus": jsonl if a.dir else None}
        if a.json:
            print(json.dumps(res))
        else:
            print("python baseline: %(docs)d docs, %(spans)d spans, corpus %(corpus_mb)s MB" % res)
            print("  import (json.loads + executemany, 1 tx, WAL, to commit): %(import_s).2f s"
                  " (+ close/checkpoint %(close_checkpoint_s).2f s)" % res)
            print("  export (SELECT + json.dumps):                            %(export_s).2f s" % res)
    finally:
        if not a.dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
