package labelstudio

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

// label-studio-converter's test export of a sentiment project
// (tests/data/test_export_csv/csv_test_history.json): task-level choices
// become document labels of the set named by from_name.
func TestRealDocumentChoices(t *testing.T) {
	imp, err := Import(realdata.Path(t, "labelstudio/csv_test_history.json"), formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	if len(imp.Docs) != 1 || !strings.HasPrefix(imp.Docs[0].Doc.Text, "Calif. wildfires") {
		t.Fatalf("docs: %+v", imp.Docs)
	}
	want := model.DocLabel{Annotator: "sergei@heartex.e2e", Set: "sentiment", Value: "Positive"}
	if ls := imp.Docs[0].DocLabels; len(ls) != 1 || ls[0] != want {
		t.Errorf("doc labels: %+v", ls)
	}
	if len(imp.DocLabelSets) != 1 || imp.DocLabelSets[0].Name != "sentiment" {
		t.Errorf("sets: %+v", imp.DocLabelSets)
	}
}

// Image tasks (data.image, data.images) are skipped with a message; their
// URL never becomes a document's text.
func TestRealImageTasksSkipped(t *testing.T) {
	for _, f := range []string{"data.json", "data_repeater.json"} {
		_, err := Import(realdata.Path(t, "labelstudio/"+f), formats.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "no text tasks") || !strings.Contains(err.Error(), "not text") {
			t.Errorf("%s: err = %v", f, err)
		}
	}
	// A text task beside an image task: the text is imported, the image
	// task is counted.
	data, err := os.ReadFile(realdata.Path(t, "labelstudio/data.json"))
	if err != nil {
		t.Fatal(err)
	}
	mixed := `[{"id": 1, "data": {"text": "Talks resumed."}, "annotations": []},` + strings.TrimPrefix(strings.TrimSpace(string(data)), "[")
	imp, err := Read([]byte(mixed), "mixed.json", formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Docs) != 1 || imp.Docs[0].Doc.Text != "Talks resumed." {
		t.Errorf("docs: %+v", imp.Docs)
	}
	if strings.Join(imp.Warnings, "\n") != "tasks skipped: data.image is an image, not text: 1" {
		t.Errorf("warnings: %q", imp.Warnings)
	}
	// A lone URL-valued field is not text either.
	url := `[{"id": 9, "data": {"page": "https://example.org/scan.png"}, "annotations": []}]`
	if _, err := Read([]byte(url), "u.json", formats.ImportOptions{}); err == nil || !strings.Contains(err.Error(), "data.page is a URL or file path") {
		t.Errorf("url task: %v", err)
	}
	// --text-field names the field when the task's key is not "text".
	body := `[{"id": 9, "data": {"body": "Ceasefire holds.", "meta_info": "x"}, "annotations": []}]`
	if imp, err := Read([]byte(body), "b.json", formats.ImportOptions{TextField: "body"}); err != nil || imp.Docs[0].Doc.Text != "Ceasefire holds." {
		t.Errorf("text field: %+v %v", imp, err)
	}
	if _, err := Read([]byte(body), "b.json", formats.ImportOptions{}); err == nil || !strings.Contains(err.Error(), "--text-field") {
		t.Errorf("no text field: %v", err)
	}
}

// Label Studio 1.x writes a per-region choices result (a <Choices
// perRegion="true"> on a text span) with the region's start, end and
// covered text as a string beside the choices, and a per-region textarea
// with its typed lines as a list. Shaped after Label Studio 1.13's JSON
// export; no such file is in ../shared/realdata.
const perRegion = `[{"id": 12, "data": {"text": "Putin called for a ceasefire."},
 "annotations": [{"id": 5, "completed_by": {"id": 1, "email": "ana@example.org", "first_name": "", "last_name": ""},
  "result": [
   {"value": {"start": 0, "end": 5, "text": "Putin", "labels": ["ACTOR"]}, "id": "Ab3xQ", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual"},
   {"value": {"start": 0, "end": 5, "text": "Putin", "choices": ["Russia"]}, "id": "Ab3xQ", "from_name": "side", "to_name": "text", "type": "choices", "origin": "manual"},
   {"value": {"start": 0, "end": 5, "text": ["head of state"]}, "id": "Ab3xQ", "from_name": "comment", "to_name": "text", "type": "textarea", "origin": "manual"},
   {"value": {"start": 19, "end": 28, "text": "ceasefire", "choices": ["proposal"]}, "id": "Zz9", "from_name": "kind", "to_name": "text", "type": "choices", "origin": "manual"}
  ], "was_cancelled": false, "ground_truth": false}],
 "predictions": []}]`

func TestPerRegionChoicesWithTextString(t *testing.T) {
	p := filepath.Join(t.TempDir(), "per-region.json")
	os.WriteFile(p, []byte(perRegion), 0o644)
	imp, err := Import(p, formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	d := imp.Docs[0]
	if len(d.Annotations) != 1 || d.Annotations[0].Attributes["side"] != "Russia" || d.Annotations[0].Attributes["comment"] != "head of state" {
		t.Errorf("annotation: %+v", d.Annotations)
	}
	// The per-region choice of a region that is not a labels region is
	// not a document label.
	if len(d.DocLabels) != 0 || strings.Join(imp.Warnings, "\n") != "per-region results whose region is not a labels region of the annotation skipped: 1" {
		t.Errorf("doc labels %+v warnings %q", d.DocLabels, imp.Warnings)
	}
	// Our export writes the same shape and reads back.
	var buf strings.Builder
	ex, _ := NewExporter(&buf, "", formats.ExportOptions{})
	ex.Write(formats.Layered{Doc: &model.Document{Name: "x", Text: d.Doc.Text}, Annotations: d.Annotations})
	ex.Close()
	if !strings.Contains(buf.String(), `"value":{"start":0,"end":5,"text":"Putin","choices":["Russia"]}`) {
		t.Errorf("export:\n%s", buf.String())
	}
	back, err := Read([]byte(buf.String()), "back.json", formats.ImportOptions{})
	if err != nil || back.Docs[0].Annotations[0].Attributes["side"] != "Russia" {
		t.Errorf("round trip: %+v %v", back, err)
	}
	// With the schema typing "comment" as free text, it is written as the
	// per-region textarea it came from.
	buf.Reset()
	sc := &model.Schema{Labels: []model.Label{{Name: "ACTOR", Color: "#112233", Attributes: []model.AttributeDef{{Name: "comment", Type: model.AttrText}, {Name: "side", Type: model.AttrEnum, Values: []string{"Russia"}}}}}}
	ex, _ = NewExporter(&buf, "", formats.ExportOptions{Schema: sc})
	ex.Write(formats.Layered{Doc: &model.Document{Name: "x", Text: d.Doc.Text}, Annotations: d.Annotations})
	ex.Close()
	if !strings.Contains(buf.String(), `"from_name":"comment","to_name":"text","type":"textarea","value":{"start":0,"end":5,"text":["head of state"]}`) {
		t.Errorf("export with schema:\n%s", buf.String())
	}
	back, err = Read([]byte(buf.String()), "back.json", formats.ImportOptions{})
	if err != nil || back.Docs[0].Annotations[0].Attributes["comment"] != "head of state" {
		t.Errorf("round trip: %+v %v", back, err)
	}
}
