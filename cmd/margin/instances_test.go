package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// TestCommandSaysAWindowHasTheProject: a command run on a project a window
// has open says so, and 'margin undo' leaves that window's newest step to
// the window (it used to undo it, by annotator name only).
func TestCommandSaysAWindowHasTheProject(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	p := filepath.Join(t.TempDir(), "p.margin")
	mustRun(t, "init", p)
	ctx := context.Background()
	win, err := storage.Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer win.Close()
	if out := mustRun(t, "docs", p); strings.Contains(out, "has this project open") {
		t.Fatalf("note without a window: %s", out)
	}
	unregister, err := win.Register(ctx, "window")
	if err != nil {
		t.Fatal(err)
	}
	defer unregister()
	res, err := win.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "a", Text: "Kyiv agreed to talks."}}})
	if err != nil {
		t.Fatal(err)
	}
	a := &model.Annotation{DocID: res[0].DocID, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}}
	if err := win.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, "docs", p); !strings.Contains(out, "another Margin window") || !strings.Contains(out, "has this project open") {
		t.Fatalf("no note with a window open: %s", out)
	}
	out, err := run(t, "undo", p)
	if !errors.Is(err, model.ErrUndoElsewhere) {
		t.Fatalf("margin undo with the window's step newest: %v\n%s", err, out)
	}
	if _, err := win.Annotation(ctx, a.ID); err != nil {
		t.Fatalf("the window's annotation: %v", err)
	}
}
