package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// conllSlice writes documents [from, to) of CoNLL-2003's training file to
// a file of their own, as the file writes them.
func conllSlice(t *testing.T, dir string, from, to int) string {
	t.Helper()
	data, err := os.ReadFile(realdata.Path(t, "conll/conll2003-train.conll"))
	if err != nil {
		t.Fatal(err)
	}
	docs := strings.Split(string(data), "-DOCSTART-")
	var b strings.Builder
	for _, d := range docs[1+from : 1+to] {
		b.WriteString("-DOCSTART-")
		b.WriteString(d)
	}
	p := filepath.Join(dir, fmt.Sprintf("conll-%d-%d.conll", from, to))
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type cliSuggestion struct {
	ID          int64   `json:"id"`
	Doc         int64   `json:"doc"`
	Label       string  `json:"label"`
	Set         string  `json:"set"`
	Start       int     `json:"start"`
	End         int     `json:"end"`
	Text        string  `json:"text"`
	Score       float64 `json:"score"`
	Recommender string  `json:"recommender"`
	Status      string  `json:"status"`
	Source      string  `json:"source"`
}

func listSuggestions(t *testing.T, args ...string) []cliSuggestion {
	t.Helper()
	var out []cliSuggestion
	if err := json.Unmarshal([]byte(mustRun(t, append([]string{"suggestions"}, append(args, "--json")...)...)), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func openDB(t *testing.T, p string) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSuggestTaggerEndToEnd trains the tagger through the CLI on 40 CoNLL
// documents of a "gold" layer, suggests for 10 others annotated by "ref",
// scores the suggestion layer against ref with agreement, accepts,
// rejects and undoes.
func TestSuggestTaggerEndToEnd(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	mustRun(t, "init", p)
	mustRun(t, "import", p, "--format", "conll", "--annotator", "gold", conllSlice(t, dir, 0, 40))
	mustRun(t, "import", p, "--format", "conll", "--annotator", "ref", conllSlice(t, dir, 40, 50))

	var res struct {
		Name       string `json:"recommender"`
		Version    int    `json:"version"`
		Documents  int    `json:"documents"`
		HeldOut    int    `json:"held_out"`
		Evaluation struct {
			Overall struct{ F1 float64 } `json:"overall"`
			Labels  map[string]struct{ F1 float64 }
		} `json:"evaluation"`
	}
	out := mustRun(t, "suggest", "train", p, "--recommender", "tagger", "--from", "gold", "--json")
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if res.Version != 1 || res.Documents != 40 || res.HeldOut != 8 || len(res.Evaluation.Labels) != 4 || res.Evaluation.Overall.F1 < 0.4 {
		t.Fatalf("train: %+v", res)
	}
	// Held-out evaluation of the text output names every label.
	text := mustRun(t, "suggest", "eval", p, "--recommender", "tagger", "--from", "gold")
	for _, l := range []string{"LOC", "MISC", "ORG", "PER", "overall"} {
		if !strings.Contains(text, l) {
			t.Fatalf("eval output lacks %s:\n%s", l, text)
		}
	}

	mustRun(t, "suggest", "run", p, "--recommender", "tagger", "--for", "gold")
	all := listSuggestions(t, p)
	if len(all) == 0 {
		t.Fatal("no suggestions")
	}
	db := openDB(t, p)
	ctx := context.Background()
	// Nothing proposed is already in gold's layer (--for gold).
	for _, s := range all {
		anns, _ := db.Annotations(ctx, s.Doc, "gold")
		for _, a := range anns {
			if a.Label == s.Label && a.Start() == s.Start && a.End() == s.End {
				t.Fatalf("suggestion %+v duplicates gold's annotation", s)
			}
		}
	}

	// The recommender against ref, as a pseudo-annotator.
	var agr struct {
		Annotators []string `json:"annotators"`
		Spans      struct {
			Overall struct {
				F1Exact struct{ Mean *float64 } `json:"f1_exact"`
			} `json:"overall"`
		} `json:"spans"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "agreement", p, "--annotators", "tagger@suggest,ref", "--json")), &agr); err != nil {
		t.Fatal(err)
	}
	if m := agr.Spans.Overall.F1Exact.Mean; m == nil || *m < 0.4 || *m > 0.99 {
		t.Fatalf("agreement of tagger@suggest with ref: %+v", agr)
	}

	// Accept every suggestion of one document scoring >= 0.9.
	doc := all[len(all)-1].Doc
	want := 0
	for _, s := range all {
		if s.Doc == doc && s.Score >= 0.9 {
			want++
		}
	}
	if want == 0 {
		t.Fatalf("no suggestion >= 0.9 in document %d", doc)
	}
	mustRun(t, "suggestions", "accept", p, "--doc", fmt.Sprint(doc), "--min-score", "0.9")
	anns, _ := db.Annotations(ctx, doc, "ana")
	if len(anns) != want {
		t.Fatalf("accepted %d, want %d", len(anns), want)
	}
	if o, err := db.AnnotationOrigin(ctx, anns[0].ID); err != nil || o.Recommender != "tagger" || o.Score < 0.9 {
		t.Fatalf("origin: %+v %v", o, err)
	}
	// Accepting them all is one undo step, as the window's "Accept all ≥".
	if out := mustRun(t, "undo", p, "--yes"); !strings.Contains(out, "takes back the decisions on") {
		t.Fatalf("undo of the accept: %s", out)
	}
	if anns2, _ := db.Annotations(ctx, doc, "ana"); len(anns2) != 0 {
		t.Fatalf("after undo %d annotations, want 0", len(anns2))
	}

	// Reject one by id: after a new run it is not back.
	pending := listSuggestions(t, p, "--doc", fmt.Sprint(doc))
	if len(pending) == 0 {
		t.Fatal("nothing pending after the accepts")
	}
	r := pending[0]
	mustRun(t, "suggestions", "reject", p, "--id", fmt.Sprint(r.ID))
	mustRun(t, "suggest", "run", p, "--recommender", "tagger", "--doc", fmt.Sprint(doc))
	for _, s := range listSuggestions(t, p, "--doc", fmt.Sprint(doc)) {
		if s.Text == r.Text && s.Label == r.Label {
			t.Fatalf("rejected %q %s came back: %+v", r.Text, r.Label, s)
		}
	}
	var log []model.Decision
	if err := json.Unmarshal([]byte(mustRun(t, "suggestions", "log", p, "--json")), &log); err != nil {
		t.Fatal(err)
	}
	if len(log) != want+1 || log[len(log)-1].Action != model.DecisionRejected || log[0].By != "ana" {
		t.Fatalf("decision log: %+v", log)
	}
	// Bad input: neither --id nor --doc; an id that is not pending.
	if _, err := run(t, "suggestions", "accept", p); err == nil {
		t.Fatal("accept without --id or --doc")
	}
	if _, err := run(t, "suggestions", "accept", p, "--id", fmt.Sprint(r.ID)); err == nil {
		t.Fatal("accepted a rejected suggestion")
	}

	// A threshold above its held-out F1 stops it from suggesting.
	mustRun(t, "suggest", "set", p, "--recommender", "tagger", "--threshold", "0.99")
	if out, err := run(t, "suggest", "run", p, "--recommender", "tagger"); err == nil || !strings.Contains(err.Error(), "below the threshold") {
		t.Fatalf("ran below its threshold: %v %s", err, out)
	}
	mustRun(t, "suggest", "set", p, "--recommender", "tagger", "--threshold", "0", "--off")
	if _, err := run(t, "suggest", "run", p, "--recommender", "tagger"); err == nil {
		t.Fatal("a switched-off recommender ran")
	}
}
