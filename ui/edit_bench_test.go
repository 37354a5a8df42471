package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// BenchmarkWindowEdit10k is one keyboard edit in the window on a 1 MB
// document with 10,000 spans: relabel the selected span in the middle of
// the document and step to the next one (Tab), through the edit
// controller (inline here, under Fyne's test driver: the store's durable
// commit is included) and the view's incremental update, then the
// redraw of the page. Before issue 14 each edit re-read and redrew all
// 10,000 spans.
func BenchmarkWindowEdit10k(b *testing.B) {
	w := window10k(b)
	w.focusAnnotation(w.anns[5000].ID)
	r := test.WidgetRenderer(w.View())
	labels := []string{"CEASEFIRE_TERM", "ACTOR"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.applyLabel(labels[i%2])
		w.nextAnnotation(1)
		r.Refresh()
	}
}

// BenchmarkWindowTab10k is Tab and Shift+Tab in the same document, with
// spans of two labels in turn (each Tab shows the other's attribute
// form): the window's work for a key that writes nothing (the selection,
// the list row, the inspector loaded in place, the status bar) and the
// redraw of the page, without the GL painting bench/gui.py adds.
func BenchmarkWindowTab10k(b *testing.B) {
	w := window10k(b)
	for i := 4990; i < 5010; i += 2 {
		w.focusAnnotation(w.anns[i].ID)
		w.applyLabel("CEASEFIRE_TERM")
	}
	w.focusAnnotation(w.anns[5000].ID)
	r := test.WidgetRenderer(w.View())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.nextAnnotation(1 - 2*(i/4%2)) // four forward, four back
		r.Refresh()
	}
}

// window10k is a window on a 1 MB document with 10,000 ACTOR spans.
func window10k(b *testing.B) *Window {
	ctx := context.Background()
	db, err := storage.Create(ctx, filepath.Join(b.TempDir(), "big.margin"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	sc, _ := assets.DefaultSchema()
	if err := db.SetSchema(ctx, sc, "ana"); err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString(assets.DemoArticle)
	}
	text := sb.String()
	n := model.NewTextIndex(text).Len()
	anns := make([]model.Annotation, 10000)
	for i := range anns {
		s := i * (n / len(anns))
		anns[i] = model.Annotation{Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: s, End: s + 12}}}
	}
	if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "book", Text: text}, Annotations: anns}}); err != nil {
		b.Fatal(err)
	}
	test.NewTempApp(b)
	win := test.NewWindow(nil)
	b.Cleanup(win.Close)
	win.Resize(fyne.NewSize(1280, 800))
	w := NewWindow(win, db, "ana")
	if err := w.Load(); err != nil {
		b.Fatal(err)
	}
	return w
}
