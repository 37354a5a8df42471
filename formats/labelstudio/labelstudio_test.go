package labelstudio

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/model"
)

const sample = `[
 {"id": 3, "data": {"text": "😊 Putin met Trump.\r\nTalks"},
  "annotations": [
   {"id": 1, "completed_by": {"id": 1, "email": "ana@example.org"}, "result": [
     {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 2, "end": 7, "text": "Putin", "labels": ["ACTOR"]}, "meta": {"text": ["head of state"]}},
     {"id": "r1", "from_name": "side", "to_name": "text", "type": "choices", "value": {"choices": ["Russia"]}},
     {"id": "r2", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 12, "end": 17, "text": "Trump", "labels": ["ACTOR", "PERSON"]}},
     {"from_id": "r2", "to_id": "r1", "type": "relation", "direction": "left", "labels": ["met_by"]},
     {"from_name": "topic", "to_name": "text", "type": "choices", "value": {"choices": ["diplomacy"]}}
   ]},
   {"completed_by": 7, "result": [
     {"id": "x", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 20, "end": 25, "text": "Talks", "labels": ["EVENT"]}}
   ]}
  ],
  "predictions": [{"result": []}, {"result": []}]},
 {"data": {"text": "Old 😊 frontend"}, "completions": [{"result": [
   {"id": "u", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 7, "end": 15, "text": "frontend", "labels": ["X"]}}]}]}
]`

func TestRead(t *testing.T) {
	imp, err := Read([]byte(sample), "ls.json", formats.ImportOptions{Annotator: "me"})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	d := imp.Docs[0]
	if d.Doc.Name != "task-3" || len(d.Annotations) != 4 {
		t.Fatalf("doc: %+v", d)
	}
	putin := d.Annotations[0]
	if putin.Annotator != "ana@example.org" || putin.Note != "head of state" || putin.Attributes["side"] != "Russia" {
		t.Errorf("putin: %+v", putin)
	}
	if d.Annotations[3].Annotator != "labelstudio-user-7" || d.Annotations[3].Text != "Talks" {
		t.Errorf("numeric completed_by: %+v", d.Annotations[3])
	}
	if len(d.Relations) != 1 || d.Relations[0].From != putin.ID || d.Relations[0].Type != "met_by" {
		t.Errorf("relations: %+v", d.Relations)
	}
	if len(d.DocLabels) != 1 || d.DocLabels[0] != (model.DocLabel{Annotator: "ana@example.org", Set: "topic", Value: "diplomacy"}) {
		t.Errorf("doc labels: %+v", d.DocLabels)
	}
	old := imp.Docs[1].Annotations[0]
	if old.Text != "frontend" || old.Fragments[0] != (model.Fragment{Start: 6, End: 14}) || old.Annotator != "me" {
		t.Errorf("UTF-16 offsets not converted: %+v", old)
	}
	w := strings.Join(imp.Warnings, "\n")
	if len(d.Suggestions) != 0 || !strings.Contains(w, "UTF-16") { // the two predictions have empty results
		t.Errorf("warnings: %s", w)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"[\n{\"data\": {\"text\": \"ab\"}},\n{\"data\": \n", "x.json: line 3: malformed JSON"},
		{`[{"data": {"text": "abc"}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 9, "labels": ["X"]}}]}]}]`, "task 0 (id ): annotation 0, result 0 (a): span 0-9 is invalid"},
		{`[{"data": {"text": "abc"}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 2, "text": "xy", "labels": ["X"]}}]}]}]`, `value.text "xy" but the text has "ab"`},
		{`[{"data": {"other": 1}}]`, `data has no "text"`},
		{`[]`, "no tasks"},
	} {
		_, err := Read([]byte(tt.in), "x.json", formats.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	d := fmttest.Sample(t)
	d.DocLabels = []model.DocLabel{{Annotator: "ana", Set: "stance", Value: "neutral"}}
	var buf bytes.Buffer
	ex, err := NewExporter(&buf, "", formats.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.Write(d); err != nil {
		t.Fatal(err)
	}
	d2 := formats.Layered{Doc: &model.Document{Name: "b", Text: "x\r\ny"}}
	if err := ex.Write(d2); err != nil {
		t.Fatal(err)
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	var arr []any
	if err := json.Unmarshal(buf.Bytes(), &arr); err != nil || len(arr) != 2 {
		t.Fatalf("not a JSON array of 2: %v\n%s", err, buf.String())
	}
	rep := strings.Join(ex.Report(), "\n")
	if !strings.Contains(rep, "discontinuous annotations written as one region per fragment") || !strings.Contains(rep, "non-text attribute values written as text choices: 1") {
		t.Errorf("report: %s", rep)
	}
	p := filepath.Join(t.TempDir(), "ls.json")
	os.WriteFile(p, buf.Bytes(), 0o644)
	imp, err := Import(p, formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	got := imp.Docs[0]
	// Expected: the discontinuous span as two regions, the bool as text.
	want := fmttest.Without(d.Annotations, "a6")
	for i := range want {
		if want[i].ID == "a3" {
			want[i].Attributes = map[string]any{"status": "proposed", "hedged": "true"}
		}
	}
	want = append(want, fmttest.Ann(t, d.Doc.Text, "x", "NEGOTIATION_EVENT", "talks"), fmttest.Ann(t, d.Doc.Text, "y", "NEGOTIATION_EVENT", "Kyiv"))
	fmttest.SameAnnotations(t, want, got.Annotations, fmttest.Drop{})
	fmttest.SameRelations(t, d.Annotations, d.Relations, got.Annotations, got.Relations)
	if got.Annotations[0].Annotator != "ana" || got.Doc.Name != d.Doc.Name || got.Doc.Text != d.Doc.Text || len(got.DocLabels) != 1 || got.DocLabels[0] != d.DocLabels[0] {
		t.Errorf("doc: %+v", got)
	}
	if imp.Docs[1].Doc.Text != "x\r\ny" {
		t.Errorf("second doc %q", imp.Docs[1].Doc.Text)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(sample)
	f.Add(`{"data": {"text": "ab"}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 1, "labels": ["X"]}}, {"from_id": "a", "to_id": "a", "type": "relation"}]}]}`)
	f.Add(`[{"data": {"text": "😊b"}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 2, "end": 3, "text": "b", "labels": ["X"]}}]}]}]`)
	f.Fuzz(func(t *testing.T, in string) {
		imp, err := Read([]byte(in), "f.json", formats.ImportOptions{})
		if err != nil {
			return
		}
		fmttest.ValidateAll(t, imp)
	})
}
