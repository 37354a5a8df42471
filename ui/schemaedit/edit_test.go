package schemaedit

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

func defaultSchema(t *testing.T) *model.Schema {
	t.Helper()
	sc, err := assets.DefaultSchema()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func labelIndex(t *testing.T, e *Edit, name string) int {
	t.Helper()
	if i := e.IndexOfName(name); i >= 0 {
		return i
	}
	t.Fatalf("no label %s", name)
	return -1
}

// newProject is a real project with the default schema and one document.
func newProject(t *testing.T, path string) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetSchema(ctx, defaultSchema(t), "ana"); err != nil {
		t.Fatal(err)
	}
	docs := []model.DocumentImport{{Doc: model.NewDocument{Name: assets.DemoArticleName, Text: assets.DemoArticle}}}
	if _, err := db.ImportDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestSchemaEditRenamesAndRelations(t *testing.T) {
	cur := defaultSchema(t)
	e := New(cur)
	if err := e.Validate(); err != nil {
		t.Fatalf("default schema invalid in the editor: %v", err)
	}
	actor := labelIndex(t, e, "ACTOR")
	e.RenameLabel(actor, "PARTY")
	if got := e.Renames(); !reflect.DeepEqual(got, map[string]string{"ACTOR": "PARTY"}) {
		t.Errorf("renames = %v", got)
	}
	for _, r := range e.Schema().Relations {
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
	e.RenameLabel(actor, "SPEAKER")
	if got := e.Renames(); !reflect.DeepEqual(got, map[string]string{"ACTOR": "SPEAKER"}) {
		t.Errorf("renames after two steps = %v", got)
	}
	e.RenameLabel(actor, "ACTOR")
	if got := e.Renames(); len(got) != 0 {
		t.Errorf("renames after renaming back = %v", got)
	}

	// Removing a label drops it from relations and is reported.
	e.RemoveLabel(labelIndex(t, e, "PRECONDITION"))
	if got := e.Removed(); !reflect.DeepEqual(got, []string{"PRECONDITION"}) {
		t.Errorf("removed = %v", got)
	}
	for _, r := range e.Schema().Relations {
		for _, n := range r.From {
			if n == "PRECONDITION" {
				t.Errorf("relation %s still allows PRECONDITION", r.Name)
			}
		}
	}
	if err := e.Validate(); err != nil {
		t.Errorf("after removal: %v", err)
	}
	// A new label is not a rename, and removing it again leaves no trace.
	i := e.AddLabel()
	if l := e.Schema().Labels[i]; l.Name != "NEW_LABEL" || l.Color == "" {
		t.Errorf("new label %+v", l)
	}
	e.RenameLabel(i, "EVIDENCE")
	if _, ok := e.Renames()["NEW_LABEL"]; ok || len(e.Renames()) != 0 {
		t.Errorf("renames with a new label = %v", e.Renames())
	}
	if err := e.Validate(); err != nil {
		t.Errorf("with a new label: %v", err)
	}
	// A new label taking a removed one's name keeps its annotations.
	e.RenameLabel(labelIndex(t, e, "EVIDENCE"), "PRECONDITION")
	if err := e.Validate(); err != nil || len(e.Removed()) != 0 {
		t.Errorf("new label with a removed one's name: %v, removed %v", err, e.Removed())
	}
	e.RemoveLabel(labelIndex(t, e, "PRECONDITION"))
	// A rename onto a removed label is refused: its annotations would
	// silently take the renamed label.
	neg := labelIndex(t, e, "NEGOTIATION_EVENT")
	e.RenameLabel(neg, "PRECONDITION")
	if err := e.Validate(); err == nil || !strings.Contains(err.Error(), "removal") {
		t.Errorf("renaming a label onto a removed one: %v", err)
	}
	e.RenameLabel(neg, "NEGOTIATION_EVENT")
	a, b := labelIndex(t, e, "MILITARY_ACTION"), labelIndex(t, e, "AID_OR_SANCTION")
	e.RenameLabel(a, "TMP")
	e.RenameLabel(b, "MILITARY_ACTION")
	e.RenameLabel(a, "AID_OR_SANCTION")
	if err := e.Validate(); err != nil {
		t.Errorf("swap refused: %v", err)
	}
	if got, want := e.Renames(), map[string]string{"MILITARY_ACTION": "AID_OR_SANCTION", "AID_OR_SANCTION": "MILITARY_ACTION"}; !reflect.DeepEqual(got, want) {
		t.Errorf("swap renames %v, want %v", got, want)
	}
}

// TestSchemaEditSwapAndChainThroughStore: a swap of two names and a chain
// of renames (with a merge into the chain) are one save each; the store
// applies the mapping at once (storage.ChangeSchema), so every annotation
// moves exactly once to the label the user sees it under in the editor.
func TestSchemaEditSwapAndChainThroughStore(t *testing.T) {
	ctx := context.Background()
	db := newProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ann := map[string]*model.Annotation{}
	var all []*model.Annotation
	for k, l := range []string{"MILITARY_ACTION", "AID_OR_SANCTION", "PRECONDITION", "CEASEFIRE_TERM", "ACTOR"} {
		a := &model.Annotation{DocID: 1, Annotator: "ana", Label: l, Fragments: []model.Fragment{{Start: 10 * k, End: 10*k + 5}}}
		ann[l] = a
		all = append(all, a)
	}
	if err := db.CreateAnnotations(ctx, all); err != nil {
		t.Fatal(err)
	}
	save := func(e *Edit) {
		t.Helper()
		if err := e.Validate(); err != nil {
			t.Fatalf("refused: %v", err)
		}
		if _, err := db.ChangeSchema(ctx, e.Result(), "ana", e.Renames(), false); err != nil {
			t.Fatalf("ChangeSchema: %v", err)
		}
	}
	labelOf := func(l string) string {
		t.Helper()
		a, err := db.Annotation(ctx, ann[l].ID)
		if err != nil {
			t.Fatal(err)
		}
		return a.Label
	}

	sc, _ := db.Schema(ctx)
	e := New(sc)
	a, b := labelIndex(t, e, "MILITARY_ACTION"), labelIndex(t, e, "AID_OR_SANCTION")
	e.RenameLabel(a, "TMP")
	e.RenameLabel(b, "MILITARY_ACTION")
	e.RenameLabel(a, "AID_OR_SANCTION")
	save(e)
	if labelOf("MILITARY_ACTION") != "AID_OR_SANCTION" || labelOf("AID_OR_SANCTION") != "MILITARY_ACTION" {
		t.Errorf("after the swap: %s, %s", labelOf("MILITARY_ACTION"), labelOf("AID_OR_SANCTION"))
	}

	// PRECONDITION merged into CEASEFIRE_TERM, which takes the name ACTOR,
	// while ACTOR becomes PARTY.
	sc, _ = db.Schema(ctx)
	e = New(sc)
	e.RenameLabel(labelIndex(t, e, "ACTOR"), "PARTY")
	e.RenameLabel(labelIndex(t, e, "CEASEFIRE_TERM"), "ACTOR")
	e.MergeLabel(labelIndex(t, e, "PRECONDITION"), labelIndex(t, e, "ACTOR"))
	save(e)
	for old, want := range map[string]string{"PRECONDITION": "ACTOR", "CEASEFIRE_TERM": "ACTOR", "ACTOR": "PARTY"} {
		if got := labelOf(old); got != want {
			t.Errorf("annotation first labelled %s is %s, want %s", old, got, want)
		}
	}
	now, _ := db.Schema(ctx)
	if err := now.CheckRelation("claimed_by", "ACTOR", "PARTY"); err != nil {
		t.Errorf("relation ends did not follow the chain: %v", err)
	}
}

func TestSchemaEditValidation(t *testing.T) {
	e := New(defaultSchema(t))
	term, actor := labelIndex(t, e, "CEASEFIRE_TERM"), labelIndex(t, e, "ACTOR")
	e.SetHotkey(actor, e.Schema().Labels[term].Hotkey)
	if err := e.Validate(); err == nil || !strings.Contains(err.Error(), "hotkey") {
		t.Fatalf("duplicate hotkey: %v", err)
	}
	e.SetHotkey(actor, "")
	if err := e.Validate(); err != nil {
		t.Fatalf("no hotkey: %v", err)
	}
	e.SetColor(actor, "red")
	if err := e.Validate(); err == nil || !strings.Contains(err.Error(), "color") {
		t.Errorf("bad colour: %v", err)
	}
	e.SetColor(actor, " #00AA11 ")
	if err := e.Validate(); err != nil {
		t.Errorf("good colour: %v", err)
	}
	e.RenameLabel(actor, "")
	if e.Validate() == nil {
		t.Errorf("empty name accepted")
	}
	e.RenameLabel(actor, "CEASEFIRE_TERM")
	if err := e.Validate(); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("duplicate name: %v", err)
	}
	// Fixing the duplicate must not drag the other label's relation ends along.
	e.RenameLabel(actor, "ACTOR")
	if err := e.Validate(); err != nil {
		t.Fatalf("fixed name: %v", err)
	}
	if err := New(defaultSchema(t)).Schema().CheckRelation("claimed_by", "CEASEFIRE_TERM", "ACTOR"); err != nil {
		t.Fatal(err)
	}
	if err := e.Schema().CheckRelation("claimed_by", "CEASEFIRE_TERM", "ACTOR"); err != nil {
		t.Errorf("relation ends lost while fixing a duplicate: %v", err)
	}

	// Attributes: an enum needs values; values are comma-separated.
	k := e.AddAttribute(actor)
	e.SetAttrName(actor, k, "role")
	e.SetAttrType(actor, k, model.AttrEnum)
	if err := e.Validate(); err == nil || !strings.Contains(err.Error(), "no values") {
		t.Errorf("enum without values: %v", err)
	}
	e.SetAttrValues(actor, k, " negotiator, , mediator ,")
	if err := e.Validate(); err != nil {
		t.Errorf("enum with values: %v", err)
	}
	if got := e.Attr(actor, k).Values; !reflect.DeepEqual(got, []string{"negotiator", "mediator"}) {
		t.Errorf("values = %q", got)
	}
	e.SetAttrType(actor, k, "colour")
	if e.Validate() == nil {
		t.Errorf("unknown attribute type accepted")
	}
	e.SetAttrType(actor, k, model.AttrBool)
	e.Normalize()
	if e.Attr(actor, k).Values != nil {
		t.Errorf("bool attribute kept enum values")
	}
	k2 := e.AddAttribute(actor)
	e.SetAttrName(actor, k2, "role")
	if e.Validate() == nil {
		t.Errorf("duplicate attribute accepted")
	}
	e.RemoveAttribute(actor, k2)
	if err := e.Validate(); err != nil {
		t.Errorf("after removing the duplicate: %v", err)
	}

	// Relations and document label sets.
	r := e.AddRelation()
	e.SetRelationName(r, "located_in")
	e.SetRelationEnd(r, true, labelIndex(t, e, "MILITARY_ACTION"), true)
	e.SetRelationEnd(r, false, labelIndex(t, e, "TERRITORIAL_CONTROL"), true)
	e.SetRelationEnd(r, true, labelIndex(t, e, "CEASEFIRE_TERM"), true)
	e.SetRelationEnd(r, true, labelIndex(t, e, "MILITARY_ACTION"), false)
	if got := e.Schema().Relations[r].From; !reflect.DeepEqual(got, []string{"CEASEFIRE_TERM"}) {
		t.Errorf("from = %v", got)
	}
	if err := e.Validate(); err != nil {
		t.Errorf("new relation: %v", err)
	}
	e.SetRelationName(r, "claimed_by")
	if e.Validate() == nil {
		t.Errorf("duplicate relation accepted")
	}
	e.RemoveRelation(r)
	d := e.AddDocSet()
	e.SetDocSetName(d, "stance")
	e.SetDocSetValues(d, "")
	if e.Validate() == nil {
		t.Errorf("document label set without values accepted")
	}
	e.SetDocSetValues(d, "pro, contra")
	e.SetDocSetMultiple(d, true)
	if err := e.Validate(); err != nil {
		t.Errorf("doc set: %v", err)
	}
	out := e.Result()
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

// TestSchemaEditMergeChains: a label merged into one that is merged in
// turn follows it; merging into a label then removed drops the merge.
func TestSchemaEditMergeChains(t *testing.T) {
	e := New(defaultSchema(t))
	e.MergeLabel(labelIndex(t, e, "PRECONDITION"), labelIndex(t, e, "CEASEFIRE_TERM"))
	e.MergeLabel(labelIndex(t, e, "CEASEFIRE_TERM"), labelIndex(t, e, "TERRITORIAL_CONTROL"))
	want := map[string]string{"PRECONDITION": "TERRITORIAL_CONTROL", "CEASEFIRE_TERM": "TERRITORIAL_CONTROL"}
	if got := e.Renames(); !reflect.DeepEqual(got, want) {
		t.Fatalf("renames %v, want %v", got, want)
	}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	if d := e.Dropped(); len(d) != 0 {
		t.Fatalf("dropped %v", d)
	}
	e.RemoveLabel(labelIndex(t, e, "TERRITORIAL_CONTROL"))
	if got := e.Renames(); len(got) != 0 {
		t.Fatalf("renames onto a removed label: %v", got)
	}
	if d := e.Dropped(); !reflect.DeepEqual(d, []string{"CEASEFIRE_TERM", "PRECONDITION", "TERRITORIAL_CONTROL"}) {
		t.Fatalf("dropped %v", d)
	}
}

// An edit elsewhere in the schema keeps a relation type's Equivalence (a
// brat import's symmetric-transitive Alias); losing it would make the brat
// export write chains of R lines instead of one * line.
func TestSchemaEditKeepsEquivalence(t *testing.T) {
	cur := &model.Schema{Labels: []model.Label{{Name: "Person", Color: "#112233"}, {Name: "GPE", Color: "#445566"}},
		Relations: []model.RelationType{{Name: "Alias", From: []string{"Person"}, To: []string{"Person"}, Equivalence: true}}}
	e := New(cur)
	e.RenameLabel(1, "PLACE")
	got := e.Result()
	if len(got.Relations) != 1 || !got.Relations[0].Equivalence {
		t.Errorf("relations after an edit: %+v", got.Relations)
	}
}

// TestSchemaMergeScenarios: merges combined with renames, new labels and
// chains end in the labels a user expects, through the real ChangeSchema.
func TestSchemaMergeScenarios(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*Edit, func() (map[string]string, error), func(id string) string, string, string) {
		db := newProject(t, filepath.Join(t.TempDir(), "p.margin"))
		t.Cleanup(func() { db.Close() })
		p := &model.Annotation{DocID: 1, Annotator: "ana", Label: "PRECONDITION", Fragments: []model.Fragment{{Start: 4, End: 8}}}
		c := &model.Annotation{DocID: 1, Annotator: "ana", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: 10, End: 14}}}
		if err := db.CreateAnnotations(ctx, []*model.Annotation{p, c}); err != nil {
			t.Fatal(err)
		}
		sc, _ := db.Schema(ctx)
		e := New(sc)
		save := func() (map[string]string, error) {
			if err := e.Validate(); err != nil {
				return nil, err
			}
			rn := e.Renames()
			_, err := db.ChangeSchema(ctx, e.Result(), "ana", rn, false)
			return rn, err
		}
		label := func(id string) string { a, _ := db.Annotation(ctx, id); return a.Label }
		return e, save, label, p.ID, c.ID
	}
	t.Run("merge then rename target", func(t *testing.T) {
		e, save, label, p, c := setup(t)
		e.MergeLabel(labelIndex(t, e, "PRECONDITION"), labelIndex(t, e, "CEASEFIRE_TERM"))
		e.RenameLabel(labelIndex(t, e, "CEASEFIRE_TERM"), "TERM")
		rn, err := save()
		if err != nil || label(p) != "TERM" || label(c) != "TERM" {
			t.Errorf("renames %v err %v: %s %s", rn, err, label(p), label(c))
		}
	})
	t.Run("merge into new label then rename it", func(t *testing.T) {
		e, save, label, p, _ := setup(t)
		n := e.AddLabel()
		e.RenameLabel(n, "COND")
		e.MergeLabel(labelIndex(t, e, "PRECONDITION"), labelIndex(t, e, "COND"))
		rn, err := save()
		if err != nil || label(p) != "COND" {
			t.Errorf("renames %v err %v: %s", rn, err, label(p))
		}
	})
	t.Run("merge renamed label", func(t *testing.T) {
		e, save, label, p, _ := setup(t)
		e.RenameLabel(labelIndex(t, e, "PRECONDITION"), "PRE")
		e.MergeLabel(labelIndex(t, e, "PRE"), labelIndex(t, e, "ACTOR"))
		rn, err := save()
		if err != nil || label(p) != "ACTOR" || !reflect.DeepEqual(rn, map[string]string{"PRECONDITION": "ACTOR"}) {
			t.Errorf("renames %v err %v: %s", rn, err, label(p))
		}
	})
	t.Run("merge A into B then call B A", func(t *testing.T) {
		e, save, label, p, c := setup(t)
		e.MergeLabel(labelIndex(t, e, "PRECONDITION"), labelIndex(t, e, "CEASEFIRE_TERM"))
		e.RenameLabel(labelIndex(t, e, "CEASEFIRE_TERM"), "PRECONDITION")
		rn, err := save()
		t.Logf("renames %v err %v: %s %s", rn, err, label(p), label(c))
		if err != nil {
			t.Errorf("refused: %v", err)
		}
	})
	t.Run("merge then reuse the merged name", func(t *testing.T) {
		e, save, label, p, _ := setup(t)
		e.MergeLabel(labelIndex(t, e, "PRECONDITION"), labelIndex(t, e, "CEASEFIRE_TERM"))
		n := e.AddLabel()
		e.RenameLabel(n, "PRECONDITION")
		rn, err := save()
		t.Logf("renames %v err %v: %s", rn, err, label(p))
		if err != nil || label(p) != "CEASEFIRE_TERM" {
			t.Errorf("renames %v err %v: %s", rn, err, label(p))
		}
	})
}

// TestModifiedSaysWhetherASaveWouldChangeTheSchema: a new edit is
// unmodified; a rename, a colour, a new label or the overlap switch
// modify it; renaming back, or switching back, is no change.
func TestModifiedSaysWhetherASaveWouldChangeTheSchema(t *testing.T) {
	e := New(defaultSchema(t))
	if e.Modified() {
		t.Fatal("a fresh edit says it is modified")
	}
	i := labelIndex(t, e, "ACTOR")
	e.RenameLabel(i, "PARTY")
	if !e.Modified() {
		t.Fatal("a rename is not a modification")
	}
	e.RenameLabel(i, "ACTOR")
	if e.Modified() {
		t.Fatal("renaming back still counts as modified")
	}
	on := e.Schema().AllowOverlap
	e.SetAllowOverlap(!on)
	if !e.Modified() {
		t.Fatal("the overlap switch is not a modification")
	}
	e.SetAllowOverlap(on)
	e.SetColor(i, "#123456")
	if !e.Modified() {
		t.Fatal("a colour is not a modification")
	}
	f := New(defaultSchema(t))
	f.AddLabel()
	if !f.Modified() {
		t.Fatal("a new label is not a modification")
	}
}
