package storage

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

// twoWindows opens the same project twice, as two Margin windows (or a
// window and a command) do, with one document.
func twoWindows(t *testing.T) (a, b *DB, doc int64) {
	t.Helper()
	a, path := newProject(t)
	doc = importDoc(t, a, article)
	b, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b, doc
}

// TestStaleWriteIsRefused: window A shows an annotation; window B changes
// its note; A then changes an attribute from its copy. A's write used to
// replace the whole record, silently reverting B's note.
func TestStaleWriteIsRefused(t *testing.T) {
	a, b, doc := twoWindows(t)
	ctx := context.Background()
	ann := &model.Annotation{DocID: doc, Annotator: "ana", Label: "CLAIM", Fragments: []model.Fragment{{Start: 0, End: 3}}}
	if err := a.CreateAnnotations(ctx, []*model.Annotation{ann}); err != nil {
		t.Fatal(err)
	}
	inA, err := a.Annotation(ctx, ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	inB, err := b.Annotation(ctx, ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	inB.Note = "B's note"
	if err := b.UpdateAnnotation(ctx, inB); err != nil {
		t.Fatal(err)
	}
	inA.Attributes = map[string]any{"certainty": "high"}
	err = a.UpdateAnnotation(ctx, inA)
	if !errors.Is(err, model.ErrStale) {
		t.Fatalf("stale write: %v, want ErrStale", err)
	}
	now, _ := a.Annotation(ctx, ann.ID)
	if now.Note != "B's note" || len(now.Attributes) != 0 {
		t.Fatalf("after the refused write: note %q attributes %v", now.Note, now.Attributes)
	}
	// Reloaded, the same change goes through, and the next one from that
	// copy too (updated_at moves on with every write, even with a clock
	// that stands still).
	a.now = func() time.Time { return now.UpdatedAt }
	now.Attributes = map[string]any{"certainty": "high"}
	if err := a.UpdateAnnotation(ctx, now); err != nil {
		t.Fatal(err)
	}
	now.Note = "both"
	if err := a.UpdateAnnotation(ctx, now); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Annotation(ctx, ann.ID); got.Note != "both" || got.Attributes["certainty"] != "high" {
		t.Fatalf("after reload: %+v", got)
	}
	inB.Note = "stale again"
	if err := b.UpdateAnnotation(ctx, inB); !errors.Is(err, model.ErrStale) {
		t.Fatalf("B's stale write: %v", err)
	}
}

// TestUndoIsScopedToTheWindow: two windows of the same annotator. Undo in
// one used to take the annotator's newest step wherever it was made, so
// window A's Ctrl+Z removed what window B had just done.
func TestUndoIsScopedToTheWindow(t *testing.T) {
	a, b, doc := twoWindows(t)
	ctx := context.Background()
	for _, w := range []*DB{a, b} {
		unregister, err := w.Register(ctx, "window")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(unregister)
	}
	mk := func(w *DB, s, e int) *model.Annotation {
		x := &model.Annotation{DocID: doc, Annotator: "ana", Label: "CLAIM", Fragments: []model.Fragment{{Start: s, End: e}}}
		if err := w.CreateAnnotations(ctx, []*model.Annotation{x}); err != nil {
			t.Fatal(err)
		}
		return x
	}
	x := mk(a, 0, 3)
	y := mk(b, 4, 9)
	step, err := a.Undo(ctx, "ana")
	if err != nil || step == nil {
		t.Fatalf("undo in A: %v %v", step, err)
	}
	if len(step.Changed) != 1 || step.Changed[0] != x.ID {
		t.Fatalf("A's undo changed %v, want its own %s (B made %s)", step.Changed, x.ID, y.ID)
	}
	if _, err := b.Annotation(ctx, y.ID); err != nil {
		t.Fatalf("B's annotation: %v", err)
	}
	// A edit in A does not take B's redo away, nor B's undo.
	mk(a, 10, 14)
	if step, err := b.Undo(ctx, "ana"); err != nil || step == nil || step.Changed[0] != y.ID {
		t.Fatalf("undo in B: %+v %v", step, err)
	}
	if step, err := b.Redo(ctx, "ana"); err != nil || step == nil || step.Changed[0] != y.ID {
		t.Fatalf("redo in B: %+v %v", step, err)
	}

	// A step whose annotation the other window changed since is refused,
	// not applied over that change.
	z := mk(a, 15, 20)
	inB, _ := b.Annotation(ctx, z.ID)
	inB.Note = "B's note on A's span"
	if err := b.UpdateAnnotation(ctx, inB); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Undo(ctx, "ana"); !errors.Is(err, model.ErrStale) {
		t.Fatalf("undo of a span changed since: %v, want ErrStale", err)
	}
	if got, err := a.Annotation(ctx, z.ID); err != nil || got.Note != "B's note on A's span" {
		t.Fatalf("after the refused undo: %+v %v", got, err)
	}
}

// TestInstancesAreListedAndDeadOnesIgnored: a window sees another window
// on the project; a record left by a killed process (its pid gone) or a
// silent one (no heartbeat for minutes) neither shows nor blocks undo.
func TestInstancesAreListedAndDeadOnesIgnored(t *testing.T) {
	a, b, doc := twoWindows(t)
	ctx := context.Background()
	if others, err := a.OtherInstances(ctx); err != nil || len(others) != 0 {
		t.Fatalf("before: %v %v", others, err)
	}
	unregister, err := b.Register(ctx, "window")
	if err != nil {
		t.Fatal(err)
	}
	others, err := a.OtherInstances(ctx)
	if err != nil || len(others) != 1 || others[0].PID != os.Getpid() || others[0].Kind != "window" {
		t.Fatalf("with B open: %+v %v", others, err)
	}
	unregister()
	if others, _ := a.OtherInstances(ctx); len(others) != 0 {
		t.Fatalf("after B closed: %+v", others)
	}

	// A killed window: a process that has exited, registered as B.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	dead := Instance{Kind: "window", PID: cmd.Process.Pid, Host: host, Since: time.Now(), Beat: time.Now()}
	silent := Instance{Kind: "window", PID: os.Getpid(), Host: "elsewhere", Since: time.Now().Add(-time.Hour), Beat: time.Now().Add(-10 * time.Minute)}
	for origin, in := range map[string]Instance{b.Origin(): dead, "silent": silent} {
		v, _ := json.Marshal(in)
		if _, err := a.db.Exec(`INSERT INTO project (key, value) VALUES (?, ?)`, instancePrefix+origin, string(v)); err != nil {
			t.Fatal(err)
		}
	}
	if others, _ := a.OtherInstances(ctx); len(others) != 0 {
		t.Fatalf("dead records listed: %+v", others)
	}
	x := &model.Annotation{DocID: doc, Annotator: "ana", Label: "CLAIM", Fragments: []model.Fragment{{Start: 0, End: 3}}}
	if err := b.CreateAnnotations(ctx, []*model.Annotation{x}); err != nil {
		t.Fatal(err)
	}
	if step, err := a.Undo(ctx, "ana"); err != nil || step == nil || step.Changed[0] != x.ID {
		t.Fatalf("undo of a dead window's step: %+v %v", step, err)
	}
	// Registering sweeps the dead records away.
	unregister, err = a.Register(ctx, "window")
	if err != nil {
		t.Fatal(err)
	}
	defer unregister()
	var n int
	a.db.QueryRow(`SELECT count(*) FROM project WHERE key LIKE 'instance:%'`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d instance records after a sweep, want A's own", n)
	}
}

// TestChangedElsewhere tells a window's own writes from everyone else's,
// and registrations are not changes.
func TestChangedElsewhere(t *testing.T) {
	a, b, doc := twoWindows(t)
	ctx := context.Background()
	m, err := a.Mark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	x := &model.Annotation{DocID: doc, Annotator: "ana", Label: "CLAIM", Fragments: []model.Fragment{{Start: 0, End: 3}}}
	if err := a.CreateAnnotations(ctx, []*model.Annotation{x}); err != nil {
		t.Fatal(err)
	}
	changed, m, err := a.ChangedElsewhere(ctx, m)
	if err != nil || changed {
		t.Fatalf("after A's own write: %v %v", changed, err)
	}
	unregister, err := b.Register(ctx, "window")
	if err != nil {
		t.Fatal(err)
	}
	defer unregister()
	if changed, m, _ = a.ChangedElsewhere(ctx, m); changed {
		t.Fatal("a registration counted as a change")
	}
	if err := b.SetStatus(ctx, doc, "ben", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := a.SetStatus(ctx, doc, "ana", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	if changed, _, _ = a.ChangedElsewhere(ctx, m); !changed {
		t.Fatal("B's write, followed by one of A's, went unnoticed")
	}
}

// TestCommandUndoDoesNotReachPastAnOpenWindow: 'margin undo' while a
// window of the same annotator has the newest step refuses, naming the
// reason, instead of undoing that window's step or an older one.
func TestCommandUndoDoesNotReachPastAnOpenWindow(t *testing.T) {
	cli, window, doc := twoWindows(t)
	ctx := context.Background()
	older := &model.Annotation{DocID: doc, Annotator: "ana", Label: "CLAIM", Fragments: []model.Fragment{{Start: 0, End: 3}}}
	if err := cli.CreateAnnotations(ctx, []*model.Annotation{older}); err != nil {
		t.Fatal(err)
	}
	unregister, err := window.Register(ctx, "window")
	if err != nil {
		t.Fatal(err)
	}
	newest := &model.Annotation{DocID: doc, Annotator: "ana", Label: "CLAIM", Fragments: []model.Fragment{{Start: 4, End: 9}}}
	if err := window.CreateAnnotations(ctx, []*model.Annotation{newest}); err != nil {
		t.Fatal(err)
	}
	if step, err := cli.Undo(ctx, "ana"); !errors.Is(err, model.ErrUndoElsewhere) {
		t.Fatalf("command undo with the window's step newest: %+v %v", step, err)
	}
	for _, id := range []string{older.ID, newest.ID} {
		if _, err := cli.Annotation(ctx, id); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	unregister()
	if step, err := cli.Undo(ctx, "ana"); err != nil || step == nil || step.Changed[0] != newest.ID {
		t.Fatalf("command undo after the window closed: %+v %v", step, err)
	}
}
