package suggest

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/conll"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
)

// conllExamples reads CoNLL-2003's training set (the only split in
// ../shared/realdata) as Margin imports it: documents with their own
// tokens in meta and the gold spans.
func conllExamples(t testing.TB) []Example {
	t.Helper()
	path := realdata.Path(t, "conll/conll2003-train.conll")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := conll.Read(f, path, formats.ImportOptions{Annotator: "gold"})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]Example, len(docs))
	for i, d := range docs {
		out[i] = Example{Doc: &model.Document{ID: int64(i + 1), Name: d.Doc.Name, Text: d.Doc.Text, Meta: d.Doc.Meta}, Annotations: d.Annotations}
	}
	return out
}

// splitConll holds out the last 20% of the documents: the tagger never
// sees them in training.
func splitConll(ex []Example) (train, test []Example) {
	cut := len(ex) * 8 / 10
	return ex[:cut], ex[cut:]
}

// TestSuggestTaggerConllF1 trains on the first 80% of CoNLL-2003's training
// documents and measures entity-level exact F1 on the last 20%.
func TestSuggestTaggerConllF1(t *testing.T) {
	ctx := context.Background()
	train, test := splitConll(conllExamples(t))
	tg := NewTagger("tagger")
	start := time.Now()
	if err := tg.Train(ctx, train, nil); err != nil {
		t.Fatal(err)
	}
	trainTime := time.Since(start)
	ev, err := Evaluate(ctx, tg, test)
	if err != nil {
		t.Fatal(err)
	}
	labels := make([]string, 0, len(ev.Labels))
	for l := range ev.Labels {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		s := ev.Labels[l]
		t.Logf("%-5s P %.3f R %.3f F1 %.3f (gold %d)", l, s.Precision, s.Recall, s.F1, s.Gold)
	}
	t.Logf("overall P %.3f R %.3f F1 %.3f; %d train docs, %d held out; trained in %s", ev.Overall.Precision, ev.Overall.Recall, ev.Overall.F1, len(train), len(test), trainTime)
	if ev.Overall.F1 < 0.80 {
		t.Fatalf("entity-level exact F1 %.3f on the held-out 20%% of CoNLL-2003 train, want >= 0.80", ev.Overall.F1)
	}
}
