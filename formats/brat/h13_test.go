package brat

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
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

// A free-text attribute value with spaces, ',' and '|' set on an
// annotation of brat's tutorial corpus survives export and re-import, and
// the .ann line and annotation.conf's list carry the same token (before,
// the .ann had "Russia,_Belarus_|_others" and the conf
// "Russia__Belarus___others", neither of which came back as the value).
func TestRealFreeTextAttributeRoundTrip(t *testing.T) {
	const value = "Russia, Belarus | others"
	imp, err := Import(realdata.Path(t, "brat/tutorials-bio"), formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	var doc, target int = -1, -1
	for i, d := range imp.Docs {
		if d.Doc.Name == "110-note_annotation" {
			doc = i
			for j, a := range d.Annotations {
				if a.Label == "Protein" && a.Text == "IgG" && target < 0 {
					target = j
				}
			}
		}
	}
	if doc < 0 || target < 0 {
		t.Fatal("no Protein IgG in 110-note_annotation")
	}
	a := &imp.Docs[doc].Annotations[target]
	if a.Attributes == nil {
		a.Attributes = map[string]any{}
	}
	a.Attributes["origin"] = value
	for i := range imp.Labels {
		if imp.Labels[i].Name == "Protein" {
			imp.Labels[i].Attributes = append(imp.Labels[i].Attributes, model.AttributeDef{Name: "origin", Type: model.AttrText})
		}
	}
	dir := exportAll(t, imp)
	ann := readFile(t, filepath.Join(dir, "110-note_annotation.ann"))
	const token = "Russia%2C%20Belarus%20%7C%20others"
	if !strings.Contains(ann, "\torigin T1 "+token+"\n") {
		t.Errorf(".ann lacks the encoded value:\n%s", ann)
	}
	conf := readFile(t, filepath.Join(dir, "annotation.conf"))
	if !strings.Contains(conf, "# Margin: free-text attribute origin for Protein (values percent-encoded)\norigin\tArg:Protein, Value:"+token+"\n") {
		t.Errorf("annotation.conf does not list the .ann's value:\n%s", conf)
	}
	back, err := Import(dir, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, d := range back.Docs {
		for _, x := range d.Annotations {
			if v, ok := x.Attributes["origin"]; ok {
				got = formats.AttrString(v)
			}
		}
	}
	if got != value {
		t.Errorf("value came back as %q, want %q", got, value)
	}
}
