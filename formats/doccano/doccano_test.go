package doccano

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

func read(t *testing.T, in string) []model.DocumentImport {
	t.Helper()
	docs, err := Read(strings.NewReader(in), "in.jsonl", formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestReadShapes(t *testing.T) {
	in := `{"text": "EU rejects German call 😊 to boycott", "label": [[0, 2, "ORG"], [11, 17, "MISC"]], "source": "x"}
{"text": "😊 Apple founded", "entities": [{"id": 4, "start_offset": 2, "end_offset": 7, "label": "ORG"}, {"id": 5, "start_offset": 8, "end_offset": 15, "label": "EVENT"}], "relations": [{"id": 1, "from_id": 4, "to_id": 5, "type": "did"}]}
{"text": "Great talks", "label": ["positive"]}
{"text": "Old style", "labels": [[0, 3, "X"]]}
`
	docs := read(t, in)
	if len(docs) != 4 {
		t.Fatalf("got %d docs", len(docs))
	}
	if got := fmttest.Keys(docs[0].Annotations, fmttest.Drop{}); got[0] != `MISC [{11 17}] "German" note=""` || got[1] != `ORG [{0 2}] "EU" note=""` {
		t.Errorf("label shape: %v", got)
	}
	if string(docs[0].Doc.Meta) != `{"source":"x"}` || docs[0].Doc.Name != "in-1" {
		t.Errorf("meta %s name %s", docs[0].Doc.Meta, docs[0].Doc.Name)
	}
	if docs[1].Annotations[0].Text != "Apple" || len(docs[1].Relations) != 1 || docs[1].Relations[0].From != docs[1].Annotations[0].ID {
		t.Errorf("entities shape: %+v %+v", docs[1].Annotations, docs[1].Relations)
	}
	if len(docs[2].DocLabels) != 1 || docs[2].DocLabels[0] != (model.DocLabel{Annotator: "ana", Set: "label", Value: "positive"}) {
		t.Errorf("classification: %+v", docs[2].DocLabels)
	}
	if docs[3].Annotations[0].Text != "Old" {
		t.Errorf("labels key: %+v", docs[3].Annotations)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"malformed", "{\"text\": \"ab\", \"label\": []}\n{\"text\": \n", "in.jsonl:2: malformed JSON"},
		{"past end", `{"text": "ab😊", "label": [[0, 4, "X"]]}`, "in.jsonl:1: label[0]: span 0-4 is invalid"},
		{"no text", `{"label": []}`, `in.jsonl:1: "text" must be a string`},
		{"bad triple", `{"text": "ab", "label": [[0, "X"]]}`, "in.jsonl:1: label[0]: want"},
		{"dangling relation", `{"text": "ab", "entities": [{"id": 1, "start_offset": 0, "end_offset": 1, "label": "X"}], "relations": [{"from_id": 1, "to_id": 2, "type": "r"}]}`, "in.jsonl:1: relations[0]"},
		{"empty", "\n\n", "in.jsonl: no documents"},
		{"invalid utf8", "{\"text\": \"a\xff\"}", "in.jsonl:1: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.in), "in.jsonl", formats.ImportOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func export(t *testing.T, ds ...formats.Layered) (string, []string) {
	t.Helper()
	var buf bytes.Buffer
	ex, err := NewExporter(&buf, "", formats.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if err := ex.Write(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), ex.Report()
}

func TestRoundTrip(t *testing.T) {
	d := fmttest.Sample(t)
	noRel := d
	noRel.Relations = nil
	noRel.Annotations = fmttest.Without(d.Annotations, "a6") // discontinuous
	noRel.DocLabels = []model.DocLabel{{Annotator: "ana", Set: "label", Value: "talks"}}
	class := formats.Layered{Doc: &model.Document{Name: "c", Text: "Just “text”\r\n"}, DocLabels: []model.DocLabel{{Annotator: "ana", Set: "label", Value: "neutral"}}}
	out, rep := export(t, d, noRel, class)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.Contains(lines[0], `"entities":[`) || !strings.Contains(lines[1], `"entities":[[1,10,"CEASEFIRE_TERM"]`) || !strings.Contains(lines[1], `"cats":["talks"]`) || !strings.Contains(lines[2], `"label":["neutral"]`) {
		t.Errorf("export:\n%s", out)
	}
	wantRep := []string{
		"annotations whose attributes were dropped (doccano has none): 4",
		"annotation notes dropped (doccano has none): 2",
		"discontinuous annotations written as one span per fragment: 1",
	}
	if strings.Join(rep, "\n") != strings.Join(wantRep, "\n") {
		t.Errorf("report:\n%s", strings.Join(rep, "\n"))
	}
	p := filepath.Join(t.TempDir(), "x.jsonl")
	os.WriteFile(p, []byte(out), 0o644)
	imp, err := Import(p, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	drop := fmttest.Drop{Attributes: true, Note: true}
	// The discontinuous span comes back as its two fragments.
	talks := fmttest.Ann(t, fmttest.Text, "x1", "NEGOTIATION_EVENT", "talks")
	kyiv := fmttest.Ann(t, fmttest.Text, "x2", "NEGOTIATION_EVENT", "Kyiv")
	want0 := append(fmttest.Without(d.Annotations, "a6"), talks, kyiv)
	fmttest.SameAnnotations(t, want0, imp.Docs[0].Annotations, drop)
	fmttest.SameRelations(t, d.Annotations, d.Relations, imp.Docs[0].Annotations, imp.Docs[0].Relations)
	fmttest.SameAnnotations(t, noRel.Annotations, imp.Docs[1].Annotations, drop)
	if imp.Docs[0].Doc.Name != d.Doc.Name || imp.Docs[0].Doc.Text != d.Doc.Text || imp.Docs[2].Doc.Text != class.Doc.Text {
		t.Errorf("documents changed")
	}
	if len(imp.Docs[1].DocLabels) != 1 || imp.Docs[1].DocLabels[0].Value != "talks" || imp.Docs[2].DocLabels[0].Value != "neutral" {
		t.Errorf("doc labels: %+v %+v", imp.Docs[1].DocLabels, imp.Docs[2].DocLabels)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(`{"text": "EU rejects", "label": [[0, 2, "ORG"]]}`)
	f.Add(`{"text": "😊 Apple", "entities": [{"id": 4, "start_offset": 2, "end_offset": 7, "label": "ORG"}], "relations": [{"from_id": 4, "to_id": 4, "type": "x"}]}`)
	f.Add(`{"text": "ok", "label": ["positive"]}`)
	f.Add(`{"text": "ok", "label": [[1, 0, ""]]}`)
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := Read(strings.NewReader(in), "f.jsonl", formats.ImportOptions{})
		if err != nil {
			return
		}
		fmttest.ValidateAll(t, &formats.Imported{Docs: docs})
	})
}
