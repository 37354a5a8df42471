package brat

import (
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/realdata"
)

// brat's tutorial 110-note_annotation has a note on relation R1. A Margin
// relation has no note, so the note is not imported, but the warning
// names the relation and keeps its text, and reads as one sentence (no
// "...: 1: 1" left by counting an already counted message twice).
func TestRealNoteOnRelationNamed(t *testing.T) {
	imp, err := Import(realdata.Path(t, "brat/tutorials-bio"), formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	want := `110-note_annotation.ann: line 12: note on relation R1 (Part-of T7 -> T6) not imported (Margin relations have no notes): "Should this be annotated? There's no particularly explicit statement of the Part-of relation here."`
	found := false
	for _, w := range imp.Warnings {
		found = found || w == want
		if strings.HasSuffix(w, ": 1: 1") {
			t.Errorf("garbled warning %q", w)
		}
	}
	if !found {
		t.Errorf("warnings %q lack %q", imp.Warnings, want)
	}
	// The notes on T1 and E1 are kept on their annotations.
	notes := 0
	for _, d := range imp.Docs {
		if d.Doc.Name != "110-note_annotation" {
			continue
		}
		for _, a := range d.Annotations {
			if a.Note != "" {
				notes++
			}
		}
	}
	if notes < 2 {
		t.Errorf("%d annotations with notes in 110-note_annotation", notes)
	}
}
