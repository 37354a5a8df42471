package all

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/openwatch"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/internal/safefile"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// copyReal copies a file of ../shared/realdata into dir under name.
func copyReal(t *testing.T, rel, dir, name string) {
	t.Helper()
	data, err := os.ReadFile(realdata.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A folder import (text, brat, webanno, html) of a folder that holds the
// project open in this process, named like a file of the format
// (corpus.txt), never opens the project: opening and closing it would
// drop SQLite's locks (issue 12 item 1). The project is skipped with a
// warning, the real file beside it is imported, and a file named
// explicitly is refused with a typed error.
func TestFolderImportNeverOpensTheOpenProject(t *testing.T) {
	for _, tt := range []struct {
		format, project string
		real, name      []string // realdata files and their names in the folder
	}{
		{"text", "corpus.txt", []string{"brat/tutorials-bio/000-introduction.txt"}, []string{"intro.txt"}},
		{"brat", "corpus.txt", []string{"brat/tutorials-bio/000-introduction.txt", "brat/tutorials-bio/000-introduction.ann"}, []string{"intro.txt", "intro.ann"}},
		{"webanno", "corpus.tsv", []string{"webanno/example2.tsv"}, []string{"example2.tsv"}},
		{"html", "corpus.html", nil, nil},
	} {
		t.Run(tt.format, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			project := filepath.Join(dir, tt.project)
			db, err := storage.Create(ctx, project)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			// A write, so that the project has its -wal and -shm too.
			if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "d", Text: "some text"}}}); err != nil {
				t.Fatal(err)
			}
			for i := range tt.real {
				copyReal(t, tt.real[i], dir, tt.name[i])
			}
			if tt.format == "html" {
				// No web page among the real files: a small article.
				page := "<html><head><title>Talks</title></head><body><article><h1>Talks resume</h1><p>Negotiators met in Geneva on Monday and agreed to meet again.</p></article></body></html>"
				if err := os.WriteFile(filepath.Join(dir, "talks.html"), []byte(page), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var files []string
			for _, s := range append([]string{""}, safefile.Sidecars...) {
				if _, err := os.Stat(project + s); err == nil {
					files = append(files, project+s)
				}
			}
			watch := openwatch.New(t, files...)
			f, err := Lookup(tt.format)
			if err != nil {
				t.Fatal(err)
			}
			imp, err := f.Import(dir, formats.ImportOptions{Annotator: "ana"})
			if err != nil {
				t.Fatal(err)
			}
			if got := watch.Opened(t); len(got) > 0 {
				t.Errorf("the import opened %v", got)
			}
			if len(imp.Docs) != 1 {
				t.Errorf("%d documents, want 1 (the real file)", len(imp.Docs))
			}
			if w := strings.Join(imp.Warnings, "\n"); !strings.Contains(w, "skipped "+project+" is the project open in Margin") {
				t.Errorf("warnings %q", imp.Warnings)
			}
			// brat takes folders and .zip files only, and says so
			// without opening the file.
			_, err = f.Import(project, formats.ImportOptions{Annotator: "ana"})
			if !errors.Is(err, safefile.ErrProjectFile) && (tt.format != "brat" || err == nil) {
				t.Errorf("import of the project itself: %v", err)
			}
			if got := watch.Opened(t); len(got) > 0 {
				t.Errorf("the import of the project itself opened %v", got)
			}
		})
	}
}
