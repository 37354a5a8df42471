#!/usr/bin/python3
"""Real-window benchmark (issue 14): the margin binary under its own Xvfb
(software GL), keys and clicks sent through XTEST, frames seen by hashing
crops of the screen.

    /usr/bin/python3 bench/gui.py BIN [--label NAME] [--runs N] [--soak OPS] [--json FILE] [--cpuprofile FILE]

It makes two projects with the margin CLI in a scratch folder:

  big    the sample article (/work/shared/corpus/ceasefire-call.txt, or
         assets/ceasefire-call.txt) repeated to 1 MB, each copy headed by a
         unique "Part NNNN." so that a search can jump anywhere, with
         10,000 spans (doccano JSONL, layer "ana"), plus three small
         documents for the document switches of the soak;
  many   10,000 documents of ~1,000 characters with 5 spans each.

and reports, per run, then the medians over runs:

  floor              the same figures of bench/cmd/framefloor (--floor): a
                     Fyne window of Margin's size showing a page of text and
                     a label that changes on each key, measured the same way
                     in the same run, and summary.ratio_to_floor: Margin's
                     figures divided by the floor's (what Fyne itself costs
                     under this Xvfb, on this machine, at this load)
  phases_ms          the startup phases the app logs under
                     MARGIN_TRACE_STARTUP (internal/startuptrace), in ms
                     since the Go program started
  thread_errors      Fyne's complaints of UI calls off its goroutine in the
                     app's stderr (must be 0)

  launch_text_ms     exec to the article's text drawn (the view's crop shows text)
  launch_interactive_ms  exec to the first key (Tab, sent as soon as the
                     text shows) being answered on screen (status bar changed)
  first_tab_ms       that first key's own key-to-frame time
  key_ms[action@pos] key-to-frame: the key is sent, then a crop of the
                     status bar (or a strip of the text, for scrolling and
                     document switches) is grabbed every 1 ms (2 ms) until
                     its hash changes, the way a user sees the answer
  cpu_ms_per_key     the app's CPU time (/proc, user + system) over the
                     timed keys and the settling after each (not the drags
                     that select a word), per key; the floor's over its
                     keys: what a key costs, which the load changes much
                     less than it changes the latency
  scroll_ms          PageDown and wheel frame times: one step, then the
                     strip grabbed until it changes (the wait for Fyne's
                     next 60 Hz tick included)
  scroll_fps         frames per second the text strip shows during 1 s of
                     wheel steps sent at 120 per second (60: every tick
                     paints; the floor's in the same run)
  doc_select_ms      Ctrl+Down in the 10,000-document project until the
                     next document's text is drawn
  soak               OPS scripted edits, searches, label-alls, undos and
                     document switches in one window: key-to-frame of the
                     first and last 100, RSS (/proc), the Go heap in use
                     after a GC and goroutines (pprof on MARGIN_DEBUG_ADDR,
                     when the binary serves it) at the start and the end.

Keys go through XTEST from this process (python3-xlib), the mechanism
xdotool uses, so that the timing does not include starting an xdotool
process per key (3-5 ms here); xdotool finds the window.  Xvfb is started
on a free display found with -displayfd and killed at the end.
"""

import argparse
import collections
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from Xlib import X, XK, display
from Xlib.ext import xtest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
W, H = 1280, 800


def article():
    for p in ("/work/shared/corpus/ceasefire-call.txt", os.path.join(ROOT, "assets", "ceasefire-call.txt")):
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                return f.read()
    sys.exit("gui bench: no sample article")


LABELS = ["CEASEFIRE_TERM", "TERRITORIAL_CONTROL", "PRECONDITION", "ACTOR", "NEGOTIATION_EVENT", "MILITARY_ACTION"]


def word_spans(text, every, n):
    """n spans on word starts spread over text, one per `every` code points."""
    out = []
    pos = 0
    while len(out) < n and pos < len(text):
        s = pos
        while s < len(text) and text[s].isalnum():  # into a word: go to the next one
            s += 1
        while s < len(text) and not text[s].isalnum():
            s += 1
        e = s
        while e < len(text) and (text[e].isalnum() or text[e] in "-'"):
            e += 1
        if e > s:
            out.append([s, e, LABELS[len(out) % len(LABELS)]])
        pos += every
    return out


def make_projects(bin_, work):
    art = article()
    parts, size = [], 0
    i = 0
    while size < 1_000_000:
        p = "Part %04d. " % i + art + "\n\n"
        parts.append(p)
        size += len(p.encode("utf-8"))
        i += 1
    text = "".join(parts)
    spans = word_spans(text, len(text) // 10_000, 10_000)
    big = os.path.join(work, "big.margin")
    run([bin_, "init", big])
    jl = os.path.join(work, "big.jsonl")
    with open(jl, "w", encoding="utf-8") as f:
        f.write(json.dumps({"text": text, "label": spans}, ensure_ascii=False) + "\n")
        for k in range(3):
            small = "Small document %d. " % k + art[: 1500]
            f.write(json.dumps({"text": small, "label": word_spans(small, 100, 10)}, ensure_ascii=False) + "\n")
    run([bin_, "import", "--format", "doccano", "--annotator", "ana", big, jl])
    many = os.path.join(work, "many.margin")
    run([bin_, "init", many])
    jl = os.path.join(work, "many.jsonl")
    with open(jl, "w", encoding="utf-8") as f:
        for k in range(10_000):
            off = (k * 37) % (len(art) - 1000)
            t = "Document %05d. " % k + art[off: off + 1000]
            f.write(json.dumps({"text": t, "label": word_spans(t, 200, 5)}, ensure_ascii=False) + "\n")
    run([bin_, "import", "--format", "doccano", "--annotator", "ana", many, jl])
    return big, many, len(parts)


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("gui bench: %s: %s" % (" ".join(cmd), r.stderr.strip()))


class Screen:
    def __init__(self):
        r, w = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                     pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        buf = b""
        while not buf.endswith(b"\n"):
            c = os.read(r, 32)
            if not c:
                sys.exit("gui bench: Xvfb did not start")
            buf += c
        os.close(r)
        self.name = ":" + buf.decode().strip()
        os.environ["DISPLAY"] = self.name  # for xdotool and import: this server only
        self.d = display.Display(self.name)
        self.root = self.d.screen().root

    def close(self):
        self.d.close()
        self.xvfb.terminate()
        self.xvfb.wait()

    def grab(self, box):
        x, y, w, h = box
        return self.root.get_image(x, y, w, h, X.ZPixmap, 0xFFFFFFFF).data

    def hash(self, box):
        return hashlib.md5(self.grab(box)).digest()

    def ink(self, box):
        """How many sampled pixels differ from the box's commonest colour."""
        data = memoryview(self.grab(box)).cast("I")
        sample = data[::7]
        c = collections.Counter(sample)
        return len(sample) - c.most_common(1)[0][1]

    def code(self, name):
        return self.d.keysym_to_keycode(XK.string_to_keysym(name))

    def key(self, spec):
        """spec like "Tab", "shift+Tab", "ctrl+shift+z", "1"."""
        parts = spec.split("+")
        mods = [{"ctrl": "Control_L", "shift": "Shift_L", "alt": "Alt_L"}[m] for m in parts[:-1]]
        k = parts[-1]
        for m in mods:
            xtest.fake_input(self.d, X.KeyPress, self.code(m))
        xtest.fake_input(self.d, X.KeyPress, self.code(k))
        xtest.fake_input(self.d, X.KeyRelease, self.code(k))
        for m in reversed(mods):
            xtest.fake_input(self.d, X.KeyRelease, self.code(m))
        self.d.sync()

    def type(self, s):
        names = {" ": "space", ".": "period"}
        for ch in s:
            n = names.get(ch, ch)
            if ch.isupper():
                self.key("shift+" + ch.lower())
            else:
                self.key(n)

    def drag(self, x0, y, x1):
        """A mouse drag along a line of text: the view selects the words."""
        self.move(x0, y)
        time.sleep(0.03)
        xtest.fake_input(self.d, X.ButtonPress, 1)
        self.d.sync()
        for x in range(x0, x1 + 1, 10):
            time.sleep(0.01)
            self.move(x, y)
        time.sleep(0.03)
        xtest.fake_input(self.d, X.ButtonRelease, 1)
        self.d.sync()

    def wheel(self, button=5):
        """One wheel step (button 5: down) where the pointer is."""
        xtest.fake_input(self.d, X.ButtonPress, button)
        xtest.fake_input(self.d, X.ButtonRelease, button)
        self.d.sync()

    def move(self, x, y):
        xtest.fake_input(self.d, X.MotionNotify, x=x, y=y)
        self.d.sync()

    def click(self, x, y, button=1, times=1):
        self.move(x, y)
        time.sleep(0.03)
        for i in range(times):
            xtest.fake_input(self.d, X.ButtonPress, button)
            xtest.fake_input(self.d, X.ButtonRelease, button)
            self.d.sync()
            if i + 1 < times:
                time.sleep(0.06)


def window_of(name, proc, timeout=60):
    t0 = time.time()
    while time.time() - t0 < timeout:
        if proc.poll() is not None:
            sys.exit("gui bench: margin exited (%d)" % proc.returncode)
        r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name], capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            wid = r.stdout.split()[0]
            g = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid], capture_output=True, text=True).stdout
            geo = dict(line.split("=", 1) for line in g.split())
            return int(wid), int(geo["X"]), int(geo["Y"]), int(geo["WIDTH"]), int(geo["HEIGHT"])
        time.sleep(0.005)
    sys.exit("gui bench: no window")


class App:
    """One margin window on a project."""

    def __init__(self, scr, bin_, project, home, debug_port, argv=None, title=None):
        """argv and title, when given, start another program (the floor)
        in the same environment instead of `BIN open PROJECT`."""
        self.scr = scr
        env = dict(os.environ, DISPLAY=scr.name, MARGIN_ANNOTATOR="ana", HOME=home,
                   XDG_CONFIG_HOME=os.path.join(home, "config"), XDG_DATA_HOME=os.path.join(home, "data"),
                   MARGIN_DEBUG_ADDR="127.0.0.1:%d" % debug_port, LIBGL_ALWAYS_SOFTWARE="1",
                   MARGIN_TRACE_STARTUP="1")
        self.port = debug_port
        self.t0 = time.perf_counter()
        # stderr to a file (a pipe nobody reads would fill and block the
        # app); close() counts Fyne's wrong-goroutine complaints in it.
        self.errlog = tempfile.NamedTemporaryFile(prefix="margin-gui-stderr-", delete=False)
        self.proc = subprocess.Popen(argv or [bin_, "open", project], env=env, stdout=subprocess.DEVNULL, stderr=self.errlog)
        wid, x, y, w, h = window_of(title or ("Margin — " + os.path.basename(project)), self.proc)
        self.wid = wid
        win = scr.d.create_resource_object("window", wid)
        win.set_input_focus(X.RevertToParent, X.CurrentTime)
        scr.d.sync()
        self.x, self.y, self.w, self.h = x, y, w, h
        # Regions, as fractions of the window (ui/window.go: documents 17%,
        # then the text 72% of the rest, the status bar along the bottom).
        self.status = (x + 4, y + h - 30, int(w * 0.62), 26)
        tx0 = x + int(w * 0.17) + 20
        tx1 = x + int(w * (0.17 + 0.83 * 0.72)) - 20
        # A strip down the middle of the text: enough to see a scroll or a
        # new document, and cheap to grab every millisecond or two (the
        # benchmark must not take the app's CPU: the machine has 2 cores).
        mid = tx0 + (tx1 - tx0) // 2
        self.text = (mid - 120, y + 110, 240, h - 110 - 60)
        self.textwide = (tx0, y + 80, 320, 160)  # the first lines' start
        self.center = (mid, y + 110 + (h - 170) // 2)

    def wait_text(self, timeout=60):
        while time.perf_counter() - self.t0 < timeout:
            if self.scr.ink(self.textwide) > 150:
                return time.perf_counter() - self.t0
            time.sleep(0.002)
        return None

    def settle(self, quiet=0.12, timeout=60):
        """Waits until neither the status bar nor the text changed for quiet s."""
        t0 = time.perf_counter()
        last = (self.scr.hash(self.status), self.scr.hash(self.text))
        since = time.perf_counter()
        while time.perf_counter() - t0 < timeout:
            time.sleep(0.02)
            h = (self.scr.hash(self.status), self.scr.hash(self.text))
            if h != last:
                last, since = h, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return
        print("gui bench: the window did not settle", file=sys.stderr)

    def timed(self, action, box=None, timeout=60):
        """Runs action (a key spec or a func) and returns the ms until box changes."""
        box = box or self.status
        h0 = self.scr.hash(box)
        t0 = time.perf_counter()
        if callable(action):
            action()
        else:
            self.scr.key(action)
        pause = 0.001 if box == self.status else 0.002
        while time.perf_counter() - t0 < timeout:
            if self.scr.hash(box) != h0:
                return (time.perf_counter() - t0) * 1000
            time.sleep(pause)
        return None

    def frame_rate(self, seconds=1.0, rate=120):
        """Frames per second the text strip shows while wheel steps come
        at rate per second for seconds, the pointer over the text: how
        smooth a scroll looks. scroll_ms, one step at a time, also holds
        the wait for Fyne's next tick (it polls input at 60 Hz), which a
        steady scroll overlaps. The strip is grabbed as fast as it can be
        (1-2 ms a grab, well under a frame); each change is one frame."""
        scr = self.scr
        scr.move(*self.center)
        time.sleep(0.05)
        gap = 1.0 / rate
        h = scr.hash(self.text)
        frames = 0
        t0 = time.perf_counter()
        due = t0
        while True:
            now = time.perf_counter()
            if now - t0 >= seconds:
                break
            if now >= due:
                scr.wheel()
                due += gap
            h2 = scr.hash(self.text)
            if h2 != h:
                frames += 1
                h = h2
        return frames / seconds

    def rss_mb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return None

    def cpu_ms(self):
        """The process's CPU time so far (user + system, /proc), in ms:
        what a stretch of actions cost the app, which the machine's load
        changes much less than it changes the latency."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def threads(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
        return None

    def goroutines(self):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/debug/pprof/goroutine?debug=1" % self.port, timeout=5) as r:
                first = r.readline().decode()
            return int(first.rsplit(" ", 1)[1])
        except Exception:
            return None  # a binary without MARGIN_DEBUG_ADDR (main before issue 14)

    def heap_mb(self):
        """The Go heap in use (runtime.MemStats.HeapInuse, from pprof's
        heap page) after a GC: what the process holds, where RSS also
        counts memory the runtime freed but has not handed back."""
        try:
            url = "http://127.0.0.1:%d/debug/pprof/heap?debug=1&gc=1" % self.port
            with urllib.request.urlopen(url, timeout=30) as r:
                for line in r.read().decode(errors="replace").splitlines():
                    if line.startswith("# HeapInuse = "):
                        return int(line.split("=")[1]) / (1 << 20)
        except Exception:
            return None
        return None

    def close(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.errlog.close()
        with open(self.errlog.name, errors="replace") as f:
            err = f.read()
        os.unlink(self.errlog.name)
        # Fyne logs this for a UI call made off its goroutine (a bug: the
        # window runs with the fyneDo migration, which no longer repairs it).
        self.thread_errors = err.count("Error in Fyne call thread")
        # "margin: startup +12.3 ms NAME" (internal/startuptrace): the
        # phases, in ms since the Go program's start.
        self.phases = {}
        for line in err.splitlines():
            if line.startswith("margin: startup +"):
                ms, name = line[len("margin: startup +"):].split(" ms ", 1)
                self.phases[name] = float(ms)
        if self.thread_errors:
            print("gui bench: %d wrong-goroutine Fyne calls:\n%s" % (self.thread_errors, err[-2000:]), file=sys.stderr)


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def pct(xs, p):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    k = min(len(xs) - 1, max(0, int(round(p / 100 * (len(xs) - 1)))))
    return xs[k]


def select_word(app):
    """Drags over a few words near the view's centre so that the text
    selection is not empty (the status bar then names it); a blank line
    between paragraphs is skipped by trying the lines below."""
    for dy in range(0, 400, 23):
        x, y = app.center[0] - 150, app.center[1] + dy
        if app.timed(lambda: app.scr.drag(x, y, x + 50), timeout=1.5) is not None:
            app.settle()
            return True
    return False


def edit_cycle(app, res, pos):
    """At a word near the view's centre: label it, step around, relabel,
    delete, undo, redo; each timed key-to-frame on the status bar."""
    select_word(app)
    c0 = app.cpu_ms()  # the keys' CPU, without the drag that selected the word
    for name, key in (("label", "1"), ("tab", "Tab"), ("shift_tab", "shift+Tab"), ("relabel", "5"),
                      ("delete", "Delete"), ("undo", "ctrl+z"), ("redo", "ctrl+shift+z")):
        ms = app.timed(key, timeout=3 if name == "label" else 10)
        if ms is None and name == "label":
            # The hotkey found no selection (now and then the first one
            # after a search, on a loaded machine): select again, once.
            res["label_retries"] = res.get("label_retries", 0) + 1
            select_word(app)
            ms = app.timed(key, timeout=10)
        res.setdefault("%s@%s" % (name, pos), []).append(ms)
        app.settle()
    res["cpu_ms"] = res.get("cpu_ms", 0) + app.cpu_ms() - c0


def goto(app, pos, nparts):
    scr = app.scr
    if pos == "start":
        scr.click(*app.center)
        app.settle()
        scr.key("Home")
    elif pos == "end":
        scr.click(*app.center)
        app.settle()
        scr.key("End")
    else:
        scr.key("ctrl+f")
        time.sleep(0.05)
        scr.key("ctrl+a")
        scr.type("Part %04d." % (nparts // 2))
        scr.key("Return")
        app.settle()
        scr.click(*app.center)  # the keys go to the text again
    app.settle()
    time.sleep(0.45)  # the next click must not make a double-click of it


def cpu_profile(app, path, seconds):
    """Starts fetching a CPU profile of the app (pprof on
    MARGIN_DEBUG_ADDR) for seconds into path; returns the thread."""
    import threading

    def grab():
        url = "http://127.0.0.1:%d/debug/pprof/profile?seconds=%d" % (app.port, seconds)
        try:
            with urllib.request.urlopen(url, timeout=seconds + 60) as r, open(path, "wb") as f:
                f.write(r.read())
        except OSError as e:
            print("gui bench: no CPU profile: %s" % e, file=sys.stderr)
    t = threading.Thread(target=grab)
    t.start()
    return t


def bench_big(scr, bin_, big, nparts, home, cycles, profile=None):
    """profile: (path, seconds) of a CPU profile taken from the first
    edit cycle on (go tool pprof BIN path)."""
    out = {}
    app = App(scr, bin_, big, home, free_port())
    try:
        t_text = app.wait_text()
        if t_text is None:
            sys.exit("gui bench: the text never showed")
        # The first key as soon as the text shows.
        first = app.timed("Tab")
        out["launch_text_ms"] = t_text * 1000
        out["first_tab_ms"] = first
        out["launch_interactive_ms"] = (time.perf_counter() - app.t0) * 1000 if first is not None else None
        app.settle(quiet=0.3)
        keys = {}
        prof = None
        for pos in ("start", "middle", "end"):
            goto(app, pos, nparts)
            if profile and prof is None:
                prof = cpu_profile(app, *profile)
            for _ in range(cycles):
                edit_cycle(app, keys, pos)
        # CPU per timed key and the frames after it (edit_cycle)
        out["cpu_ms_per_key"] = keys.pop("cpu_ms", 0) / max(1, sum(len(v) for k, v in keys.items() if "@" in k))
        out["key_ms"] = keys
        # Scrolling: PageDown from the top, the wheel from the middle.
        scr.click(*app.center)
        app.settle()
        scr.key("Home")
        app.settle()
        pd = []
        for _ in range(30):
            pd.append(app.timed("Next", box=app.text, timeout=5))
            app.settle(quiet=0.05)
        wheel = []
        scr.move(*app.center)  # once: the timing is of the wheel alone
        time.sleep(0.05)
        for _ in range(30):
            wheel.append(app.timed(scr.wheel, box=app.text, timeout=5))
            app.settle(quiet=0.05)
        out["scroll_ms"] = {"pagedown": pd, "wheel": wheel}
        app.settle(quiet=0.1)
        out["scroll_fps"] = app.frame_rate()
        out["rss_mb"] = app.rss_mb()
        if prof:
            prof.join()
    finally:
        app.close()
    out["thread_errors"] = getattr(app, "thread_errors", None)
    out["phases_ms"] = getattr(app, "phases", None)
    return out


FLOOR_KEYS = ["Tab", "shift+Tab", "1", "5", "Delete", "ctrl+z", "ctrl+shift+z"]


def bench_floor(scr, floor_bin, textfile, home, cycles):
    """The floor (bench/cmd/framefloor) measured exactly as Margin is:
    launch to text, the first key, the same keys on the status bar,
    PageDown and the wheel on the text strip."""
    out = {}
    app = App(scr, None, None, home, free_port(), argv=[floor_bin, "-title", "Framefloor", textfile], title="Framefloor")
    try:
        t_text = app.wait_text()
        first = app.timed("Tab")
        out["launch_text_ms"] = t_text * 1000 if t_text else None
        out["first_tab_ms"] = first
        out["launch_interactive_ms"] = (time.perf_counter() - app.t0) * 1000 if first is not None else None
        app.settle(quiet=0.3)
        keys = []
        c0 = app.cpu_ms()
        for _ in range(3 * cycles):  # as many keys as Margin's start, middle and end
            for k in FLOOR_KEYS:
                keys.append(app.timed(k, timeout=10))
                app.settle()
        out["key_ms"] = keys
        out["cpu_ms_per_key"] = (app.cpu_ms() - c0) / max(1, len(keys))
        pd, wheel = [], []
        for _ in range(30):
            pd.append(app.timed("Next", box=app.text, timeout=5))
            app.settle(quiet=0.05)
        scr.move(*app.center)
        time.sleep(0.05)
        for _ in range(30):
            wheel.append(app.timed(scr.wheel, box=app.text, timeout=5))
            app.settle(quiet=0.05)
        out["scroll_ms"] = {"pagedown": pd, "wheel": wheel}
        app.settle(quiet=0.1)
        out["scroll_fps"] = app.frame_rate()
        out["rss_mb"] = app.rss_mb()
    finally:
        app.close()
    out["thread_errors"] = getattr(app, "thread_errors", None)
    out["phases_ms"] = getattr(app, "phases", None)
    return out


def bench_many(scr, bin_, many, home):
    out = {}
    app = App(scr, bin_, many, home, free_port())
    try:
        t_text = app.wait_text()
        first = app.timed("Tab")
        out["launch_text_ms"] = t_text * 1000 if t_text else None
        out["launch_interactive_ms"] = (time.perf_counter() - app.t0) * 1000 if first is not None else None
        app.settle(quiet=0.3)
        sel = []
        for _ in range(30):
            sel.append(app.timed("ctrl+Down", box=app.text))
            app.settle(quiet=0.05)
        out["doc_select_ms"] = sel
    finally:
        app.close()
    out["thread_errors"] = getattr(app, "thread_errors", None)
    out["phases_ms"] = getattr(app, "phases", None)
    return out


def save_heap(app, path):
    """Writes the app's heap profile after a GC (pprof's format, for
    go tool pprof -diff_base START END BIN) to path."""
    url = "http://127.0.0.1:%d/debug/pprof/heap?gc=1" % app.port
    with urllib.request.urlopen(url, timeout=30) as r, open(path, "wb") as f:
        f.write(r.read())


def project_spans(path):
    """The number of spans in the project file at path (read-only, beside
    the window that writes it), or None when it cannot be read."""
    try:
        con = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM annotations").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return None


def soak(scr, bin_, big, nparts, home, ops, heap_prefix=""):
    """ops timed actions in one window on the 1 MB project; with
    heap_prefix, the heap profiles at the start, after the first cycle and
    at the end are written to heap_prefix + "-start.pprof", "-warm.pprof"
    and "-end.pprof"."""
    app = App(scr, bin_, big, home, free_port())
    lat = []
    res = {"trace": []}
    every = max(50, ops // 10)  # a memory sample every tenth of the soak
    try:
        app.wait_text()
        app.settle(quiet=0.3)
        res["start"] = {"rss_mb": app.rss_mb(), "heap_mb": app.heap_mb(), "goroutines": app.goroutines(), "threads": app.threads()}
        if heap_prefix:
            save_heap(app, heap_prefix + "-start.pprof")
        n = 0
        # Part 0 is the text the window opens on: a search for it moves
        # nothing, and its timed frame never came.
        k = 1
        t_start = time.time()
        while n < ops:
            part = (k * 97) % nparts
            k += 1
            if k == 3:
                # After one whole cycle: every kind of action has drawn
                # once (the dialog's bold title, the inspector's forms), so
                # fonts loaded on first use are in; growth is counted from
                # here as well as from the start.
                app.settle(quiet=0.3)
                res["warm"] = {"rss_mb": app.rss_mb(), "heap_mb": app.heap_mb(), "goroutines": app.goroutines(), "threads": app.threads(), "after_ops": n}
                if heap_prefix:
                    save_heap(app, heap_prefix + "-warm.pprof")

            def search():
                scr.key("ctrl+f")
                scr.key("ctrl+a")
                scr.type("Part %04d." % part)
                scr.key("Return")
            # The label-all select is the toolbar's widget left of its ☰
            # menu, at the top right (ui/toolbar.go at 1280 px); its first
            # choice opens the preview (ui/labelall.go's confirm dialog),
            # which Return confirms. Its "Label N" button was clicked
            # before, at a place that held for one dialog height only: on
            # a machine whose fonts made the dialog shorter the click
            # missed, the dialog stayed open and took every key after it,
            # and half the soak's actions timed out.
            _, wx, wy, ww, wh = window_of("Margin — " + os.path.basename(big), app.proc)
            sel_x, sel_y = wx + ww - 165, wy + 20
            steps = [
                ("search", search, app.text),
                ("menu", lambda: (scr.click(sel_x, sel_y), time.sleep(0.25)), None),
                ("preview", lambda: (scr.click(sel_x, sel_y + 38), time.sleep(0.4)), None),
                ("label_all", "Return", app.status),
                ("focus", lambda: (scr.click(*app.center), time.sleep(0.45), select_word(app)), None),
                ("label", "1", app.status),
                ("tab", "Tab", app.status),
                ("relabel", "5", app.status),
                ("delete", "Delete", app.status),
                # single steps: a bulk one (the label-all) asks first
                ("undo", "ctrl+z", app.status),
                ("redo", "ctrl+shift+z", app.status),
                ("doc_next", "ctrl+Down", app.text),
                ("doc_back", "ctrl+Up", app.text),
            ]
            for name, act, box in steps:
                if n > 0 and n % every == 0 and (not res["trace"] or res["trace"][-1]["after_ops"] != n):
                    # Memory along the way, not only at the ends: a leak
                    # grows with the actions, state the project holds
                    # (spans label all added, the undo history) steps up
                    # and stays.
                    app.settle(quiet=0.3)
                    res["trace"].append({"after_ops": n, "rss_mb": app.rss_mb(), "heap_mb": app.heap_mb(), "goroutines": app.goroutines(), "spans": project_spans(big)})
                if box is None:
                    act()
                elif name == "relabel":
                    # Tab went to the next span, which may have label 5
                    # already (the project's spans cycle through six
                    # labels): then 5 changes nothing and no frame comes,
                    # so 4 is pressed instead.
                    ms = app.timed(act, box=box, timeout=1.5)
                    if ms is None:
                        ms = app.timed("4", box=box, timeout=5)
                    lat.append((name, ms))
                    n += 1
                else:
                    ms = app.timed(act, box=box, timeout=5)
                    lat.append((name, ms))
                    n += 1
                app.settle(quiet=0.08)
                if n >= ops:
                    break
        res["seconds"] = time.time() - t_start
        res["end"] = {"rss_mb": app.rss_mb(), "heap_mb": app.heap_mb(), "goroutines": app.goroutines(), "threads": app.threads()}
        if heap_prefix:
            save_heap(app, heap_prefix + "-end.pprof")
    finally:
        app.close()
    res["thread_errors"] = getattr(app, "thread_errors", None)
    first, last = [m for _, m in lat[:100]], [m for _, m in lat[-100:]]
    res["ops"] = len(lat)
    res["first100_ms"] = {"p50": pct(first, 50), "p99": pct(first, 99), "max": pct(first, 100)}
    res["last100_ms"] = {"p50": pct(last, 50), "p99": pct(last, 99), "max": pct(last, 100)}
    by = collections.defaultdict(list)
    for name, ms in lat:
        by[name].append(ms)
    res["by_action_p50_ms"] = {k: pct(v, 50) for k, v in by.items()}
    res["timeouts"] = [name for name, m in lat if m is None]
    return res


def summary(runs):
    """Medians over runs of each figure; key lists pooled for p50/p99/max."""
    s = {}
    for k in ("launch_text_ms", "launch_interactive_ms", "first_tab_ms"):
        vals = [r["big"][k] for r in runs if r["big"].get(k) is not None]
        s["big." + k] = statistics.median(vals) if vals else None
    for k in ("launch_text_ms", "launch_interactive_ms"):
        vals = [r["many"][k] for r in runs if r["many"].get(k) is not None]
        s["many." + k] = statistics.median(vals) if vals else None
    pooled = collections.defaultdict(list)
    for r in runs:
        for k, v in r["big"]["key_ms"].items():
            if k == "label_retries":
                s["label_retries"] = s.get("label_retries", 0) + v
                continue
            pooled[k] += v
        for k, v in r["big"]["scroll_ms"].items():
            pooled["scroll_" + k] += v
        pooled["doc_select"] += r["many"]["doc_select_ms"]
    allkeys = [x for k, v in pooled.items() if "@" in k for x in v]
    fps = [r["big"].get("scroll_fps") for r in runs if r["big"].get("scroll_fps") is not None]
    s["big.scroll_fps"] = statistics.median(fps) if fps else None
    cpu = [r["big"].get("cpu_ms_per_key") for r in runs]
    s["big.cpu_ms_per_key"] = statistics.median(cpu) if None not in cpu else None
    for part in ("big", "many"):
        names = collections.OrderedDict()
        for r in runs:
            for k, v in (r[part].get("phases_ms") or {}).items():
                names.setdefault(k, []).append(v)
        s[part + ".phases_ms"] = {k: round(statistics.median(v), 1) for k, v in names.items()}
    s["thread_errors"] = sum((r[p] or {}).get("thread_errors") or 0 for r in runs for p in ("floor", "big", "many"))
    s["keys_all"] = {"n": len(allkeys), "p50": pct(allkeys, 50), "p99": pct(allkeys, 99), "max": pct(allkeys, 100),
                     "timeouts": sum(1 for x in allkeys if x is None)}
    for k, v in sorted(pooled.items()):
        s[k] = {"p50": pct(v, 50), "p99": pct(v, 99), "max": pct(v, 100)}
    floors = [r["floor"] for r in runs if r.get("floor")]
    if floors:
        f = {}
        for k in ("launch_text_ms", "launch_interactive_ms", "first_tab_ms"):
            vals = [r[k] for r in floors if r.get(k) is not None]
            f[k] = statistics.median(vals) if vals else None
        fk = [x for r in floors for x in r["key_ms"]]
        f["keys_all"] = {"n": len(fk), "p50": pct(fk, 50), "p99": pct(fk, 99), "max": pct(fk, 100),
                         "timeouts": sum(1 for x in fk if x is None)}
        for name in ("pagedown", "wheel"):
            v = [x for r in floors for x in r["scroll_ms"][name]]
            f["scroll_" + name] = {"p50": pct(v, 50), "p99": pct(v, 99), "max": pct(v, 100)}
        fps = [r["scroll_fps"] for r in floors if r.get("scroll_fps") is not None]
        f["scroll_fps"] = statistics.median(fps) if fps else None
        cpu = [r["floor"].get("cpu_ms_per_key") for r in runs if r.get("floor")]
        f["cpu_ms_per_key"] = statistics.median(cpu) if None not in cpu else None
        s["floor"] = f
        # Margin against the floor of the same run: how many times Fyne's
        # own cost under this Xvfb each figure is.
        ratio = {}

        def div(a, b):
            return round(a / b, 2) if a is not None and b else None
        for k in ("launch_text_ms", "launch_interactive_ms", "first_tab_ms", "cpu_ms_per_key", "scroll_fps"):
            ratio["big." + k] = div(s.get("big." + k), f[k])
        for q in ("p50", "p99", "max"):
            ratio["keys_all." + q] = div(s["keys_all"][q], f["keys_all"][q])
            for name in ("pagedown", "wheel"):
                ratio["scroll_%s.%s" % (name, q)] = div(s["scroll_" + name][q], f["scroll_" + name][q])
        s["ratio_to_floor"] = ratio
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("--label", default="")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cycles", type=int, default=3, help="edit cycles at each of start, middle, end per run")
    ap.add_argument("--soak", type=int, default=1000, help="timed actions of the soak (0: none)")
    ap.add_argument("--json", default="")
    ap.add_argument("--work", default="", help="keep the projects in this folder and reuse them next time")
    ap.add_argument("--parts", default="floor,big,many", help="which of the per-run parts to run")
    ap.add_argument("--cpuprofile", default="", help="write a CPU profile of the first run's edit cycles here")
    ap.add_argument("--cpuprofile-seconds", type=int, default=20)
    ap.add_argument("--heapprofile", default="", help="write the soak's heap profiles at its start, after its first cycle and at its end to PREFIX-start.pprof, PREFIX-warm.pprof and PREFIX-end.pprof")
    ap.add_argument("--floor", default=os.path.join(ROOT, "framefloor"),
                    help="the floor program (go build -o framefloor ./bench/cmd/framefloor)")
    a = ap.parse_args()
    bin_ = os.path.abspath(a.bin)
    work = a.work or tempfile.mkdtemp(prefix="margin-gui-bench-")
    scr = None
    try:
        t = time.time()
        made = os.path.join(work, "projects.json")
        if a.work and os.path.exists(made):
            with open(made) as f:
                big, many, nparts = json.load(f)
        else:
            os.makedirs(work, exist_ok=True)
            big, many, nparts = make_projects(bin_, work)
            with open(made, "w") as f:
                json.dump([big, many, nparts], f)
        print("projects made in %.1f s (%s, %s)" % (time.time() - t, big, many), file=sys.stderr)
        floor_text = os.path.join(work, "floor.txt")
        with open(floor_text, "w", encoding="utf-8") as f:
            f.write(article() * 4)
        scr = Screen()
        runs = []
        for i in range(a.runs):
            home = os.path.join(work, "home%d" % i)
            # A fresh home each run: the window remembers its size, splits
            # and the document shown last per project, and a --work folder
            # reused from an earlier run would open on another document.
            shutil.rmtree(home, ignore_errors=True)
            os.makedirs(home, exist_ok=True)
            # each run edits a fresh copy of the projects
            b, m = os.path.join(work, "b%d.margin" % i), os.path.join(work, "m%d.margin" % i)
            shutil.copy(big, b)
            shutil.copy(many, m)
            parts = a.parts.split(",")
            r = {"floor": bench_floor(scr, os.path.abspath(a.floor), floor_text, home, a.cycles) if "floor" in parts else None,
                 "big": bench_big(scr, bin_, b, nparts, home, a.cycles,
                                  (a.cpuprofile, a.cpuprofile_seconds) if a.cpuprofile and i == 0 else None) if "big" in parts else None,
                 "many": bench_many(scr, bin_, m, home) if "many" in parts else None}
            runs.append(r)
            if a.json:
                with open(a.json, "w") as f:
                    json.dump({"label": a.label, "runs": runs}, f)
            print("run %d done" % i, file=sys.stderr)
        out = {"label": a.label, "bin": bin_, "summary": summary(runs) if runs and "big" in a.parts and "many" in a.parts else {}, "runs": runs}
        if a.soak:
            home = os.path.join(work, "soakhome")
            shutil.rmtree(home, ignore_errors=True)  # as the runs' homes above
            os.makedirs(home, exist_ok=True)
            b = os.path.join(work, "soak.margin")
            shutil.copy(big, b)
            out["soak"] = soak(scr, bin_, b, nparts, home, a.soak, a.heapprofile)
        js = json.dumps(out, indent=1)
        if a.json:
            with open(a.json, "w") as f:
                f.write(js)
        print(json.dumps({"label": a.label, "summary": out["summary"], "soak": out.get("soak")}, indent=1))
    finally:
        if scr:
            scr.close()
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
