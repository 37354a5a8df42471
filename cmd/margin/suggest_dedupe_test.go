package main

import (
	"context"
	"path/filepath"
	"testing"
)

// TestSuggestRunSkipsWhatTheUserHas: a tagger trained on the user's own
// layer proposes those spans back; 'suggest run' without --for is for the
// user ($MARGIN_ANNOTATOR), so a suggestion with the span and label of one
// of their annotations is not stored, while one whose label differs from
// theirs at that span (a disagreement) is.
func TestSuggestRunSkipsWhatTheUserHas(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	mustRun(t, "init", p)
	mustRun(t, "import", p, "--format", "conll", "--annotator", "ana", conllSlice(t, dir, 0, 20))
	mustRun(t, "suggest", "train", p, "--recommender", "tagger", "--from", "ana")

	// Ana relabels some of her spans after training: the tagger still
	// proposes its label there, which now disagrees with hers.
	ctx := context.Background()
	db := openDB(t, p)
	docs, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	relabelled := 0
	for _, d := range docs[:5] {
		anns, err := db.Annotations(ctx, d.ID, "ana")
		if err != nil {
			t.Fatal(err)
		}
		for i := range anns {
			if i%3 != 0 || anns[i].Label != "PER" {
				continue
			}
			anns[i].Label = "ORG"
			if err := db.UpdateAnnotation(ctx, &anns[i]); err != nil {
				t.Fatal(err)
			}
			relabelled++
		}
	}
	if relabelled == 0 {
		t.Fatal("no PER span relabelled")
	}
	db.Close()

	mustRun(t, "suggest", "run", p, "--recommender", "tagger")
	all := listSuggestions(t, p)
	db = openDB(t, p)
	dups, disagreements := 0, 0
	for _, s := range all {
		anns, err := db.Annotations(ctx, s.Doc, "ana")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range anns {
			if a.Start() != s.Start || a.End() != s.End {
				continue
			}
			if a.Label == s.Label {
				dups++
			} else {
				disagreements++
			}
		}
	}
	if dups != 0 {
		t.Fatalf("%d of %d pending suggestions repeat ana's own annotations (span and label)", dups, len(all))
	}
	if disagreements == 0 {
		t.Fatalf("no suggestion disagreeing with ana's label kept (of %d; %d relabelled)", len(all), relabelled)
	}
	t.Logf("%d suggestions, %d disagree with ana's label at the same span", len(all), disagreements)
}
