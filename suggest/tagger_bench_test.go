package suggest

import (
	"context"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
)

func tokenCount(ex []Example) int {
	n := 0
	for _, e := range ex {
		for _, s := range sentences(e.Doc) {
			n += len(s.words)
		}
	}
	return n
}

// BenchmarkTaggerTrainConll trains on the whole CoNLL-2003 training file
// (the time the issue bounds: < 60 s for ~200k tokens).
func BenchmarkTaggerTrainConll(b *testing.B) {
	ex := conllExamples(b)
	tokens := tokenCount(ex)
	b.ResetTimer()
	var tg *Tagger
	for i := 0; i < b.N; i++ {
		tg = NewTagger("tagger")
		if err := tg.Train(context.Background(), ex, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	data, err := tg.Marshal()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(tokens), "tokens")
	b.ReportMetric(float64(len(data)), "model_bytes")
}

// megabyteDocument is held-out CoNLL text repeated to 1 MB, without the
// CoNLL tokens (so tokenizing is part of the cost, as for an imported
// article).
func megabyteDocument(test []Example) *model.Document {
	var b strings.Builder
	for b.Len() < 1<<20 {
		for _, e := range test {
			b.WriteString(e.Doc.Text)
			b.WriteString("\n\n")
			if b.Len() >= 1<<20 {
				break
			}
		}
	}
	return &model.Document{ID: 1, Text: b.String()}
}

// BenchmarkTaggerPredict1MB suggests for a 1 MB document (bound: < 1 s).
func BenchmarkTaggerPredict1MB(b *testing.B) {
	train, test := splitConll(conllExamples(b))
	tg := NewTagger("tagger")
	if err := tg.Train(context.Background(), train, nil); err != nil {
		b.Fatal(err)
	}
	doc := megabyteDocument(test)
	b.SetBytes(int64(len(doc.Text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := tg.Predict(context.Background(), doc)
		if err != nil || len(s) == 0 {
			b.Fatal(err, len(s))
		}
	}
}
