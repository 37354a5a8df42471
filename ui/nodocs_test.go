package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// TestEmptyProjectSaysNoDocumentsAndPointsToImport: a new project shows
// "no documents yet" (not "0 of 1 done") and a status bar pointing to the
// Import button and drag and drop, not to the command line; with one
// document the bar counts it.
func TestEmptyProjectSaysNoDocumentsAndPointsToImport(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Create(ctx, filepath.Join(t.TempDir(), "new.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := openWindow(t, db)
	if got := w.progress.TextFormatter(); got != "no documents yet" {
		t.Fatalf("progress of an empty project reads %q", got)
	}
	status := w.status.Text
	if strings.Contains(status, "margin import") || !strings.Contains(status, "Import") || !strings.Contains(status, "drop") {
		t.Fatalf("status bar of an empty project: %q", status)
	}
	if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "one", Text: "Kyiv said so."}}}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	w.readBack(true, nil, func(err error) { done <- err })
	if err := wait(t, done); err != nil {
		t.Fatal(err)
	}
	if got := w.progress.TextFormatter(); got != "0 of 1 done" {
		t.Fatalf("progress with one document reads %q", got)
	}
}
