package spacy

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// "cats" as spaCy's Example.from_dict takes them ({"label": score});
// Margin's export names each class's set in "doc_label_sets" so a set
// keeps its name, while spaCy still sees one cats dict.
func TestCatsKeepTheirSet(t *testing.T) {
	d := formats.Layered{Doc: &model.Document{Name: "d", Text: "Talks resumed."}, DocLabels: []model.DocLabel{
		{Annotator: "ana", Set: "stance", Value: "pro"}, {Annotator: "ana", Set: CatsSet, Value: "news"}}}
	var buf strings.Builder
	ex, _ := NewExporter(&buf, "", formats.ExportOptions{})
	if err := ex.Write(d); err != nil {
		t.Fatal(err)
	}
	ex.Close()
	if !strings.Contains(buf.String(), `"cats":{"news":1,"pro":1},"doc_label_sets":{"stance":["pro"]}`) {
		t.Errorf("export: %s", buf.String())
	}
	in := buf.String() + `{"text": "Plain spaCy line.", "cats": {"POSITIVE": 0.9, "NEGATIVE": 0.1}}` + "\n"
	p := filepath.Join(t.TempDir(), "c.jsonl")
	os.WriteFile(p, []byte(in), 0o644)
	var docs []model.DocumentImport
	imp, err := Stream(p, formats.ImportOptions{Annotator: "ana"}, func(d model.DocumentImport) error { docs = append(docs, d); return nil })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		for _, l := range d.DocLabels {
			got = append(got, l.Set+"="+l.Value)
		}
	}
	if strings.Join(got, " ") != "stance=pro cats=news cats=POSITIVE" {
		t.Errorf("doc labels: %v", got)
	}
	if len(imp.DocLabelSets) != 2 || imp.DocLabelSets[0].Name != "stance" || strings.Join(imp.DocLabelSets[1].Values, ",") != "news,POSITIVE" {
		t.Errorf("sets: %+v", imp.DocLabelSets)
	}
}

// Issue 12 item 9: an oversize JSON line is refused with file and line.
func TestOversizeLineRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"text": "`)
	chunk := []byte(strings.Repeat("b", 1<<20))
	for i := 0; i <= formats.MaxLine>>20; i++ {
		f.Write(chunk)
	}
	f.WriteString(`"}` + "\n")
	f.Close()
	var tl *formats.LineTooLongError
	if _, err := Import(p, formats.ImportOptions{}); !errors.As(err, &tl) || tl.Line != 1 || !strings.Contains(err.Error(), p+":1:") {
		t.Fatalf("err = %v", err)
	}
}
