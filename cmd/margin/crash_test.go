package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/margin-app/margin/assets"
)

// The test binary doubles as the margin binary (and as a writer loop) when
// MARGIN_TEST_CHILD is set, so crash tests need no separate `go build`.
// This runs in init, before the testing package parses flags, so os.Args
// holds exactly the margin arguments.
const childEnv = "MARGIN_TEST_CHILD"

func init() {
	switch os.Getenv(childEnv) {
	case "":
		return
	case "main": // exactly what the installed binary does
		os.Args = append([]string{"margin"}, os.Args[1:]...)
		main()
		os.Exit(0)
	case "writer":
		os.Exit(writerLoop(os.Args[1:]))
	default:
		fmt.Fprintln(os.Stderr, "unknown", childEnv)
		os.Exit(2)
	}
}

// writerLoop runs `margin annotate` (and now and then `margin import`)
// again and again, each a full CLI run that opens the project, writes one
// transaction, prints the new id and closes the project. It stops at the
// first error (exit 3), which the parent reports. Args: PROJECT DOC DOCLEN DIR.
func writerLoop(args []string) int {
	project, doc, dir := args[0], args[1], args[3]
	n, _ := strconv.Atoi(args[2])
	rng := rand.New(rand.NewSource(time.Now().UnixNano() ^ int64(os.Getpid())))
	for i := 0; i < 100000; i++ {
		var cmdArgs []string
		if i%7 == 3 {
			f := filepath.Join(dir, fmt.Sprintf("c%d-%d.txt", os.Getpid(), i))
			text := fmt.Sprintf("Report %d from writer %d: talks on a ceasefire “continue” 👍🏽.\n", i, os.Getpid())
			if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 3
			}
			cmdArgs = []string{"import", project, f}
		} else {
			s := rng.Intn(n - 1)
			e := s + 1 + rng.Intn(min(40, n-s-1)+1)
			e = min(e, n)
			cmdArgs = []string{"annotate", project, "--doc", doc, "--label", "ACTOR",
				"--start", strconv.Itoa(s), "--end", strconv.Itoa(e), "--annotator", fmt.Sprintf("w%d", os.Getpid()%1000)}
		}
		root := newRootCmd()
		root.SetOut(os.Stdout)
		root.SetErr(os.Stderr)
		root.SetArgs(cmdArgs)
		if err := root.ExecuteContext(context.Background()); err != nil {
			fmt.Fprintln(os.Stderr, "margin: "+err.Error())
			return 3
		}
	}
	return 0
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type child struct {
	cmd            *exec.Cmd
	stdout, stderr *lockedBuffer
}

var (
	uuidLine   = regexp.MustCompile(`(?m)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	importLine = regexp.MustCompile(`(?m)^(.*): imported document (\d+), `)
)

func crashKills() int {
	if v, err := strconv.Atoi(os.Getenv("MARGIN_CRASH_KILLS")); err == nil && v > 0 {
		return v
	}
	if os.Getenv("MARGIN_STRESS") != "" {
		return 400
	}
	return 40
}

// Writers in child processes are killed with SIGKILL at random moments,
// while other writers go on. Afterwards the project opens, `margin check`
// passes, and every annotation and document whose command reported
// success is there. Concurrent writers must never fail ("database is
// locked"): a child that stops on its own fails the test.
// MARGIN_STRESS=1 (make stress) kills 400 times; MARGIN_CRASH_KILLS=N sets N,
// MARGIN_CRASH_SEED replays a logged run's timing.
func TestCrashSafetyUnderSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	article := filepath.Join(dir, "ceasefire-call.txt")
	os.WriteFile(article, []byte(assets.DemoArticle), 0o644)
	mustRun(t, "init", p)
	mustRun(t, "import", p, article)
	w := killWriters(t, p, 1, utf8.RuneCountInString(assets.DemoArticle), crashKills(), nil)
	w.verify(t)
}

// killedWriters is what SIGKILLed writer children reported saved.
type killedWriters struct {
	project   string
	committed []string          // annotation ids printed by `margin annotate`
	docs      map[string]string // doc id -> file name printed by `margin import`
	kills     int
	seed      int64
	elapsed   time.Duration
}

// killWriters runs three writer children (writerLoop) on doc of project
// (docLen code points) and SIGKILLs one at a random moment kills times,
// starting a new one each time; between kills it calls during(k), if not
// nil (the window scenario edits there).
func killWriters(t *testing.T, project string, doc int64, docLen, kills int, during func(k int)) *killedWriters {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	textDir := filepath.Join(t.TempDir(), "texts")
	os.Mkdir(textDir, 0o755)
	w := &killedWriters{project: project, docs: map[string]string{}, kills: kills}
	start := func() *child {
		c := &child{stdout: &lockedBuffer{}, stderr: &lockedBuffer{}}
		c.cmd = exec.Command(exe, project, strconv.FormatInt(doc, 10), strconv.Itoa(docLen), textDir)
		c.cmd.Env = append(os.Environ(), childEnv+"=writer")
		c.cmd.Stdout, c.cmd.Stderr = c.stdout, c.stderr
		if err := c.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return c
	}
	finish := func(c *child, killed bool) {
		c.cmd.Wait()
		out := c.stdout.String()
		w.committed = append(w.committed, uuidLine.FindAllString(out, -1)...)
		for _, m := range importLine.FindAllStringSubmatch(out, -1) {
			w.docs[m[2]] = strings.TrimSuffix(filepath.Base(m[1]), ".txt")
		}
		ws, _ := c.cmd.ProcessState.Sys().(syscall.WaitStatus)
		if !killed || !ws.Signaled() {
			t.Errorf("a writer stopped on its own (%v): %s", c.cmd.ProcessState, c.stderr.String())
		}
	}

	w.seed = time.Now().UnixNano()
	if v, err := strconv.ParseInt(os.Getenv("MARGIN_CRASH_SEED"), 10, 64); err == nil {
		w.seed = v
	}
	rng := rand.New(rand.NewSource(w.seed))
	began := time.Now()
	const parallel = 3
	pool := []*child{}
	for i := 0; i < parallel; i++ {
		pool = append(pool, start())
	}
	for k := 0; k < kills; k++ {
		// Mostly short delays (kills during startup, open, the write,
		// the checkpoint on close), sometimes longer ones so writers
		// get many commits in.
		d := time.Duration(rng.Intn(60)) * time.Millisecond
		if rng.Intn(4) == 0 {
			d = time.Duration(60+rng.Intn(250)) * time.Millisecond
		}
		time.Sleep(d)
		i := rng.Intn(len(pool))
		c := pool[i]
		c.cmd.Process.Signal(syscall.SIGKILL)
		finish(c, true)
		pool[i] = start()
		if during != nil {
			during(k)
		}
		if t.Failed() {
			break
		}
	}
	for _, c := range pool {
		c.cmd.Process.Signal(syscall.SIGKILL)
		finish(c, true)
	}
	w.kills += parallel
	w.elapsed = time.Since(began)
	return w
}

// verify checks that the project opens, `margin check` passes, and every
// annotation and document a writer reported saved is there; it returns
// the ids of the annotations in the project.
func (w *killedWriters) verify(t *testing.T) map[string]bool {
	t.Helper()
	p := w.project
	// The file opens, integrity and every covered text are fine.
	if out := mustRun(t, "check", p); !strings.HasPrefix(out, "ok:") {
		t.Fatalf("check after crashes: %s", out)
	}
	// Every reported annotation is there.
	export := mustRun(t, "export", p, "--format", "jsonl")
	have := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(export), "\n") {
		var rec struct {
			Annotations []struct{ ID string } `json:"annotations"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		for _, a := range rec.Annotations {
			have[a.ID] = true
		}
	}
	lost := 0
	for _, id := range w.committed {
		if !have[id] {
			lost++
			t.Errorf("annotation %s was reported saved but is missing", id)
		}
	}
	// Every reported import is there, under its id.
	var list []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "docs", p, "--json")), &list); err != nil {
		t.Fatal(err)
	}
	byID := map[string]string{}
	for _, d := range list {
		byID[strconv.FormatInt(d.ID, 10)] = d.Name
	}
	for id, name := range w.docs {
		if byID[id] != name {
			t.Errorf("document %s (%s) was reported imported but the project has %q", id, name, byID[id])
		}
	}
	if len(w.committed) == 0 {
		t.Error("no writer ever committed: the kills came too early to test anything")
	}
	t.Logf("seed %d: %d SIGKILLs in %v; %d annotations and %d documents reported saved, %d lost; %d annotations in the project",
		w.seed, w.kills, w.elapsed.Round(time.Millisecond), len(w.committed), len(w.docs), lost, len(have))
	return have
}

// main() prints "margin: ..." on one line and exits 1 on failure.
func TestMainExitStatusAndMessage(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	mustRun(t, "init", p)
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("Kyiv\ntalks \xff\n"), 0o644)
	cmd := exec.Command(exe, "import", p, bad)
	cmd.Env = append(os.Environ(), childEnv+"=main")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v", err)
	}
	msg := stderr.String()
	if !strings.HasPrefix(msg, "margin: ") || strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "bad.txt") || !strings.Contains(msg, "line 2") {
		t.Fatalf("stderr %q", msg)
	}
	cmd = exec.Command(exe, "check", p)
	cmd.Env = append(os.Environ(), childEnv+"=main")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.HasPrefix(string(out), "ok:") {
		t.Fatalf("check: %v %s", err, out)
	}
}
