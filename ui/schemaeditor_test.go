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
)

func defaultSchema(t *testing.T) *model.Schema {
	t.Helper()
	sc, err := assets.DefaultSchema()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func labelIndex(t *testing.T, e *schemaEdit, name string) int {
	t.Helper()
	for i, l := range e.s.Labels {
		if l.Name == name {
			return i
		}
	}
	t.Fatalf("no label %s", name)
	return -1
}

func TestSchemaEditRenamesAndRelations(t *testing.T) {
	cur := defaultSchema(t)
	e := newSchemaEdit(cur)
	if err := e.validate(); err != nil {
		t.Fatalf("default schema invalid in the editor: %v", err)
	}
	actor := labelIndex(t, e, "ACTOR")
	e.renameLabel(actor, "PARTY")
	if got := e.renames(); !reflect.DeepEqual(got, map[string]string{"ACTOR": "PARTY"}) {
		t.Errorf("renames = %v", got)
	}
	for _, r := range e.s.Relations {
		for _, n := range append(append([]string{}, r.From...), r.To...) {
			if n == "ACTOR" {
				t.Errorf("relation %s still names ACTOR: %v -> %v", r.Name, r.From, r.To)
			}
		}
	}
	if _, ok := cur.Label("ACTOR"); !ok {
		t.Fatal("editing changed the caller's schema")
	}
	// Renaming twice reports old -> latest; renaming back reports nothing.
	e.renameLabel(actor, "SPEAKER")
	if got := e.renames(); !reflect.DeepEqual(got, map[string]string{"ACTOR": "SPEAKER"}) {
		t.Errorf("renames after two steps = %v", got)
	}
	e.renameLabel(actor, "ACTOR")
	if got := e.renames(); len(got) != 0 {
		t.Errorf("renames after renaming back = %v", got)
	}

	// Removing a label drops it from relations and is reported.
	e.removeLabel(labelIndex(t, e, "PRECONDITION"))
	if got := e.removed(); !reflect.DeepEqual(got, []string{"PRECONDITION"}) {
		t.Errorf("removed = %v", got)
	}
	for _, r := range e.s.Relations {
		for _, n := range r.From {
			if n == "PRECONDITION" {
				t.Errorf("relation %s still allows PRECONDITION", r.Name)
			}
		}
	}
	if err := e.validate(); err != nil {
		t.Errorf("after removal: %v", err)
	}
	// A new label is not a rename, and removing it again leaves no trace.
	i := e.addLabel()
	if l := e.s.Labels[i]; l.Name != "NEW_LABEL" || l.Color == "" {
		t.Errorf("new label %+v", l)
	}
	e.renameLabel(i, "EVIDENCE")
	if _, ok := e.renames()["NEW_LABEL"]; ok || len(e.renames()) != 0 {
		t.Errorf("renames with a new label = %v", e.renames())
	}
	if err := e.validate(); err != nil {
		t.Errorf("with a new label: %v", err)
	}
	// A new label taking a removed one's name keeps its annotations.
	e.renameLabel(labelIndex(t, e, "EVIDENCE"), "PRECONDITION")
	if err := e.validate(); err != nil || len(e.removed()) != 0 {
		t.Errorf("new label with a removed one's name: %v, removed %v", err, e.removed())
	}
	e.removeLabel(labelIndex(t, e, "PRECONDITION"))
	// Ambiguous renames are refused: onto a removed label, and a swap.
	neg := labelIndex(t, e, "NEGOTIATION_EVENT")
	e.renameLabel(neg, "PRECONDITION")
	if err := e.validate(); err == nil || !strings.Contains(err.Error(), "removal") {
		t.Errorf("renaming a label onto a removed one: %v", err)
	}
	e.renameLabel(neg, "NEGOTIATION_EVENT")
	a, b := labelIndex(t, e, "MILITARY_ACTION"), labelIndex(t, e, "AID_OR_SANCTION")
	e.renameLabel(a, "TMP")
	e.renameLabel(b, "MILITARY_ACTION")
	e.renameLabel(a, "AID_OR_SANCTION")
	if err := e.validate(); err == nil || !strings.Contains(err.Error(), "itself being renamed") {
		t.Errorf("swap: %v", err)
	}
}

func TestSchemaEditValidation(t *testing.T) {
	e := newSchemaEdit(defaultSchema(t))
	term, actor := labelIndex(t, e, "CEASEFIRE_TERM"), labelIndex(t, e, "ACTOR")
	e.setHotkey(actor, e.s.Labels[term].Hotkey)
	if err := e.validate(); err == nil || !strings.Contains(err.Error(), "hotkey") {
		t.Fatalf("duplicate hotkey: %v", err)
	}
	e.setHotkey(actor, "")
	if err := e.validate(); err != nil {
		t.Fatalf("no hotkey: %v", err)
	}
	e.setColor(actor, "red")
	if err := e.validate(); err == nil || !strings.Contains(err.Error(), "color") {
		t.Errorf("bad colour: %v", err)
	}
	e.setColor(actor, " #00AA11 ")
	if err := e.validate(); err != nil {
		t.Errorf("good colour: %v", err)
	}
	e.renameLabel(actor, "")
	if e.validate() == nil {
		t.Errorf("empty name accepted")
	}
	e.renameLabel(actor, "CEASEFIRE_TERM")
	if err := e.validate(); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("duplicate name: %v", err)
	}
	// Fixing the duplicate must not drag the other label's relation ends along.
	e.renameLabel(actor, "ACTOR")
	if err := e.validate(); err != nil {
		t.Fatalf("fixed name: %v", err)
	}
	if err := newSchemaEdit(defaultSchema(t)).s.CheckRelation("claimed_by", "CEASEFIRE_TERM", "ACTOR"); err != nil {
		t.Fatal(err)
	}
	if err := e.s.CheckRelation("claimed_by", "CEASEFIRE_TERM", "ACTOR"); err != nil {
		t.Errorf("relation ends lost while fixing a duplicate: %v", err)
	}

	// Attributes: an enum needs values; values are comma-separated.
	k := e.addAttribute(actor)
	e.setAttrName(actor, k, "role")
	e.setAttrType(actor, k, model.AttrEnum)
	if err := e.validate(); err == nil || !strings.Contains(err.Error(), "no values") {
		t.Errorf("enum without values: %v", err)
	}
	e.setAttrValues(actor, k, " negotiator, , mediator ,")
	if err := e.validate(); err != nil {
		t.Errorf("enum with values: %v", err)
	}
	if got := e.attr(actor, k).Values; !reflect.DeepEqual(got, []string{"negotiator", "mediator"}) {
		t.Errorf("values = %q", got)
	}
	e.setAttrType(actor, k, "colour")
	if e.validate() == nil {
		t.Errorf("unknown attribute type accepted")
	}
	e.setAttrType(actor, k, model.AttrBool)
	e.normalize()
	if e.attr(actor, k).Values != nil {
		t.Errorf("bool attribute kept enum values")
	}
	k2 := e.addAttribute(actor)
	e.setAttrName(actor, k2, "role")
	if e.validate() == nil {
		t.Errorf("duplicate attribute accepted")
	}
	e.removeAttribute(actor, k2)
	if err := e.validate(); err != nil {
		t.Errorf("after removing the duplicate: %v", err)
	}

	// Relations and document label sets.
	r := e.addRelation()
	e.setRelationName(r, "located_in")
	e.setRelationEnd(r, true, labelIndex(t, e, "MILITARY_ACTION"), true)
	e.setRelationEnd(r, false, labelIndex(t, e, "TERRITORIAL_CONTROL"), true)
	e.setRelationEnd(r, true, labelIndex(t, e, "CEASEFIRE_TERM"), true)
	e.setRelationEnd(r, true, labelIndex(t, e, "MILITARY_ACTION"), false)
	if got := e.s.Relations[r].From; !reflect.DeepEqual(got, []string{"CEASEFIRE_TERM"}) {
		t.Errorf("from = %v", got)
	}
	if err := e.validate(); err != nil {
		t.Errorf("new relation: %v", err)
	}
	e.setRelationName(r, "claimed_by")
	if e.validate() == nil {
		t.Errorf("duplicate relation accepted")
	}
	e.removeRelation(r)
	d := e.addDocSet()
	e.setDocSetName(d, "stance")
	e.setDocSetValues(d, "")
	if e.validate() == nil {
		t.Errorf("document label set without values accepted")
	}
	e.setDocSetValues(d, "pro, contra")
	e.setDocSetMultiple(d, true)
	if err := e.validate(); err != nil {
		t.Errorf("doc set: %v", err)
	}
	out := e.result()
	if ds := out.DocLabelSets[len(out.DocLabelSets)-1]; ds.Name != "stance" || !ds.Multiple || len(ds.Values) != 2 {
		t.Errorf("doc set = %+v", ds)
	}
	// The result round-trips through TOML.
	data, err := out.TOML()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.ParseSchema(data); err != nil {
		t.Errorf("result does not parse back: %v", err)
	}
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
	ed := newSchemaEditor(win, defaultSchema(t), func(next *model.Schema, renames map[string]string, force bool) error {
		calls = append(calls, call{renames, force, len(next.Labels)})
		if refuse && !force {
			return fmt.Errorf("schema: %w", &model.LabelsInUseError{InUse: map[string]int{"PRECONDITION": 3}})
		}
		return nil
	})
	ed.show()
	if ed.saveBtn.Disabled() || ed.errLabel.Text != "" {
		t.Fatalf("default schema: save disabled=%v, error %q", ed.saveBtn.Disabled(), ed.errLabel.Text)
	}
	// The first label is shown; give it the hotkey of the second: invalid.
	second := ed.e.s.Labels[1]
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
	old := ed.e.s.Labels[0].Name
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
	ed := newSchemaEditor(win, sc, func(next *model.Schema, renames map[string]string, force bool) error {
		_, err := db.ChangeSchema(ctx, next, "ana", renames, force)
		return err
	})
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
	ed := newSchemaEditor(win, sc, func(next *model.Schema, renames map[string]string, force bool) error {
		gotRenames = renames
		_, err := db.ChangeSchema(ctx, next, "ana", renames, force)
		return err
	})
	ed.show()
	ed.labelList.Select(labelIndex(t, ed.e, "PRECONDITION"))
	if !ed.mergeBtn.Disabled() {
		t.Error("Merge into is enabled before a target is chosen")
	}
	ed.mergeTarget.SetSelected("CEASEFIRE_TERM")
	test.Tap(ed.mergeBtn)
	if ed.e.indexOfName("PRECONDITION") >= 0 {
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

// TestSchemaEditMergeChains: a label merged into one that is merged in
// turn follows it; merging into a label then removed drops the merge.
func TestSchemaEditMergeChains(t *testing.T) {
	e := newSchemaEdit(defaultSchema(t))
	e.mergeLabel(labelIndex(t, e, "PRECONDITION"), labelIndex(t, e, "CEASEFIRE_TERM"))
	e.mergeLabel(labelIndex(t, e, "CEASEFIRE_TERM"), labelIndex(t, e, "TERRITORIAL_CONTROL"))
	want := map[string]string{"PRECONDITION": "TERRITORIAL_CONTROL", "CEASEFIRE_TERM": "TERRITORIAL_CONTROL"}
	if got := e.renames(); !reflect.DeepEqual(got, want) {
		t.Fatalf("renames %v, want %v", got, want)
	}
	if err := e.validate(); err != nil {
		t.Fatal(err)
	}
	if d := e.dropped(); len(d) != 0 {
		t.Fatalf("dropped %v", d)
	}
	e.removeLabel(labelIndex(t, e, "TERRITORIAL_CONTROL"))
	if got := e.renames(); len(got) != 0 {
		t.Fatalf("renames onto a removed label: %v", got)
	}
	if d := e.dropped(); !reflect.DeepEqual(d, []string{"CEASEFIRE_TERM", "PRECONDITION", "TERRITORIAL_CONTROL"}) {
		t.Fatalf("dropped %v", d)
	}
}
