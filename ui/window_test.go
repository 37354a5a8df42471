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

func demoProject(t *testing.T) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Create(ctx, filepath.Join(t.TempDir(), "demo.margin"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	sc, _ := assets.DefaultSchema()
	if err := db.SetSchema(ctx, sc, "ana"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: assets.DemoArticleName, Text: assets.DemoArticle}}}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestWindowShowsFirstDocumentAndLabels(t *testing.T) {
	test.NewTempApp(t)
	db := demoProject(t)
	win := test.NewWindow(nil)
	defer win.Close()
	win.Resize(fyne.NewSize(1280, 800))
	w := NewWindow(win, db, "ana")
	if err := w.Load(); err != nil {
		t.Fatal(err)
	}
	if w.CurrentDocument() == nil || w.CurrentDocument().Name != assets.DemoArticleName {
		t.Fatalf("current document = %+v", w.CurrentDocument())
	}
	if !strings.Contains(w.article.Text, "infrastructure and energy ceasefire") {
		t.Fatal("article text not shown")
	}
	if n := len(w.labelBox.Objects); n != 8 {
		t.Fatalf("%d labels shown, want 8", n)
	}
	if !strings.Contains(w.status.Text, "0 annotations") {
		t.Fatalf("status %q", w.status.Text)
	}
}
