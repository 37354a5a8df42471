package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/review"
	"github.com/margin-app/margin/storage"
)

// conllArticles is the first n articles (-DOCSTART- sections) of the
// CoNLL-2003 training set in realdata, as lines.
func conllArticles(t *testing.T, n int) []string {
	t.Helper()
	raw, err := os.ReadFile(realdata.Path(t, "conll/conll2003-train.conll"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	docs := 0
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, "-DOCSTART-") {
			if docs++; docs > n {
				break
			}
		}
		out = append(out, l)
	}
	return out
}

// retag changes the tags of the first run of lines whose tokens are
// toks (and whose tags are from), as an annotator who read the article
// otherwise would have tagged it.
func retag(t *testing.T, lines []string, toks, from, to []string) {
	t.Helper()
	for i := 0; i+len(toks) <= len(lines); i++ {
		ok := true
		for k := range toks {
			if lines[i+k] != toks[k]+"\t"+from[k] {
				ok = false
				break
			}
		}
		if ok {
			for k := range toks {
				lines[i+k] = toks[k] + "\t" + to[k]
			}
			return
		}
	}
	t.Fatalf("no %v tagged %v in the CoNLL data", toks, from)
}

// annotatorFile is a new project file of who with lines imported as
// CoNLL (as `margin import --format conll --annotator who` does).
func annotatorFile(t *testing.T, dir, who string, lines []string) *storage.DB {
	t.Helper()
	ctx := context.Background()
	in := filepath.Join(dir, who+".conll")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Create(ctx, filepath.Join(dir, who+".margin"))
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := assets.DefaultSchema()
	if err := db.SetSchema(ctx, sc, who); err != nil {
		t.Fatal(err)
	}
	if _, err := dataset.Import(ctx, db, "conll", in, formats.ImportOptions{Annotator: who}, false); err != nil {
		t.Fatal(err)
	}
	return db
}

// mergedConll is ana's project with bob's file merged in. bob tagged
// articles as CoNLL-2003 publishes them; ana tagged the first article
// with five differences: German a LOC (a label disagreement), no Peter
// Blackburn and no first Britain (bob's only), "Commission" without
// "European" (a partial overlap), and "if" a MISC (hers only). bobFrom is
// the first article bob tagged (1: all of them; 2: he skipped the first).
func mergedConll(t *testing.T, articles, bobFrom int) *storage.DB {
	t.Helper()
	dir := t.TempDir()
	bobLines := conllArticles(t, articles)
	anaLines := append([]string(nil), bobLines...)
	retag(t, anaLines, []string{"German"}, []string{"B-MISC"}, []string{"B-LOC"})
	retag(t, anaLines, []string{"Peter", "Blackburn"}, []string{"B-PER", "I-PER"}, []string{"O", "O"})
	retag(t, anaLines, []string{"European", "Commission"}, []string{"B-ORG", "I-ORG"}, []string{"O", "B-ORG"})
	retag(t, anaLines, []string{"Britain"}, []string{"B-LOC"}, []string{"O"})
	retag(t, anaLines, []string{"if"}, []string{"O"}, []string{"B-MISC"})
	if bobFrom > 1 {
		skip, docs := 0, 0
		for i, l := range bobLines {
			if strings.HasPrefix(l, "-DOCSTART-") {
				if docs++; docs == bobFrom {
					skip = i
					break
				}
			}
		}
		bobLines = bobLines[skip:]
	}
	ana := annotatorFile(t, dir, "ana", anaLines)
	t.Cleanup(func() { ana.Close() })
	bob := annotatorFile(t, dir, "bob", bobLines)
	defer bob.Close()
	if _, err := ana.Merge(context.Background(), bob, "ana"); err != nil {
		t.Fatal(err)
	}
	return ana
}

// storedTally is the document's comparison as the file holds it,
// computed here from the store, not from the window: ana's and bob's
// layers, the verdicts, and the gold spans.
func storedTally(t *testing.T, db model.Store, doc int64) (review.Tally, int) {
	t.Helper()
	ctx := context.Background()
	all, err := db.Annotations(ctx, doc, "")
	if err != nil {
		t.Fatal(err)
	}
	vs, err := db.Verdicts(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	layers := map[string][]model.Annotation{}
	gold := 0
	for _, a := range all {
		if a.Annotator == model.GoldAnnotator {
			gold++
			continue
		}
		layers[a.Annotator] = append(layers[a.Annotator], a)
	}
	return review.Count(review.Compare(layers, []string{"ana", "bob"}), review.Decisions(vs)), gold
}
