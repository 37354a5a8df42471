package suggest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/margin-app/margin/model"
)

// TestSuggestServiceOnAProject trains, runs, gates and queues through a
// real project file, as the window will.
func TestSuggestServiceOnAProject(t *testing.T) {
	ctx := context.Background()
	db := newProjectFile(t)
	var docs []model.DocumentImport
	for i := 0; i < 10; i++ {
		text := fmt.Sprintf("Report %d: shelling near Kyiv and Odesa.", i)
		di := model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("d", i), Text: text}}
		if i < 5 { // half annotated by ana
			di.Annotations = []model.Annotation{{Annotator: "ana", Label: "LOC", Fragments: []model.Fragment{{Start: 24, End: 28}}}}
		}
		docs = append(docs, di)
	}
	if _, err := db.ImportDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if due, err := NeedsRetrain(ctx, db, "strings", 3); err != nil || !due {
		t.Fatalf("never trained: due %v, %v", due, err)
	}
	var progress []int
	res, err := Train(ctx, db, TrainOptions{Kind: KindStrings, From: []string{"ana"}, By: "ana", Progress: func(d, total int) { progress = append(progress, d) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != 1 || res.Documents != 5 || res.HeldOut != 1 || res.Evaluation == nil || res.Evaluation.Overall.F1 != 1 || res.Annotations != 5 {
		t.Fatalf("train: %+v %+v", res, res.Evaluation)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 100 {
		t.Fatalf("progress: %v", progress)
	}
	if due, _ := NeedsRetrain(ctx, db, "strings", 3); due {
		t.Fatal("due right after training")
	}
	rec, m, err := Load(ctx, db, "strings")
	if err != nil || m.Version != 1 {
		t.Fatal(err)
	}
	run, err := Run(ctx, db, rec, RunOptions{For: "ana", Version: m.Version})
	if err != nil || run.Documents != 10 || run.Suggestions != 5 {
		t.Fatalf("run: %+v %v", run, err)
	}
	// Accepting three makes ana's layer grow by three: due with every=3.
	q, err := Queue(ctx, db, "", 3)
	if err != nil || len(q) != 3 {
		t.Fatalf("queue: %+v %v", q, err)
	}
	for _, s := range q {
		if _, err := db.AcceptSuggestion(ctx, s.ID, "ana", model.AcceptOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if due, _ := NeedsRetrain(ctx, db, "strings", 3); !due {
		t.Fatal("not due after three accepted suggestions")
	}
	// The threshold gate.
	ev, _ := StoredEvaluation(m)
	if err := Gate(ctx, db, "strings", ev); err != nil {
		t.Fatal(err)
	}
	db.SetRecommenderSettings(ctx, model.RecommenderSettings{Name: "strings", Enabled: true, Threshold: 0.5})
	var below *BelowThresholdError
	if err := Gate(ctx, db, "strings", &Evaluation{Overall: Score{F1: 0.4}}); !errors.As(err, &below) {
		t.Fatalf("gate below threshold: %v", err)
	}
	if _, err := Train(ctx, db, TrainOptions{Kind: KindStrings, From: []string{"ana"}}); err != nil {
		t.Fatal(err)
	}
	if ms, _ := db.Models(ctx, "strings"); len(ms) != 2 || ms[1].Version != 2 || ms[1].Annotations != 8 {
		t.Fatalf("learning curve: %+v", ms)
	}
}

func TestSuggestQueueMostUncertainFirst(t *testing.T) {
	ctx := context.Background()
	db := newProjectFile(t)
	res, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "a", Text: "one two three four"}}})
	if err != nil {
		t.Fatal(err)
	}
	items := []model.Suggestion{}
	for i, score := range []float64{0.95, 0.55, 0.1, 0.4} {
		items = append(items, model.Suggestion{Label: "X", Fragments: []model.Fragment{{Start: i * 4, End: i*4 + 3}}, Score: score})
	}
	items[1].Fragments[0] = model.Fragment{Start: 4, End: 7}
	items[2].Fragments[0] = model.Fragment{Start: 8, End: 13}
	items[3].Fragments[0] = model.Fragment{Start: 14, End: 18}
	if _, err := db.AddSuggestions(ctx, model.SuggestionBatch{DocID: res[0].DocID, Recommender: "r", Items: items}); err != nil {
		t.Fatal(err)
	}
	q, _ := Queue(ctx, db, "r", 0)
	var got []float64
	for _, s := range q {
		got = append(got, s.Score)
	}
	if fmt.Sprint(got) != "[0.55 0.4 0.1 0.95]" {
		t.Fatalf("queue order by uncertainty: %v", got)
	}
}
