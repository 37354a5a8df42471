package dataset

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

func newProject(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Create(context.Background(), filepath.Join(t.TempDir(), "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func docLabelSet(sc *model.Schema, name string) *model.DocLabelSet {
	for i := range sc.DocLabelSets {
		if sc.DocLabelSets[i].Name == name {
			return &sc.DocLabelSets[i]
		}
	}
	return nil
}

// doccano's own text-classification export: the classes land in a
// document-label set of the schema (so the window shows them as toggles
// and agreement measures them), not only in the doc_labels table.
func TestImportGrowsDocLabelSetFromRealDoccano(t *testing.T) {
	ctx := context.Background()
	db := newProject(t)
	in := realdata.Path(t, "doccano/export_text_classification.jsonl")
	if _, err := Import(ctx, db, "doccano", in, formats.ImportOptions{Annotator: "ana"}, true); err == nil || !strings.Contains(err.Error(), "document labels not in the schema: label") {
		t.Fatalf("strict import: %v", err)
	}
	sum, err := Import(ctx, db, "doccano", in, formats.ImportOptions{Annotator: "ana"}, false)
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := db.Schema(ctx)
	set := docLabelSet(sc, "label")
	if set == nil || strings.Join(set.Values, ",") != "negative,positive" || set.Multiple {
		t.Fatalf("schema doc-label sets: %+v", sc.DocLabelSets)
	}
	if strings.Join(sum.AddedLabels, ",") != "document-label set label" {
		t.Errorf("added: %v", sum.AddedLabels)
	}
	ls, _ := db.DocLabels(ctx, sum.Results[0].DocID)
	if len(ls) != 1 || ls[0].Value != "negative" || ls[0].Annotator != "ana" {
		t.Errorf("doc labels: %+v", ls)
	}
	// A second import with a new class grows the set; one that brings
	// nothing new leaves the schema alone.
	more := filepath.Join(t.TempDir(), "more.jsonl")
	os.WriteFile(more, []byte(`{"text": "Okay-ish.", "label": ["neutral", "positive"]}`+"\n"), 0o644)
	if _, err := Import(ctx, db, "doccano", more, formats.ImportOptions{Annotator: "ana"}, false); err != nil {
		t.Fatal(err)
	}
	sc, _ = db.Schema(ctx)
	if set := docLabelSet(sc, "label"); set == nil || strings.Join(set.Values, ",") != "negative,positive,neutral" || !set.Multiple {
		t.Fatalf("grown set: %+v", sc.DocLabelSets)
	}
	if next, _, err := GrowSchema(sc, &formats.Imported{DocLabelSets: []model.DocLabelSet{{Name: "label", Values: []string{"positive"}}}}, false); err != nil || next != nil {
		t.Errorf("nothing new: %+v, %v", next, err)
	}
}

// Two annotators' classes of doccano's example (one changed by the
// second): margin agreement reports Cohen's kappa over the set.
func TestAgreementCoversImportedDocLabels(t *testing.T) {
	ctx := context.Background()
	db := newProject(t)
	in := realdata.Path(t, "doccano/export_text_classification.jsonl")
	if _, err := Import(ctx, db, "doccano", in, formats.ImportOptions{Annotator: "ana"}, false); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	ben := filepath.Join(t.TempDir(), "ben.jsonl")
	os.WriteFile(ben, bytes.Replace(data, []byte(`"Great price.", "label": ["positive"]`), []byte(`"Great price.", "label": ["negative"]`), 1), 0o644)
	if _, err := Import(ctx, db, "doccano", ben, formats.ImportOptions{Annotator: "ben"}, false); err != nil {
		t.Fatal(err)
	}
	sum, err := Agreement(ctx, db, AgreementOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st, ok := sum.DocLabels["label"]
	// ana: neg pos pos, ben: neg pos neg. p_o = 2/3, p_e = 1/3*2/3 + 2/3*1/3 = 4/9,
	// kappa = (2/3 - 4/9) / (1 - 4/9) = 0.4.
	if !ok || st.KappaCohen == nil || math.Abs(*st.KappaCohen-0.4) > 1e-9 {
		t.Fatalf("doc-label agreement: %+v (documents %d, notes %v)", sum.DocLabels, sum.Documents, sum.Notes)
	}
}

// A set named "stance" keeps its name through doccano, spaCy and Label
// Studio and back, instead of becoming "label" or "cats".
func TestDocLabelSetKeepsNameOnRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, format := range []string{"doccano", "spacy", "labelstudio"} {
		t.Run(format, func(t *testing.T) {
			src := newProject(t)
			sc := &model.Schema{Labels: []model.Label{{Name: "GPE", Color: "#112233"}},
				DocLabelSets: []model.DocLabelSet{{Name: "stance", Values: []string{"pro", "contra"}}}}
			if err := src.SetSchema(ctx, sc, "ana"); err != nil {
				t.Fatal(err)
			}
			in := filepath.Join(t.TempDir(), "doc.jsonl")
			os.WriteFile(in, []byte(`{"text": "Talks resumed in Riyadh.", "label": [[17, 23, "GPE"]]}`+"\n"), 0o644)
			sum, err := Import(ctx, src, "doccano", in, formats.ImportOptions{Annotator: "ana"}, true)
			if err != nil {
				t.Fatal(err)
			}
			if err := src.SetDocLabel(ctx, model.DocLabel{DocID: sum.Results[0].DocID, Annotator: "ana", Set: "stance", Value: "contra"}); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "out.json")
			f, _ := os.Create(out)
			if _, err := Export(ctx, src, format, "ana", f, "", "", nil); err != nil {
				t.Fatal(err)
			}
			f.Close()
			dst := newProject(t)
			back, err := Import(ctx, dst, format, out, formats.ImportOptions{Annotator: "ana"}, false)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := dst.Schema(ctx)
			if len(got.DocLabelSets) != 1 || got.DocLabelSets[0].Name != "stance" || strings.Join(got.DocLabelSets[0].Values, ",") != "contra" {
				t.Errorf("sets after the round trip: %+v", got.DocLabelSets)
			}
			ls, _ := dst.DocLabels(ctx, back.Results[0].DocID)
			if len(ls) != 1 || ls[0].Set != "stance" || ls[0].Value != "contra" {
				t.Errorf("doc labels: %+v", ls)
			}
		})
	}
}
