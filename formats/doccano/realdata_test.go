package doccano

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
)

// doccano's own text-classification export example (doccano @ab6b765e,
// backend/data_export/pipeline/examples/text_classification).
func TestRealTextClassificationExport(t *testing.T) {
	imp, err := Import(realdata.Path(t, "doccano/export_text_classification.jsonl"), formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	var got []string
	for _, d := range imp.Docs {
		for _, l := range d.DocLabels {
			got = append(got, l.Set+"="+l.Value)
		}
	}
	if strings.Join(got, " ") != "label=negative label=positive label=positive" {
		t.Errorf("doc labels: %v", got)
	}
	if len(imp.DocLabelSets) != 1 || imp.DocLabelSets[0].Name != "label" || strings.Join(imp.DocLabelSets[0].Values, ",") != "negative,positive" {
		t.Errorf("sets: %+v", imp.DocLabelSets)
	}
}

// A file shaped exactly as doccano (@ab6b765e) writes intent detection
// and slot filling: backend/data_export/pipeline/examples/intent_detection.
const intentDetection = `{"text": "Find a flight from Memphis to Tacoma", "entities": [[0, 26, "City"], [30, 36, "City"]], "cats": ["flight"]}
{"text": "I want to know what airports are in Los Angeles", "entities": [[36, 47, "City"]], "cats": ["airport"]}
`

func TestIntentDetection(t *testing.T) {
	p := filepath.Join(t.TempDir(), "intent.jsonl")
	os.WriteFile(p, []byte(intentDetection), 0o644)
	for name, read := range map[string]func() (*formats.Imported, error){
		"import": func() (*formats.Imported, error) { return Import(p, formats.ImportOptions{Annotator: "ana"}) },
		"stream": func() (*formats.Imported, error) {
			var docs []model.DocumentImport
			imp, err := Stream(p, formats.ImportOptions{Annotator: "ana"}, func(d model.DocumentImport) error { docs = append(docs, d); return nil })
			if imp != nil {
				imp.Docs = docs
			}
			return imp, err
		},
	} {
		imp, err := read()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		fmttest.ValidateAll(t, imp)
		d := imp.Docs[1]
		if len(d.Annotations) != 1 || d.Annotations[0].Text != "Los Angeles" || d.Annotations[0].Label != "City" {
			t.Errorf("%s: entities: %+v", name, d.Annotations)
		}
		if len(imp.Docs[0].Annotations) != 2 || imp.Docs[0].Annotations[0].Text != "Find a flight from Memphis" {
			t.Errorf("%s: entities: %+v", name, imp.Docs[0].Annotations)
		}
		if len(d.DocLabels) != 1 || d.DocLabels[0] != (model.DocLabel{Annotator: "ana", Set: "label", Value: "airport"}) {
			t.Errorf("%s: cats: %+v", name, d.DocLabels)
		}
		if len(imp.DocLabelSets) != 1 || strings.Join(imp.DocLabelSets[0].Values, ",") != "flight,airport" {
			t.Errorf("%s: sets: %+v", name, imp.DocLabelSets)
		}
		if d.Doc.Meta != nil {
			t.Errorf("%s: cats/entities kept as meta: %s", name, d.Doc.Meta)
		}
	}
}

// doccano's import dialog names the text and label columns (its
// "column_data"/"column_label" options); these lines are shaped as
// doccano's own import examples (@ab6b765e,
// backend/data_import/pipeline/examples/{text_classification,sequence_labeling}).
func TestRenamedColumns(t *testing.T) {
	in := `{"column_data": "Terrible customer service.", "column_label": ["negative"], "text": "kept as meta"}
{"column_data": "EU rejects German call to boycott British lamb.", "column_label": [[0, 2, "ORG"]]}
`
	opts := formats.ImportOptions{Annotator: "ana", TextField: "column_data", LabelField: "column_label"}
	docs, err := Read(strings.NewReader(in), "in.jsonl", opts)
	if err != nil {
		t.Fatal(err)
	}
	if docs[0].Doc.Text != "Terrible customer service." || len(docs[0].DocLabels) != 1 || docs[0].DocLabels[0].Set != "column_label" || docs[0].DocLabels[0].Value != "negative" {
		t.Errorf("classification: %+v", docs[0])
	}
	if string(docs[0].Doc.Meta) != `{"text":"kept as meta"}` {
		t.Errorf("meta %s", docs[0].Doc.Meta)
	}
	if len(docs[1].Annotations) != 1 || docs[1].Annotations[0].Text != "EU" {
		t.Errorf("spans: %+v", docs[1].Annotations)
	}
	// Without the options the same file is refused, naming the field.
	if _, err := Read(strings.NewReader(in), "in.jsonl", formats.ImportOptions{}); err == nil || !strings.Contains(err.Error(), `in.jsonl:2: "text" must be a string`) {
		t.Errorf("default columns: %v", err)
	}
	if _, err := Read(strings.NewReader(in), "in.jsonl", formats.ImportOptions{TextField: "body"}); err == nil || !strings.Contains(err.Error(), `in.jsonl:1: "body" must be a string`) {
		t.Errorf("missing text field: %v", err)
	}
}

// A set named otherwise than doccano's one "label" list comes back with
// its name; the classes themselves come from doccano's list, so a class a
// colleague removed in doccano stays removed.
func TestDocLabelSetNameRoundTrip(t *testing.T) {
	doc := &model.Document{Name: "d", Text: "Talks resumed in Riyadh."}
	d := formats.Layered{Doc: doc, DocLabels: []model.DocLabel{
		{Annotator: "ana", Set: "stance", Value: "pro"},
		{Annotator: "ana", Set: "topic", Value: "diplomacy"},
		{Annotator: "ana", Set: "label", Value: "checked"},
	}}
	withSpan := d
	withSpan.Doc = &model.Document{Name: "e", Text: doc.Text}
	withSpan.Annotations = []model.Annotation{fmttest.Ann(t, doc.Text, "s1", "GPE", "Riyadh")}
	out, rep := export(t, d, withSpan)
	if !strings.Contains(out, `"label":["pro","diplomacy","checked"],"doc_label_sets":{"stance":["pro"],"topic":["diplomacy"]}`) ||
		!strings.Contains(out, `"entities":[[17,23,"GPE"]],"cats":["pro","diplomacy","checked"],"doc_label_sets":{"stance":["pro"],"topic":["diplomacy"]}`) {
		t.Errorf("export:\n%s", out)
	}
	if len(rep) != 1 || !strings.Contains(rep[0], "several sets") {
		t.Errorf("report %v", rep)
	}
	docs := read(t, out)
	for i := range docs {
		var got []string
		for _, l := range docs[i].DocLabels {
			got = append(got, l.Set+"="+l.Value)
		}
		if strings.Join(got, " ") != "stance=pro topic=diplomacy label=checked" {
			t.Errorf("doc %d labels: %v", i, got)
		}
	}
	// "pro" removed in doccano: the stale name list does not bring it back.
	edited := strings.Replace(strings.Split(out, "\n")[0], `"label":["pro",`, `"label":[`, 1)
	docs = read(t, edited)
	if len(docs[0].DocLabels) != 2 || docs[0].DocLabels[0] != (model.DocLabel{Annotator: "ana", Set: "topic", Value: "diplomacy"}) {
		t.Errorf("edited: %+v", docs[0].DocLabels)
	}
}

// Issue 12 item 9: one oversize line is refused, naming file and line,
// after reading at most the limit of it, instead of taking gigabytes.
func TestOversizeLineRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"text": "small", "label": []}` + "\n")
	f.WriteString(`{"text": "`)
	chunk := []byte(strings.Repeat("a", 1<<20))
	for i := 0; i <= formats.MaxLine>>20; i++ {
		f.Write(chunk)
	}
	f.WriteString(`", "label": []}` + "\n")
	f.Close()
	_, err = Import(p, formats.ImportOptions{})
	var tl *formats.LineTooLongError
	if !errors.As(err, &tl) || tl.Line != 2 || tl.File != p || !strings.Contains(err.Error(), p+":2: line is longer than 64 MB") {
		t.Fatalf("err = %v", err)
	}
	_, err = Stream(p, formats.ImportOptions{}, func(model.DocumentImport) error { return nil })
	if !errors.As(err, &tl) || tl.Line != 2 {
		t.Fatalf("stream: err = %v", err)
	}
}
