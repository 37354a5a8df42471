package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// relProject: a claimed_by relation in layer who of the first document.
func relProject(t *testing.T, who string) (*storage.DB, *model.Relation) {
	t.Helper()
	ctx := context.Background()
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	t.Cleanup(func() { db.Close() })
	cs, ce := span(assets.DemoArticle, phrase)
	as, ae := span(assets.DemoArticle, "The White House")
	c := &model.Annotation{DocID: 1, Annotator: who, Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: cs, End: ce}}}
	a := &model.Annotation{DocID: 1, Annotator: who, Label: "ACTOR", Fragments: []model.Fragment{{Start: as, End: ae}}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{c, a}); err != nil {
		t.Fatal(err)
	}
	r := &model.Relation{Annotator: who, Type: "claimed_by", From: c.ID, To: a.ID}
	if err := db.CreateRelation(ctx, r); err != nil {
		t.Fatal(err)
	}
	return db, r
}

// clickConnectorLabel taps the middle of the drawn label text of a connector.
func clickConnectorLabel(t *testing.T, w *Window, label string) {
	t.Helper()
	v := w.View()
	for _, o := range test.WidgetRenderer(v).Objects() {
		if x, ok := o.(*canvas.Text); ok && x.Text == label && x.Visible() {
			test.TapAt(v, x.Position().Add(fyne.NewPos(x.Size().Width/2, x.Size().Height/2)))
			return
		}
	}
	t.Fatalf("no connector label %q drawn", label)
}

func nRels(t *testing.T, db *storage.DB) int {
	rels, err := db.Relations(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	return len(rels)
}

// Esc is the "deselect" key: after it, Delete must not remove the relation
// that was clicked before.
func TestEscDeselectsConnector(t *testing.T) {
	db, r := relProject(t, "ana")
	w := openWindow(t, db)
	w.View().ScrollToOffset(0)
	clickConnectorLabel(t, w, "claimed_by")
	if w.View().SelectedConnector() != r.ID || w.inspector.rel == nil {
		t.Fatalf("click did not select the relation: %q", w.View().SelectedConnector())
	}
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	t.Logf("after Esc: inspector rel=%v cur=%v, view connector %q, status %q",
		w.inspector.rel != nil, w.inspector.cur != nil, w.View().SelectedConnector(), w.status.Text)
	if w.View().SelectedConnector() != "" {
		t.Errorf("Esc left connector %q selected (drawn bold), inspector cleared", w.View().SelectedConnector())
	}
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if n := nRels(t, db); n != 1 {
		t.Errorf("Delete after Esc deleted the relation (%d left)", n)
	}
}

// Saving the schema clears the inspector but not the selected connector.
func TestSchemaSaveClearsTheSelectedConnector(t *testing.T) {
	db, r := relProject(t, "ana")
	w := openWindow(t, db)
	clickConnectorLabel(t, w, "claimed_by")
	if w.View().SelectedConnector() != r.ID {
		t.Fatal("not selected")
	}
	// what the schema editor's onSave does after ChangeSchema
	w.reloadAndSelect(baseID(w.View().SelectedHighlight()))
	if w.inspector.rel == nil && w.View().SelectedConnector() != "" {
		t.Errorf("inspector shows nothing but connector %q is still selected; status %q", w.View().SelectedConnector(), w.status.Text)
	}
}

// Curating: a gold relation is clickable and the status bar says Delete
// removes it, but Delete fails (DeleteRelation only lets the owner delete).
func TestCurateDeleteGoldRelation(t *testing.T) {
	db, r := relProject(t, model.GoldAnnotator)
	w := openWindow(t, db)
	w.modeSelect.SetSelected(modeCurate)
	if len(w.View().Connectors()) != 1 {
		t.Fatalf("connectors in curate: %+v", w.View().Connectors())
	}
	clickConnectorLabel(t, w, "claimed_by")
	if w.View().SelectedConnector() != r.ID {
		t.Fatalf("gold connector not selected")
	}
	t.Logf("status: %q", w.status.Text)
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	t.Logf("status after Delete: %q", w.status.Text)
	if n := nRels(t, db); n != 0 || strings.HasPrefix(w.status.Text, "error") {
		t.Errorf("Delete on a selected gold relation in Curate: %d left, status %q", n, w.status.Text)
	}
}

// TestConnectorClearedOnDocSwitchAndUndo: a clicked relation does not stay
// selected (nor in the inspector) across a document switch, a switch to
// Compare, or an undo that removes it.
func TestConnectorClearedOnDocSwitchAndUndo(t *testing.T) {
	db, r := relProject(t, "ana")
	w := openWindow(t, db)
	clickConnectorLabel(t, w, "claimed_by")
	w.nextDocument(1)
	if w.View().SelectedConnector() != "" || w.inspector.rel != nil {
		t.Errorf("doc switch: connector %q, inspector rel %v", w.View().SelectedConnector(), w.inspector.rel)
	}
	w.nextDocument(-1)
	clickConnectorLabel(t, w, "claimed_by")
	if w.View().SelectedConnector() != r.ID {
		t.Fatal("not selected")
	}
	w.Undo() // undoes the relation's creation
	if n := nRels(t, db); n != 0 {
		t.Fatalf("undo: %d rels", n)
	}
	if w.View().SelectedConnector() != "" || w.inspector.rel != nil || strings.Contains(w.status.Text, "relation claimed_by") {
		t.Errorf("undo: connector %q, inspector rel %v, status %q", w.View().SelectedConnector(), w.inspector.rel, w.status.Text)
	}
	w.Redo()
	clickConnectorLabel(t, w, "claimed_by")
	w.modeSelect.SetSelected(modeCompare)
	if w.View().SelectedConnector() != "" || w.inspector.rel != nil {
		t.Errorf("compare: connector %q", w.View().SelectedConnector())
	}
	w.modeSelect.SetSelected(modeAnnotate)
	// clicking a span after the connector: Delete removes the span only
	clickConnectorLabel(t, w, "claimed_by")
	w.focusAnnotation(w.rels[0].To)
	if w.View().SelectedConnector() != "" {
		t.Errorf("span focus kept connector")
	}
}
