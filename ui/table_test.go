package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
)

// waitPager runs do, then the pager's answers on the test's goroutine
// (under Fyne's test driver fyne.Do would run them on the pager's
// worker, beside the test) until one has reached the table.
func waitPager(t *testing.T, tb *annTable, do func()) {
	t.Helper()
	posted := make(chan func(), 16)
	tb.pager.post = func(fn func()) { posted <- fn }
	arrived := false
	tb.pager.changed = func() { tb.refresh(); arrived = true }
	do()
	drainUntil(t, posted, func() bool { return arrived })
}

// TestAnnotationsTableFiltersSortsAndJumps: spans of ana and ben in both
// demo documents; the table lists all of them, filters by label,
// annotator, document and text, sorts by a column's header, and a click
// on a row of the other document opens it with the span selected.
func TestAnnotationsTableFiltersSortsAndJumps(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	addSpan(t, db, "ana", "ACTOR", "President Trump", nil)
	addSpan(t, db, "ana", "CEASEFIRE_TERM", phrase, map[string]any{"status": "agreed"})
	addSpan(t, db, "ben", "ACTOR", "President Trump", nil)
	doc2, err := db.Document(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	second := &model.Annotation{DocID: 2, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}, Note: "check"}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{second}); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db)
	tb := w.newAnnTable(test.NewWindow(nil))
	tb.win.Resize(fyne.NewSize(1100, 640))
	waitPager(t, tb, tb.apply)
	rows := func() string {
		var out []string
		for i := 0; i < tb.pager.Len(); i++ {
			r, ok := tb.pager.Row(i)
			if !ok {
				t.Fatalf("row %d of %d not read", i, tb.pager.Len())
			}
			out = append(out, cellText(r, 2)+":"+cellText(r, 0)+":"+cellText(r, 1))
		}
		return strings.Join(out, ", ")
	}
	if got, want := rows(), "ana:ACTOR:President Trump, ana:CEASEFIRE_TERM:"+phrase+", ben:ACTOR:President Trump, ana:ACTOR:Kyiv"; got != want {
		t.Fatalf("all rows:\n got %s\nwant %s", got, want)
	}
	if !strings.HasPrefix(tb.count.Text, "4 annotations") {
		t.Errorf("count says %q", tb.count.Text)
	}
	// The cells on screen show the rows (widget.Table renders them).
	var shown []string
	eachRendered(tb.table, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			shown = append(shown, l.Text)
		}
	})
	if all := strings.Join(shown, "|"); !strings.Contains(all, "status=agreed") || !strings.Contains(all, "0–4 · second") || !strings.Contains(all, "check") {
		t.Errorf("cells shown: %s", all)
	}
	waitPager(t, tb, func() { tb.annotator.SetSelected("ben") })
	if got := rows(); got != "ben:ACTOR:President Trump" {
		t.Errorf("ben's: %s", got)
	}
	waitPager(t, tb, func() { tb.annotator.SetSelected(tableAllAnnotators) })
	waitPager(t, tb, func() { tb.label.SetSelected("ACTOR") })
	if got := rows(); got != "ana:ACTOR:President Trump, ben:ACTOR:President Trump, ana:ACTOR:Kyiv" {
		t.Errorf("ACTOR: %s", got)
	}
	waitPager(t, tb, func() { tb.doc.SetSelected("second") })
	if got := rows(); got != "ana:ACTOR:Kyiv" {
		t.Errorf("ACTOR in second: %s", got)
	}
	waitPager(t, tb, func() { tb.doc.SetSelected(tableAllDocuments) })
	waitPager(t, tb, func() { tb.text.SetText("trump") })
	if got := rows(); got != "ana:ACTOR:President Trump, ben:ACTOR:President Trump" {
		t.Errorf("ACTOR with trump: %s", got)
	}
	waitPager(t, tb, func() { tb.text.SetText("") })
	// Sort by annotator, then reversed, through the header buttons.
	waitPager(t, tb, func() { tb.sortBy(2) })
	waitPager(t, tb, func() { tb.sortBy(2) })
	if got := rows(); got != "ben:ACTOR:President Trump, ana:ACTOR:Kyiv, ana:ACTOR:President Trump" {
		t.Errorf("by annotator, reversed: %s", got)
	}
	var header *widget.Button
	eachRendered(tb.table, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "Annotator") {
			header = b
		}
	})
	if header == nil || header.Text != "Annotator ▼" {
		t.Errorf("the Annotator header does not show the order: %+v", header)
	}
	// Click ana's Kyiv row: the second document opens with it selected.
	tb.table.Select(widget.TableCellID{Row: 1, Col: 1})
	if w.CurrentDocument().ID != doc2.ID {
		t.Fatalf("the click did not open the second document (on %d)", w.CurrentDocument().ID)
	}
	if got := w.View().SelectedHighlight(); got != second.ID {
		t.Errorf("selected %q, want %q", got, second.ID)
	}
}

// TestTablePagerKeepsOnlyPagesNearTheScreen: 2,500 spans; reading every
// row in turn, the pager asks the store for one page at a time and never
// holds more than tableMaxPages pages, so a million-span project stays a
// few hundred rows in memory.
func TestTablePagerKeepsOnlyPagesNearTheScreen(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	n := len([]rune(assets.DemoArticle)) - 1
	var as []*model.Annotation
	for i := 0; i < 2500; i++ {
		s := i % n
		as = append(as, &model.Annotation{DocID: 1, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: s, End: s + 1}}})
	}
	if err := db.CreateAnnotations(ctx, as); err != nil {
		t.Fatal(err)
	}
	test.NewTempApp(t)
	asked := 0
	query := func(ctx context.Context, q model.AnnotationQuery) (*model.AnnotationPage, error) {
		asked++
		if q.Limit != tablePageSize {
			t.Errorf("asked for %d rows", q.Limit)
		}
		return db.QueryAnnotations(ctx, q)
	}
	done := make(chan struct{}, 1)
	p := newAnnPager(ctx, query, func(fn func()) { fn() })
	p.changed = func() { done <- struct{}{} }
	p.setQuery(model.AnnotationQuery{})
	<-done
	if p.Len() != 2500 {
		t.Fatalf("total %d", p.Len())
	}
	prev := -1
	for i := 0; i < 2500; i++ {
		r, ok := p.Row(i)
		if !ok {
			<-done
			if r, ok = p.Row(i); !ok {
				t.Fatalf("row %d not there after its page came", i)
			}
		}
		if r.Start() < prev && i%n != 0 {
			t.Fatalf("row %d out of order", i)
		}
		prev = r.Start()
		if len(p.pages) > tableMaxPages {
			t.Fatalf("%d pages held at row %d", len(p.pages), i)
		}
	}
	if asked != 25 {
		t.Errorf("%d queries for 25 pages", asked)
	}
}

// eachRendered calls fn for o and everything drawn inside it, walking
// into containers and into every widget's renderer (a table's cells and
// headers live there).
func eachRendered(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			eachRendered(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			eachRendered(c, fn)
		}
	}
}

// TestTableJumpToAColleaguesSpanShowsIt is the tester's bug: clicking
// bob's row opened his document, but Annotate shows only one's own layer,
// so no span was highlighted. Now the jump switches to Compare with bob's
// layer ticked (even when it was unticked) and outlines his span as the
// current group.
func TestTableJumpToAColleaguesSpanShowsIt(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	addSpan(t, db, "ana", "ACTOR", "President Trump", nil)
	addSpan(t, db, "bob", "CEASEFIRE_TERM", phrase, nil)
	w := openWindow(t, db)
	// bob's layer unticked in Compare before.
	w.review.untickedLayers()["bob"] = true
	w.review.saveUnticked()
	w.openDocument(1) // the second document: the jump opens the first
	tb := w.newAnnTable(test.NewWindow(nil))
	tb.win.Resize(fyne.NewSize(1100, 640))
	waitPager(t, tb, func() { tb.annotator.SetSelected("bob") })
	r, ok := tb.pager.Row(0)
	if !ok || r.Annotator != "bob" {
		t.Fatalf("bob's row: %+v", r)
	}
	tb.table.Select(widget.TableCellID{Row: 0, Col: 1})
	if w.CurrentDocument().ID != 1 {
		t.Fatalf("the click did not open bob's document (on %d)", w.CurrentDocument().ID)
	}
	if w.mode != modeCompare {
		t.Fatalf("after the jump the window is in %s, want Compare to show bob's layer", w.mode)
	}
	if got := w.View().SelectedHighlight(); got != overlayID(r.ID, 0) {
		t.Errorf("outlined %q, want bob's span %q", got, overlayID(r.ID, 0))
	}
	if w.review.at < 0 || w.review.untickedLayers()["bob"] {
		t.Errorf("bob's span is not the current group (at %d) or his layer is still unticked", w.review.at)
	}
}

// TestTableDocumentCellKeepsTheOffsets: the Document column shows the
// offsets before the document's name, so a cell cut to its width (the
// table's window at 1024×640 cut "ceasefire-call · 1…") keeps them.
func TestTableDocumentCellKeepsTheOffsets(t *testing.T) {
	r := &model.AnnotationRow{DocName: "a-document-name-longer-than-its-column"}
	r.Fragments = []model.Fragment{{Start: 101, End: 120}}
	if got := cellText(r, 4); !strings.HasPrefix(got, "101–120 · ") {
		t.Errorf("Document cell %q, want the offsets first", got)
	}
}
