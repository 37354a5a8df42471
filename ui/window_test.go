package ui

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

const phrase = "infrastructure and energy ceasefire"

func demoProject(t *testing.T, path string) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := assets.DefaultSchema()
	if err := db.SetSchema(ctx, sc, "ana"); err != nil {
		t.Fatal(err)
	}
	docs := []model.DocumentImport{
		{Doc: model.NewDocument{Name: assets.DemoArticleName, Text: assets.DemoArticle}},
		{Doc: model.NewDocument{Name: "second", Text: "Kyiv said the ceasefire 👍🏽 holds; the ceasefire is fragile."}},
	}
	if _, err := db.ImportDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	return db
}

// openWindow shows the project in a headless 1280x800 window.
func openWindow(t *testing.T, db model.Store) *Window {
	t.Helper()
	test.NewTempApp(t)
	if err := GuardProjectFiles(db.Path()); err != nil { // as cmd/margin does
		t.Fatal(err)
	}
	win := test.NewWindow(nil)
	closed := make(chan struct{})
	win.SetOnClosed(func() { close(closed) })
	t.Cleanup(func() {
		select {
		case <-closed: // the test closed it
		default:
			win.Close()
		}
	})
	win.Resize(fyne.NewSize(1280, 800))
	w := NewWindow(win, db, "ana")
	windowClosed.Store(w, closed)
	if err := w.Load(); err != nil {
		t.Fatal(err)
	}
	return w
}

// windowClosed maps each test window to a channel closed when it closes.
var windowClosed sync.Map

func closedChan(w *Window) chan struct{} {
	ch, _ := windowClosed.Load(w)
	return ch.(chan struct{})
}

func span(text, sub string) (int, int) {
	i := strings.Index(text, sub)
	s := utf8.RuneCountInString(text[:i])
	return s, s + utf8.RuneCountInString(sub)
}

// dragSelect drags in the article view from inside offset a to inside
// offset b, the way the desktop driver delivers it.
func dragSelect(w *Window, a, b int) {
	v := w.View()
	at := func(off int) fyne.Position { return v.PositionOf(off).Add(fyne.NewPos(0.5, v.LineHeight()/2)) }
	from, to := at(a), at(b)
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, to.Y-from.Y)})
	v.DragEnd()
}

func TestWindowShowsFirstDocumentAndLabels(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	if w.CurrentDocument() == nil || w.CurrentDocument().Name != assets.DemoArticleName {
		t.Fatalf("current document = %+v", w.CurrentDocument())
	}
	if w.View().Text() != assets.DemoArticle {
		t.Fatal("article text not shown")
	}
	if n := w.labels.list.Length(); n != 8 {
		t.Fatalf("%d labels shown, want 8", n)
	}
	if !strings.Contains(w.status.Text, "0 of your spans") {
		t.Fatalf("status %q", w.status.Text)
	}
}

func TestDragHotkeyUndoRedoThroughTheDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.margin")
	db := demoProject(t, path)
	w := openWindow(t, db)
	ctx := context.Background()
	start, end := span(assets.DemoArticle, phrase)

	dragSelect(w, start+5, end-3) // inside "infrastructure" to inside "ceasefire"
	if s, e := w.View().Selection(); s != start || e != end {
		t.Fatalf("selection %d-%d, want %d-%d", s, e, start, end)
	}
	if !strings.Contains(w.status.Text, "selection 427–462") {
		t.Fatalf("status %q", w.status.Text)
	}
	w.View().TypedRune('1')
	anns, _ := db.Annotations(ctx, w.CurrentDocument().ID, "ana")
	if len(anns) != 1 || anns[0].Label != "CEASEFIRE_TERM" || anns[0].Text != phrase {
		t.Fatalf("stored: %+v", anns)
	}
	if !strings.HasPrefix(w.status.Text, "saved") || !strings.Contains(w.status.Text, "1 of your spans") {
		t.Fatalf("status %q", w.status.Text)
	}
	if st, _ := db.Statuses(ctx); st[w.CurrentDocument().ID]["ana"] != model.StatusInProgress {
		t.Fatalf("first edit did not mark the document in progress: %v", st)
	}
	if w.View().SelectedHighlight() != anns[0].ID {
		t.Fatal("new annotation not selected")
	}
	if w.docs[0].Annotations != 1 {
		t.Fatalf("document list counts %d annotations", w.docs[0].Annotations)
	}
	// Another hotkey with the span selected relabels it.
	w.View().TypedRune('3')
	got, _ := db.Annotation(ctx, anns[0].ID)
	if got.Label != "PRECONDITION" {
		t.Fatalf("relabel: %s", got.Label)
	}
	w.Undo()
	got, _ = db.Annotation(ctx, anns[0].ID)
	if got.Label != "CEASEFIRE_TERM" {
		t.Fatalf("undo relabel: %s", got.Label)
	}
	w.Undo()
	if anns, _ := db.Annotations(ctx, w.CurrentDocument().ID, ""); len(anns) != 0 {
		t.Fatalf("undo create left %d annotations", len(anns))
	}
	// Redo survives a restart: a new window on the reopened file.
	db.Close()
	db2, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	w2 := openWindow(t, db2)
	w2.Redo()
	if anns, _ := db2.Annotations(ctx, w2.CurrentDocument().ID, "ana"); len(anns) != 1 || anns[0].Text != phrase {
		t.Fatalf("redo after restart: %+v", anns)
	}
	if len(w2.anns) != 1 {
		t.Fatal("redo not shown")
	}
}

func TestDeleteNudgeAndNavigate(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	ctx := context.Background()
	s1, e1 := span(assets.DemoArticle, "Trump")
	s2, e2 := span(assets.DemoArticle, "Putin")
	w.View().SetSelection(s1, e1)
	w.View().TypedRune('4')
	w.View().SetSelection(s2, e2)
	w.View().TypedRune('4')
	if len(w.anns) != 2 {
		t.Fatalf("%d annotations", len(w.anns))
	}
	// Tab walks the annotations in text order.
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	if a := w.annotation(w.View().SelectedHighlight()); a == nil || a.Text != "Trump" {
		t.Fatalf("tab selected %+v", a)
	}
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	if a := w.annotation(w.View().SelectedHighlight()); a == nil || a.Text != "Putin" {
		t.Fatalf("second tab selected %+v", a)
	}
	// Shift+Right grows the end by one code point.
	w.View().KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	w.View().KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if a := w.annotation(w.View().SelectedHighlight()); a == nil || a.End() != e2+1 {
		t.Fatalf("shift+right: %+v", a)
	}
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	anns, _ := db.Annotations(ctx, w.CurrentDocument().ID, "ana")
	if len(anns) != 1 || anns[0].Text != "Trump" {
		t.Fatalf("after delete: %+v", anns)
	}
	// J goes to the next document.
	w.View().TypedRune('j')
	if w.CurrentDocument().Name != "second" {
		t.Fatalf("j opened %s", w.CurrentDocument().Name)
	}
}

func TestSearchAndLabelEveryMatchIsOneUndoStep(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	ctx := context.Background()
	w.nextDocument(1)
	text := w.CurrentDocument().Text
	w.search.entry.SetText("Ceasefire")
	if len(w.matches) != 2 {
		t.Fatalf("%d matches", len(w.matches))
	}
	// Offsets are code points: the emoji before the second match counts 2.
	s, e := span(text[strings.Index(text, "holds"):], "ceasefire")
	base := utf8.RuneCountInString(text[:strings.Index(text, "holds")])
	if w.matches[1] != [2]int{base + s, base + e} {
		t.Fatalf("second match %v, want %d-%d", w.matches[1], base+s, base+e)
	}
	w.search.labelAll("CEASEFIRE_TERM")
	anns, _ := db.Annotations(ctx, w.CurrentDocument().ID, "ana")
	if len(anns) != 2 || anns[1].Text != "ceasefire" {
		t.Fatalf("label all: %+v", anns)
	}
	w.Undo() // a bulk step: the window asks first (issue 12, item 4)
	if anns, _ := db.Annotations(ctx, w.CurrentDocument().ID, "ana"); len(anns) != 2 {
		t.Fatalf("undo of label-all removed spans before asking: %d left", len(anns))
	}
	test.Tap(dialogButton(t, w, "Undo"))
	if anns, _ := db.Annotations(ctx, w.CurrentDocument().ID, "ana"); len(anns) != 0 {
		t.Fatalf("one undo left %d", len(anns))
	}
}

func TestInspectorAttributesRelationsAndDocLabels(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	ctx := context.Background()
	doc := w.CurrentDocument().ID
	s, e := span(assets.DemoArticle, phrase)
	w.View().SetSelection(s, e)
	w.applyLabel("CEASEFIRE_TERM")
	claim := w.anns[0]
	as, ae := span(assets.DemoArticle, "The White House")
	w.View().SetSelection(as, ae)
	w.applyLabel("ACTOR")
	actor := w.annotation(w.View().SelectedHighlight())

	// Attributes through the generated form.
	w.focusAnnotation(claim.ID)
	in := w.inspector
	c := *in.cur
	def, _ := w.schema.Label("CEASEFIRE_TERM")
	in.attributeInput(&c, def.Attributes[0]).(interface{ SetSelected(string) }).SetSelected("agreed")
	got, _ := db.Annotation(ctx, claim.ID)
	if got.Attributes["status"] != "agreed" {
		t.Fatalf("attributes: %+v", got.Attributes)
	}
	// Link claimed_by: start linking, then click the actor span.
	w.focusAnnotation(claim.ID)
	w.linking, w.linkType = claim.ID, "claimed_by"
	w.highlightSelected(actor.ID)
	rels, _ := db.Relations(ctx, doc)
	if len(rels) != 1 || rels[0].From != claim.ID || rels[0].To != actor.ID {
		t.Fatalf("relations: %+v", rels)
	}
	// A relation the schema forbids is refused and nothing is stored.
	w.linking, w.linkType = actor.ID, "claimed_by"
	w.highlightSelected(claim.ID)
	if rels, _ := db.Relations(ctx, doc); len(rels) != 1 {
		t.Fatal("forbidden relation stored")
	}
	// The relation is drawn as a clickable connector: selecting it shows it
	// in the inspector, and Delete removes it (one undo step).
	if cs := w.View().Connectors(); len(cs) != 1 || cs[0].ID != rels[0].ID {
		t.Fatalf("connectors: %+v", cs)
	}
	// The refusal is a dialog: the keys are its own until Enter closes
	// it (dialogkeys.go), then the article's again.
	press(w.win.Canvas(), fyne.KeyReturn)
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("Enter left the refusal open: %q", overlayTexts(w))
	}
	w.View().SelectConnector(rels[0].ID)
	w.View().OnConnectorSelected(rels[0].ID)
	if in.rel == nil || in.rel.ID != rels[0].ID || in.cur != nil {
		t.Fatalf("inspector after clicking the relation: rel %+v, annotation %+v", in.rel, in.cur)
	}
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if rels, _ := db.Relations(ctx, doc); len(rels) != 0 {
		t.Fatalf("Delete on a selected relation left %+v", rels)
	}
	if anns, _ := db.Annotations(ctx, doc, "ana"); len(anns) != 2 {
		t.Fatalf("Delete on a selected relation removed a span: %d left", len(anns))
	}
	w.Undo()
	if rels, _ := db.Relations(ctx, doc); len(rels) != 1 {
		t.Fatalf("undo of the relation's deletion: %+v", rels)
	}
	// Document label toggle.
	w.setDocLabel("relevance", "relevant", true)
	if ls, _ := db.DocLabels(ctx, doc); len(ls) != 1 || ls[0].Value != "relevant" {
		t.Fatalf("doc labels: %+v", ls)
	}
}

// TestWindowFitsDefaultSize keeps the layout usable at 1280x800 and on a
// 1366-pixel laptop screen: the content's minimum width must fit.
func TestWindowFitsDefaultSize(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	// The test theme is smaller than the real one; measure with the real.
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	w.win.Content().Refresh()
	for _, m := range []string{modeAnnotate, modeCompare, modeCurate} {
		w.modeSelect.SetSelected(m)
		if min := w.win.Content().MinSize(); min.Width > 1280 || min.Height > 800 {
			t.Errorf("%s: content needs %v, more than 1280x800", m, min)
		}
	}
}

func TestReadOnlyProjectShowsBannerAndRefusesEdits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.margin")
	db := demoProject(t, path)
	db.Close()
	ro, err := storage.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	w := openWindow(t, ro)
	if len(w.banner.Objects) != 1 {
		t.Fatal("no read-only banner")
	}
	s, e := span(assets.DemoArticle, phrase)
	w.View().SetSelection(s, e)
	w.View().TypedRune('1')
	if anns, _ := ro.Annotations(context.Background(), 1, ""); len(anns) != 0 {
		t.Fatal("annotated a read-only project")
	}
	if !strings.Contains(w.status.Text, "read-only") {
		t.Fatalf("status %q", w.status.Text)
	}
}

func TestFragmentsAndRelationConnectors(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	ctx := context.Background()
	s, e := span(assets.DemoArticle, "infrastructure")
	w.View().SetSelection(s, e)
	w.applyLabel("CEASEFIRE_TERM")
	id := w.View().SelectedHighlight()
	fs, fe := span(assets.DemoArticle, "ceasefire”")
	w.fragmentSelected(fs, fe-1)
	got, _ := db.Annotation(ctx, id)
	if len(got.Fragments) != 2 || got.Text != "infrastructure ceasefire" {
		t.Fatalf("discontinuous: %+v", got)
	}
	as, ae := span(assets.DemoArticle, "The White House")
	w.View().SetSelection(as, ae)
	w.applyLabel("ACTOR")
	actor := w.View().SelectedHighlight()
	w.focusAnnotation(id)
	w.linking, w.linkType = id, "claimed_by"
	w.highlightSelected(actor)
	if cs := w.View().Connectors(); len(cs) != 1 || cs[0].FromID != id || cs[0].ToID != actor || cs[0].Label != "claimed_by" {
		t.Fatalf("connectors: %+v", cs)
	}
}

// A long status message (a refused write's "not saved: …") once widened
// the real window past a 1280-px screen: the status bar truncates instead.
func TestLongStatusDoesNotWidenTheWindow(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	w.win.Content().Refresh()
	before := w.win.Content().MinSize().Width
	w.setStatusText("not saved: could not save CEASEFIRE_TERM “" + strings.Repeat("a very long covered text ", 20) + "”: database is locked")
	if after := w.win.Content().MinSize().Width; after > before {
		t.Fatalf("a long status widened the window's content from %v to %v", before, after)
	}
}

// Typing a note says in the status bar that it is not saved yet (a crash
// before moving on loses it; the status bar used to still read "saved"),
// and moving on saves it and says so.
func TestTypedNoteSaysNotSavedUntilMovingOn(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	a, b := span(assets.DemoArticle, "ceasefire")
	dragSelect(w, a, b)
	w.applyLabel("CEASEFIRE_TERM")
	note := w.inspector.pending[len(w.inspector.pending)-1]
	if !note.note {
		t.Fatal("the last pending input is not the note")
	}
	if strings.Contains(w.status.Text, "not saved") {
		t.Fatalf("showing the span already says %q", w.status.Text)
	}
	test.Type(note.entry, "check the date")
	if !strings.Contains(w.status.Text, "note typed, not saved yet") {
		t.Fatalf("while typing the status says %q", w.status.Text)
	}
	w.inspector.commit()
	if strings.Contains(w.status.Text, "not saved") {
		t.Fatalf("after moving on the status says %q", w.status.Text)
	}
}
