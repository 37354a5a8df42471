package webanno

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
)

// exportAll writes imp's documents (relations included) with the folder
// exporter, as `margin export --format webanno` does, and returns the
// folder.
func exportAll(t *testing.T, imp *formats.Imported) (string, []string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	ex, err := NewExporter(nil, dir, formats.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, di := range imp.Docs {
		doc := &model.Document{Name: di.Doc.Name, Text: di.Doc.Text, Meta: di.Doc.Meta}
		if err := ex.Write(formats.Layered{Doc: doc, Annotations: di.Annotations, Relations: di.Relations}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, ex.Report()
}

// A dotted name (neuged's test_input_v3.3.tsv) keeps its dots on export:
// only what a file system refuses is replaced.
func TestExportKeepsDottedNames(t *testing.T) {
	imp, err := Import(realdata.Path(t, "webanno/test_input_v3.3.tsv"), formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if imp.Docs[0].Doc.Name != "test_input_v3.3" {
		t.Fatalf("imported name %q", imp.Docs[0].Doc.Name)
	}
	dir, report := exportAll(t, imp)
	if _, err := os.Stat(filepath.Join(dir, "test_input_v3.3.tsv")); err != nil {
		ents, _ := os.ReadDir(dir)
		t.Errorf("no test_input_v3.3.tsv (%v); folder holds %v", err, ents)
	}
	for _, r := range report {
		if strings.Contains(r, "renamed") {
			t.Errorf("report %q", r)
		}
	}
	// A name with a slash (a brat import from subfolders) stays in the
	// folder, as the folder import does not descend.
	var n formats.DocNamer
	n.Flat = true
	if got := n.Name("train/a:b.v1"); got != "train_a_b.v1" {
		t.Errorf("flat name %q", got)
	}
}

// Token-level grammar (DKPro Lemma in INCEpTION's coref.tsv, POS and Lemma
// in neuged's test_input.tsv) is not imported as labels; one warning per
// layer names it and the count. Named entities, custom layers and chains
// stay.
func TestGrammarLayersSkipped(t *testing.T) {
	for _, tt := range []struct {
		file   string
		warns  []string
		labels []string // some labels that stay
		max    int      // at most this many labels
	}{
		{"coref.tsv", []string{"layer de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Lemma skipped (4993 annotations)"}, nil, 60},
		{"test_input.tsv", []string{
			"layer de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS skipped (",
			"layer de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Lemma skipped (",
		}, []string{"LetterEntity"}, 20},
	} {
		imp, err := Import(realdata.Path(t, "webanno/"+tt.file), formats.ImportOptions{Annotator: "ana"})
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if len(imp.Labels) > tt.max {
			t.Errorf("%s: %d labels, want at most %d", tt.file, len(imp.Labels), tt.max)
		}
		if len(imp.Warnings) != len(tt.warns) {
			t.Errorf("%s: warnings %q", tt.file, imp.Warnings)
		}
		for _, w := range tt.warns {
			if !strings.Contains(strings.Join(imp.Warnings, "\n"), w) {
				t.Errorf("%s: warnings %q lack %q", tt.file, imp.Warnings, w)
			}
		}
		for _, a := range imp.Docs[0].Annotations {
			if strings.HasPrefix(a.Label, "NN") || a.Label == "Lemma" || a.Label == "POS" {
				t.Errorf("%s: grammar annotation %s %q imported", tt.file, a.Label, a.Text)
				break
			}
		}
	}
}

// DKPro's Dependency links POS annotations (INCEpTION's example2.tsv): the
// POS annotations stay as the relations' anchors, under one label "POS"
// with the tag as an attribute, not one label per tag.
func TestGrammarLayerKeptAsRelationAnchor(t *testing.T) {
	imp, err := Import(realdata.Path(t, "webanno/example2.tsv"), formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range imp.Labels {
		names = append(names, l.Name)
	}
	if got := " " + strings.Join(names, " ") + " "; !strings.Contains(got, " POS ") || strings.Contains(got, " NNP ") {
		t.Errorf("labels %s", got)
	}
	found := false
	for _, a := range imp.Docs[0].Annotations {
		if a.Label == "POS" && a.Text == "Haag" {
			found = a.Attributes["PosValue"] == "NNP"
		}
	}
	if !found {
		t.Error("no POS annotation on Haag with PosValue NNP")
	}
	if len(imp.Docs[0].Relations) != 86 {
		t.Errorf("%d relations", len(imp.Docs[0].Relations))
	}
}

// Relations are written as a #T_RL layer (INCEpTION's shape: the label
// column and a BT_ column naming the source's first token, with
// [SOURCE_TARGET] ids when either end is ambiguous) and come back: all 562
// coreference links of INCEpTION's coref.tsv, the slot roles p1/p2 of the
// tsv3-suite's testSimpleSlotFeature and the 86 dependencies of
// example2.tsv.
func TestRelationsRoundTrip(t *testing.T) {
	for _, f := range []string{"coref.tsv", "example2.tsv", "tsv3-suite/testSimpleSlotFeature/reference.tsv"} {
		imp, err := Import(realdata.Path(t, "webanno/"+f), formats.ImportOptions{Annotator: "ana"})
		if err != nil {
			t.Fatal(err)
		}
		if len(imp.Docs[0].Relations) == 0 {
			t.Fatalf("%s: no relations imported", f)
		}
		dir, report := exportAll(t, imp)
		for _, r := range report {
			if strings.Contains(r, "relations") {
				t.Errorf("%s: report %q", f, r)
			}
		}
		back, err := Import(dir, formats.ImportOptions{Annotator: "ana"})
		if err != nil {
			t.Fatalf("%s: re-import: %v", f, err)
		}
		want, got := imp.Docs[0], back.Docs[0]
		if len(got.Relations) != len(want.Relations) {
			t.Errorf("%s: %d relations back, want %d", f, len(got.Relations), len(want.Relations))
		}
		fmttest.SameRelations(t, want.Annotations, want.Relations, got.Annotations, got.Relations)
	}
}
