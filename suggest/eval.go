package suggest

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/margin-app/margin/model"
)

// Score is precision, recall and F1 of one label or overall, with the
// counts they come from.
type Score struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TP        int     `json:"tp"`
	Predicted int     `json:"predicted"`
	Gold      int     `json:"gold"`
}

func (s *Score) finish() {
	if s.Predicted > 0 {
		s.Precision = float64(s.TP) / float64(s.Predicted)
	}
	if s.Gold > 0 {
		s.Recall = float64(s.TP) / float64(s.Gold)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// Evaluation is a recommender's quality on held-out documents: exact
// matches (same label and fragments; for document labels same set and
// value), micro-averaged overall.
type Evaluation struct {
	Documents int              `json:"documents"`
	Overall   Score            `json:"overall"`
	Labels    map[string]Score `json:"labels"`
	Note      string           `json:"note,omitempty"`
}

// Evaluate runs rec over the examples and compares its proposals with the
// examples' annotations and document labels.
func Evaluate(ctx context.Context, rec Recommender, examples []Example) (*Evaluation, error) {
	ev := &Evaluation{Documents: len(examples), Labels: map[string]Score{}}
	for _, ex := range examples {
		pred, err := rec.Predict(ctx, ex.Doc)
		if err != nil {
			return nil, fmt.Errorf("evaluate %s on document %d: %w", rec.Name(), ex.Doc.ID, err)
		}
		// A document classifier is measured on document labels, every
		// other recommender on spans.
		_, docLevel := rec.(*DocClassifier)
		gold := map[string]string{} // key -> label
		if !docLevel {
			for _, a := range ex.Annotations {
				gold[spanKey(a.Label, a.Fragments)] = a.Label
			}
		} else {
			for _, l := range ex.DocLabels {
				gold["doc\x00"+l.Set+"\x00"+l.Value] = l.Set + "=" + l.Value
			}
		}
		seen := map[string]bool{}
		for _, p := range pred {
			k, label := spanKey(p.Label, p.Fragments), p.Label
			if p.IsDocLabel() {
				k, label = "doc\x00"+p.Set+"\x00"+p.Label, p.Set+"="+p.Label
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			s := ev.Labels[label]
			s.Predicted++
			if _, ok := gold[k]; ok {
				s.TP++
			}
			ev.Labels[label] = s
		}
		for _, label := range gold {
			s := ev.Labels[label]
			s.Gold++
			ev.Labels[label] = s
		}
	}
	names := make([]string, 0, len(ev.Labels))
	for l := range ev.Labels {
		names = append(names, l)
	}
	sort.Strings(names)
	for _, l := range names {
		s := ev.Labels[l]
		s.finish()
		ev.Labels[l] = s
		ev.Overall.TP += s.TP
		ev.Overall.Predicted += s.Predicted
		ev.Overall.Gold += s.Gold
	}
	ev.Overall.finish()
	return ev, nil
}

func spanKey(label string, frags []model.Fragment) string {
	var b strings.Builder
	b.WriteString(label)
	for _, f := range frags {
		fmt.Fprintf(&b, "\x00%d-%d", f.Start, f.End)
	}
	return b.String()
}
