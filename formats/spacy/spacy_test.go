package spacy

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/model"
)

func TestRoundTrip(t *testing.T) {
	d := fmttest.Sample(t)
	d.DocLabels = []model.DocLabel{{Annotator: "ana", Set: CatsSet, Value: "talks"}}
	var buf bytes.Buffer
	ex, _ := NewExporter(&buf, "", formats.ExportOptions{})
	if err := ex.Write(d); err != nil {
		t.Fatal(err)
	}
	ex.Close()
	out := buf.String()
	if !strings.Contains(out, `"entities":[[1,10,"CEASEFIRE_TERM"],[12,17,"NEGOTIATION_EVENT"],[20,22,"CEASEFIRE_TERM"],[23,24,"EMOTION"],[28,32,"NEGOTIATION_EVENT"],[35,50,"MILITARY_ACTION"]]`) || !strings.Contains(out, `"cats":{"talks":1}`) {
		t.Errorf("export: %s", out)
	}
	rep := strings.Join(ex.Report(), "\n")
	if !strings.Contains(rep, `overlapping spans left out of "entities" (they are in "spans"): 2`) || !strings.Contains(rep, "relations dropped (spaCy training data has none): 1") {
		t.Errorf("report: %s", rep)
	}
	p := filepath.Join(t.TempDir(), "x.jsonl")
	os.WriteFile(p, buf.Bytes(), 0o644)
	imp, err := Import(p, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	want := append(fmttest.Without(d.Annotations, "a6"), fmttest.Ann(t, d.Doc.Text, "x", "NEGOTIATION_EVENT", "talks"), fmttest.Ann(t, d.Doc.Text, "y", "NEGOTIATION_EVENT", "Kyiv"))
	fmttest.SameAnnotations(t, want, imp.Docs[0].Annotations, fmttest.Drop{Attributes: true, Note: true})
	if imp.Docs[0].Doc.Text != d.Doc.Text || len(imp.Docs[0].DocLabels) != 1 {
		t.Errorf("doc %+v", imp.Docs[0])
	}
}

func TestReadShapes(t *testing.T) {
	docs, err := Read(strings.NewReader(`{"text": "😊 Apple Inc", "entities": [[2, 7, "ORG"]]}
{"text": "😊 Apple Inc", "spans": {"sc": [[2, 11, "ORG", "Q312"]]}, "cats": {"pos": 0.9, "neg": 0.1}}
`), "s.jsonl", formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if docs[0].Annotations[0].Text != "Apple" || docs[1].Annotations[0].Text != "Apple Inc" || len(docs[1].DocLabels) != 1 || docs[1].DocLabels[0].Value != "pos" {
		t.Errorf("%+v", docs)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"{\"text\": \"ab\"}\n{\"text\": \"ab\", \"entities\": [[0, 3, \"X\"]]}", "s.jsonl:2: entities[0]: span 0-3 is invalid"},
		{`{"text": "ab", "spans": [[0, "X"]]}`, `s.jsonl:1: "spans": item 0`},
		{`{"entities": []}`, `s.jsonl:1: "text" is missing`},
		{`{"text": `, "s.jsonl:1: malformed JSON"},
	} {
		_, err := Read(strings.NewReader(tt.in), "s.jsonl", formats.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(`{"text": "😊 Apple", "entities": [[2, 7, "ORG"]], "spans": [[0, 1, "E"]]}`)
	f.Add(`{"text": "a", "spans": {"sc": [[0, 1, "X", "kb"]]}, "cats": {"x": 1}}`)
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := Read(strings.NewReader(in), "f.jsonl", formats.ImportOptions{})
		if err != nil {
			return
		}
		fmttest.ValidateAll(t, &formats.Imported{Docs: docs})
	})
}
