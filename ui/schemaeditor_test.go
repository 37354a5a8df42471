package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/ui/schemaedit"
)

func defaultSchema(t *testing.T) *model.Schema {
	t.Helper()
	sc, err := assets.DefaultSchema()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func labelIndex(t *testing.T, e *schemaedit.Edit, name string) int {
	t.Helper()
	if i := e.IndexOfName(name); i >= 0 {
		return i
	}
	t.Fatalf("no label %s", name)
	return -1
}

func TestSchemaEditorDialog(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewWindow(nil)
	win.Resize(fyne.NewSize(1000, 750))
	t.Cleanup(win.Close)
	type call struct {
		renames map[string]string
		force   bool
		labels  int
	}
	var calls []call
	refuse := true
	ed := newSchemaEditor(win, defaultSchema(t), syncSave(func(next *model.Schema, renames map[string]string, force bool) error {
		calls = append(calls, call{renames, force, len(next.Labels)})
		if refuse && !force {
			return fmt.Errorf("schema: %w", &model.LabelsInUseError{InUse: map[string]int{"PRECONDITION": 3}})
		}
		return nil
	}))
	ed.show()
	if ed.saveBtn.Disabled() || ed.errLabel.Text != "" {
		t.Fatalf("default schema: save disabled=%v, error %q", ed.saveBtn.Disabled(), ed.errLabel.Text)
	}
	// The first label is shown; give it the hotkey of the second: invalid.
	second := ed.labels()[1]
	ed.hotkeyEntry.SetText("")
	test.Type(ed.hotkeyEntry, second.Hotkey)
	if !ed.saveBtn.Disabled() || !strings.Contains(ed.errLabel.Text, "hotkey") {
		t.Fatalf("duplicate hotkey: save disabled=%v, error %q", ed.saveBtn.Disabled(), ed.errLabel.Text)
	}
	ed.hotkeyEntry.SetText("q")
	if ed.saveBtn.Disabled() || ed.errLabel.Text != "" {
		t.Fatalf("fixed hotkey: save disabled=%v, error %q", ed.saveBtn.Disabled(), ed.errLabel.Text)
	}
	// Rename the first label through its entry; colour through its entry.
	old := ed.labels()[0].Name
	ed.nameEntry.SetText("TRUCE_TERM")
	ed.colorEntry.SetText("#123")
	if !ed.saveBtn.Disabled() {
		t.Errorf("short colour accepted")
	}
	ed.colorEntry.SetText("#112233")
	// Remove a label that is in use, then save: refused, then confirmed.
	ed.labelList.Select(labelIndex(t, ed.e, "PRECONDITION"))
	ed.removeLabel(ed.cur)
	if ed.saveBtn.Disabled() {
		t.Fatalf("after removal: %s", ed.errLabel.Text)
	}
	test.Tap(ed.saveBtn)
	if len(calls) != 1 || calls[0].force || !reflect.DeepEqual(calls[0].renames, map[string]string{old: "TRUCE_TERM"}) {
		t.Fatalf("first save: %+v", calls)
	}
	if ed.saved || ed.confirm == nil || !strings.Contains(ed.errLabel.Text, "still in use") {
		t.Fatalf("refused save: saved=%v confirm=%v error %q", ed.saved, ed.confirm != nil, ed.errLabel.Text)
	}
	ed.confirm.Confirm()
	if len(calls) != 2 || !calls[1].force || !ed.saved {
		t.Fatalf("forced save: %+v saved=%v", calls, ed.saved)
	}
	if calls[1].labels != len(defaultSchema(t).Labels)-1 {
		t.Errorf("saved %d labels", calls[1].labels)
	}
}

// TestSchemaEditorWithStore saves through storage ChangeSchema, as the
// window will: a rename migrates annotations; removing a used label needs
// force.
func TestSchemaEditorWithStore(t *testing.T) {
	test.NewTempApp(t)
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	docs, _ := db.Documents(ctx)
	a := &model.Annotation{DocID: docs[0].ID, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 3}}}
	p := &model.Annotation{DocID: docs[0].ID, Annotator: "ana", Label: "PRECONDITION", Fragments: []model.Fragment{{Start: 4, End: 8}}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{a, p}); err != nil {
		t.Fatal(err)
	}
	win := test.NewWindow(nil)
	win.Resize(fyne.NewSize(1000, 750))
	t.Cleanup(win.Close)
	sc, _ := db.Schema(ctx)
	ed := newSchemaEditor(win, sc, syncSave(func(next *model.Schema, renames map[string]string, force bool) error {
		_, err := db.ChangeSchema(ctx, next, "ana", renames, force)
		return err
	}))
	ed.show()
	ed.labelList.Select(labelIndex(t, ed.e, "ACTOR"))
	ed.nameEntry.SetText("PARTY")
	ed.removeLabel(labelIndex(t, ed.e, "PRECONDITION"))
	test.Tap(ed.saveBtn)
	if ed.saved || ed.confirm == nil {
		t.Fatalf("removal of a used label was not refused: %q", ed.errLabel.Text)
	}
	if !strings.Contains(ed.errLabel.Text, "PRECONDITION") {
		t.Errorf("error shown: %q", ed.errLabel.Text)
	}
	ed.confirm.Confirm()
	if !ed.saved {
		t.Fatalf("forced save failed: %q", ed.errLabel.Text)
	}
	got, err := db.Annotation(ctx, a.ID)
	if err != nil || got.Label != "PARTY" {
		t.Errorf("renamed annotation: %+v, %v", got, err)
	}
	if _, err := db.Annotation(ctx, p.ID); err == nil {
		t.Errorf("annotation of the removed label survived")
	}
	now, _ := db.Schema(ctx)
	if _, ok := now.Label("PARTY"); !ok {
		t.Errorf("schema not saved")
	}
	if err := now.CheckRelation("claimed_by", "CEASEFIRE_TERM", "PARTY"); err != nil {
		t.Errorf("relation did not follow the rename: %v", err)
	}
}

// TestSchemaEditorMergesLabels: merging PRECONDITION into CEASEFIRE_TERM
// in the dialog removes it from the schema, moves its annotations to
// CEASEFIRE_TERM on save without asking (nothing is deleted), and keeps
// its relation ends on the label it went into.
func TestSchemaEditorMergesLabels(t *testing.T) {
	test.NewTempApp(t)
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	docs, _ := db.Documents(ctx)
	p := &model.Annotation{DocID: docs[0].ID, Annotator: "ana", Label: "PRECONDITION", Fragments: []model.Fragment{{Start: 4, End: 8}}}
	c := &model.Annotation{DocID: docs[0].ID, Annotator: "ana", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: 10, End: 14}}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{p, c}); err != nil {
		t.Fatal(err)
	}
	win := test.NewWindow(nil)
	win.Resize(fyne.NewSize(1000, 750))
	t.Cleanup(win.Close)
	sc, _ := db.Schema(ctx)
	var gotRenames map[string]string
	ed := newSchemaEditor(win, sc, syncSave(func(next *model.Schema, renames map[string]string, force bool) error {
		gotRenames = renames
		_, err := db.ChangeSchema(ctx, next, "ana", renames, force)
		return err
	}))
	ed.show()
	ed.labelList.Select(labelIndex(t, ed.e, "PRECONDITION"))
	if !ed.mergeBtn.Disabled() {
		t.Error("Merge into is enabled before a target is chosen")
	}
	ed.mergeTarget.SetSelected("CEASEFIRE_TERM")
	test.Tap(ed.mergeBtn)
	if ed.e.IndexOfName("PRECONDITION") >= 0 {
		t.Fatal("the merged label is still in the schema")
	}
	if ed.cur != labelIndex(t, ed.e, "CEASEFIRE_TERM") {
		t.Errorf("after merging, label %d is shown, want CEASEFIRE_TERM", ed.cur)
	}
	test.Tap(ed.saveBtn)
	if !ed.saved || ed.confirm != nil {
		t.Fatalf("merge save: saved %v, confirm asked %v, error %q", ed.saved, ed.confirm != nil, ed.errLabel.Text)
	}
	if !reflect.DeepEqual(gotRenames, map[string]string{"PRECONDITION": "CEASEFIRE_TERM"}) {
		t.Errorf("renames sent to the store: %v", gotRenames)
	}
	got, err := db.Annotation(ctx, p.ID)
	if err != nil || got.Label != "CEASEFIRE_TERM" {
		t.Fatalf("merged annotation: %+v, %v", got, err)
	}
	now, _ := db.Schema(ctx)
	if _, ok := now.Label("PRECONDITION"); ok {
		t.Error("PRECONDITION still in the saved schema")
	}
	if err := now.CheckRelation("claimed_by", "CEASEFIRE_TERM", "ACTOR"); err != nil {
		t.Errorf("relation lost its end: %v", err)
	}
}

// syncSave makes a SchemaSaveFunc of a func that stores the schema at
// once and returns the error.
func syncSave(f func(next *model.Schema, renames map[string]string, force bool) error) SchemaSaveFunc {
	return func(next *model.Schema, renames map[string]string, force bool, done func(error)) {
		done(f(next, renames, force))
	}
}
