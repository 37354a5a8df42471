package labelstudio

import (
	"encoding/json"
	"fmt"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// A task's "predictions" are what a Label Studio ML backend proposed:
//
//	{"model_version": "ner-v3", "score": 0.8,
//	 "result": [{"from_name": "label", "to_name": "text", "type": "labels",
//	             "value": {"start": 0, "end": 5, "text": "Kyiv ", "labels": ["LOC"]},
//	             "score": 0.93}]}
//
// They become a suggestion layer (issue 16), not annotations: the layer
// is named "labelstudio" plus the model version when there is one, and a
// region's score is its own, else the prediction's, else 1. Labels
// regions become span suggestions and task-level choices document-label
// suggestions; other result types are counted and skipped.
type prediction struct {
	ModelVersion json.RawMessage `json:"model_version"`
	Score        *float64        `json:"score"`
	Result       []predResult    `json:"result"`
}

type predResult struct {
	result
	Score *float64 `json:"score"`
}

func readPredictions(raw []json.RawMessage, ix *model.TextIndex, warn *formats.Counter) ([]model.Suggestion, error) {
	var out []model.Suggestion
	for pi, r := range raw {
		var p prediction
		if err := json.Unmarshal(r, &p); err != nil {
			return nil, fmt.Errorf("prediction %d: %w", pi, err)
		}
		name := "labelstudio"
		var version string
		if len(p.ModelVersion) > 0 && json.Unmarshal(p.ModelVersion, &version) != nil {
			version = string(p.ModelVersion) // a number
		}
		if version != "" && version != "null" {
			name += ":" + version
		}
		for ri, res := range p.Result {
			score := 1.0
			switch {
			case res.Score != nil:
				score = *res.Score
			case p.Score != nil:
				score = *p.Score
			}
			if !(score >= 0 && score <= 1) {
				return nil, fmt.Errorf("prediction %d, result %d: score %v is outside 0-1", pi, ri, score)
			}
			switch res.Type {
			case "labels":
				var v spanValue
				if err := json.Unmarshal(res.Value, &v); err != nil || v.Start == nil || v.End == nil {
					return nil, fmt.Errorf("prediction %d, result %d: labels value needs integer start and end", pi, ri)
				}
				frag, err := formats.Span(*v.Start, *v.End, ix.Len())
				if err != nil {
					return nil, fmt.Errorf("prediction %d, result %d: %w", pi, ri, err)
				}
				if v.Text != nil && ix.Slice(frag.Start, frag.End) != *v.Text {
					return nil, fmt.Errorf("prediction %d, result %d: value.text %q but the text has %q at %d-%d", pi, ri, *v.Text, ix.Slice(frag.Start, frag.End), frag.Start, frag.End)
				}
				for _, l := range v.Labels {
					out = append(out, model.Suggestion{Recommender: name, Label: l, Fragments: []model.Fragment{frag}, Score: score, Source: "Label Studio prediction " + version})
				}
			case "choices":
				var v choicesValue
				if err := json.Unmarshal(res.Value, &v); err != nil {
					return nil, fmt.Errorf("prediction %d, result %d: choices value: %w", pi, ri, err)
				}
				for _, c := range v.Choices {
					out = append(out, model.Suggestion{Recommender: name, Set: res.FromName, Label: c, Score: score, Source: "Label Studio prediction " + version})
				}
			default:
				warn.Add(fmt.Sprintf("prediction results of type %q skipped", res.Type), 1)
			}
		}
	}
	return out, nil
}
