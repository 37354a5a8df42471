package labelstudio

import (
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
)

// A task as Label Studio 1.x exports it when an ML backend has
// predictions: model_version and score on the prediction, score on the
// regions that have their own.
const withPredictions = `[{"id": 9, "data": {"text": "Kyiv and Odesa"},
 "annotations": [],
 "predictions": [{"id": 4, "model_version": "ner-v3", "score": 0.6, "result": [
   {"id": "p1", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 4, "text": "Kyiv", "labels": ["LOC"]}, "score": 0.93},
   {"id": "p2", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 9, "end": 14, "text": "Odesa", "labels": ["LOC"]}},
   {"from_name": "topic", "to_name": "text", "type": "choices", "value": {"choices": ["war"]}}]},
  {"result": [{"from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["GPE"]}}]}]}]`

func TestSuggestReadLabelStudioPredictions(t *testing.T) {
	imp, err := Read([]byte(withPredictions), "ls.json", formats.ImportOptions{Annotator: "me"})
	if err != nil {
		t.Fatal(err)
	}
	s := imp.Docs[0].Suggestions
	if len(s) != 4 {
		t.Fatalf("suggestions = %+v", s)
	}
	if s[0].Recommender != "labelstudio:ner-v3" || s[0].Label != "LOC" || s[0].Score != 0.93 || s[0].Fragments[0].End != 4 {
		t.Errorf("region score: %+v", s[0])
	}
	if s[1].Score != 0.6 {
		t.Errorf("prediction score not used for a region without one: %+v", s[1])
	}
	if s[2].Set != "topic" || s[2].Label != "war" {
		t.Errorf("choices: %+v", s[2])
	}
	if s[3].Recommender != "labelstudio" || s[3].Score != 1 {
		t.Errorf("no model version, no score: %+v", s[3])
	}
	if len(imp.Docs[0].Annotations) != 0 {
		t.Error("predictions became annotations")
	}
	bad := strings.Replace(withPredictions, `"score": 0.93`, `"score": 93`, 1)
	if _, err := Read([]byte(bad), "ls.json", formats.ImportOptions{}); err == nil || !strings.Contains(err.Error(), "outside 0-1") {
		t.Fatalf("score 93 accepted: %v", err)
	}
}
