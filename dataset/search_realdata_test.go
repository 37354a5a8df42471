package dataset

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
)

// TestTableAndSearchOnRealBrat: brat's NCBI-disease example (three
// PubMed abstracts) imported as brat writes it; the annotations table
// counts every Disease span of the .ann files, and search across
// documents finds each word where a case-insensitive whole-word regular
// expression over the .txt files finds it (the expectations are read
// from the files, not written down).
func TestTableAndSearchOnRealBrat(t *testing.T) {
	ctx := context.Background()
	db := newProject(t)
	dir := realdata.Path(t, "brat/NCBI-disease")
	if _, err := Import(ctx, db, "brat", dir, formats.ImportOptions{Annotator: "ana"}, false); err != nil {
		t.Fatal(err)
	}
	txts, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(txts) == 0 {
		t.Fatal("no texts", err)
	}
	diseases := 0
	texts := map[string]string{}
	for _, p := range txts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts[strings.TrimSuffix(filepath.Base(p), ".txt")] = string(b)
		ann, err := os.ReadFile(strings.TrimSuffix(p, ".txt") + ".ann")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(ann), "\n") {
			if f := strings.SplitN(line, "\t", 3); len(f) == 3 && strings.HasPrefix(f[0], "T") && strings.HasPrefix(f[1], "Disease ") {
				diseases++
			}
		}
	}
	page, err := db.QueryAnnotations(ctx, model.AnnotationQuery{Label: "Disease", Count: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != diseases || len(page.Rows) != diseases {
		t.Errorf("table: %d Disease rows (%d read), the .ann files hold %d", page.Total, len(page.Rows), diseases)
	}
	for _, r := range page.Rows {
		if _, ok := texts[r.DocName]; !ok {
			t.Fatalf("row of document %q, not one of the files", r.DocName)
		}
		if got := string([]rune(texts[r.DocName])[r.Start():r.End()]); got != r.Text {
			t.Fatalf("row %q at %d–%d covers %q in its file", r.Text, r.Start(), r.End(), got)
		}
	}
	for _, word := range []string{"deficiency", "gene", "mutations", "the"} {
		re := regexp.MustCompile(`(?i)\b` + word + `\b`)
		wantDocs, wantMatches := 0, 0
		for _, text := range texts {
			if n := len(re.FindAllStringIndex(text, -1)); n > 0 {
				wantDocs++
				wantMatches += n
			}
		}
		hits, err := db.SearchDocuments(ctx, word, 0)
		if err != nil {
			t.Fatal(err)
		}
		matches := 0
		for _, h := range hits {
			matches += len(h.Matches)
			rs := []rune(texts[h.DocName])
			for _, m := range h.Matches {
				if !strings.EqualFold(string(rs[m.Start:m.End]), word) {
					t.Fatalf("%q: match %d–%d in %s is %q", word, m.Start, m.End, h.DocName, string(rs[m.Start:m.End]))
				}
			}
		}
		if len(hits) != wantDocs || matches != wantMatches || wantDocs == 0 {
			t.Errorf("%q: %d documents, %d matches; the files: %d, %d", word, len(hits), matches, wantDocs, wantMatches)
		}
	}
}
