package suggest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
)

func doc(id int64, text string) *model.Document { return &model.Document{ID: id, Text: text} }

func ann(label string, s, e int) model.Annotation {
	return model.Annotation{Label: label, Fragments: []model.Fragment{{Start: s, End: e}}}
}

func TestSuggestStringMatcherScoresByLabelShare(t *testing.T) {
	ctx := context.Background()
	text := "Apple sued Apple. Apple sells Apple pie."
	m := NewStringMatcher("strings")
	err := m.Train(ctx, []Example{{Doc: doc(1, text), Annotations: []model.Annotation{ann("ORG", 0, 5), ann("ORG", 11, 16), ann("ORG", 18, 23), ann("PRODUCT", 30, 35)}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Predict(ctx, doc(2, "Apple and pineapple"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("want ORG and PRODUCT on Apple only, got %+v", got)
	}
	for _, s := range got {
		want := map[string]float64{"ORG": 0.75, "PRODUCT": 0.25}[s.Label]
		if s.Score != want || s.Start() != 0 || s.End() != 5 {
			t.Errorf("%+v: want score %v at 0-5", s, want)
		}
	}
	data, _ := m.Marshal()
	back, err := LoadStringMatcher("strings", data)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := back.Predict(ctx, doc(2, "Apple and pineapple")); len(again) != 2 {
		t.Fatalf("reloaded matcher: %+v", again)
	}
}

func TestSuggestTaggerLearnsRoundTripsAndCancels(t *testing.T) {
	ctx := context.Background()
	var ex []Example
	names := []string{"Kyiv", "Odesa", "Lviv", "Kharkiv", "Dnipro"}
	for i, n := range names {
		text := "Shelling hit " + n + " on Monday ."
		ex = append(ex, Example{Doc: doc(int64(i+1), text), Annotations: []model.Annotation{ann("LOC", 13, 13+len(n))}})
	}
	tg := NewTagger("tagger")
	var calls int
	if err := tg.Train(ctx, ex, func(done, total int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Error("no progress reported")
	}
	probe := doc(9, "Shelling hit Kherson on Monday .")
	got, err := tg.Predict(ctx, probe)
	if err != nil || len(got) != 1 || got[0].Label != "LOC" || got[0].Start() != 13 || got[0].End() != 20 {
		t.Fatalf("predict: %+v %v", got, err)
	}
	if got[0].Score <= 0 || got[0].Score > 1 {
		t.Fatalf("score %v", got[0].Score)
	}
	data, err := tg.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadTagger("tagger", data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.Predict(ctx, probe)
	if len(again) != 1 || again[0].Score != got[0].Score || again[0].Start() != got[0].Start() || again[0].End() != got[0].End() {
		t.Fatalf("reloaded tagger predicts %+v, want %+v", again, got)
	}
	if _, err := LoadTagger("tagger", data[:len(data)/2]); err == nil {
		t.Fatal("a truncated model loaded")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := NewTagger("t").Train(cctx, ex, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled training: %v", err)
	}
	if _, err := NewTagger("t").Predict(ctx, probe); !errors.Is(err, ErrNotTrained) {
		t.Fatalf("untrained: %v", err)
	}
}

func TestSuggestDocClassifier(t *testing.T) {
	ctx := context.Background()
	var ex []Example
	for i := 0; i < 4; i++ {
		ex = append(ex,
			Example{Doc: doc(int64(2*i+1), "ceasefire truce talks shelling"), DocLabels: []model.DocLabel{{Set: "relevance", Value: "yes"}}},
			Example{Doc: doc(int64(2*i+2), "football goal match striker"), DocLabels: []model.DocLabel{{Set: "relevance", Value: "no"}}})
	}
	c := NewDocClassifier("doclabel")
	if err := c.Train(ctx, ex, nil); err != nil {
		t.Fatal(err)
	}
	ev, err := Evaluate(ctx, c, ex)
	if err != nil || ev.Overall.F1 != 1 {
		t.Fatalf("evaluation on the training documents: %+v %v", ev, err)
	}
	got, _ := c.Predict(ctx, doc(20, "more shelling despite the truce"))
	if len(got) != 1 || got[0].Set != "relevance" || got[0].Label != "yes" || got[0].Score <= 0.5 {
		t.Fatalf("predict: %+v", got)
	}
}

func TestSuggestReadPredictedXMIConvertsUTF16(t *testing.T) {
	// A CAS as dkpro-cassis writes it: the layer's namespace from its
	// package, the score feature beside the value.
	x := `<?xml version="1.0" encoding="UTF-8"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:type2="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore" xmi:version="2.0">
<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="😀 Kyiv"/>
<type2:NamedEntity xmi:id="5" sofa="1" begin="3" end="7" value="LOC" value_score="0.25" inception_internal_predicted="true"/>
<type2:NamedEntity xmi:id="6" sofa="1" begin="0" end="2" value="MISC"/>
</xmi:XMI>`
	preds, err := readPredictedXMI(x, defaultLayer, "value")
	if err != nil || len(preds) != 1 || preds[0].label != "LOC" || preds[0].score != 0.25 {
		t.Fatalf("only the marked prediction: %+v %v", preds, err)
	}
	if _, err := readPredictedXMI("<xmi:XMI><broken", defaultLayer, "value"); err == nil {
		t.Fatal("broken XMI read")
	}
	// What casXMI writes reads back: offsets in UTF-16 units.
	d := doc(1, "😀 Kyiv")
	out := casXMI(d, []model.Annotation{ann("LOC", 2, 6)}, defaultLayer, "value")
	back, err := readPredictedXMI(out, defaultLayer, "value")
	if err != nil || len(back) != 1 || back[0].begin != 3 || back[0].end != 7 {
		t.Fatalf("round trip: %+v %v\n%s", back, err, out)
	}
}

func TestSuggestLLMAnswerParsingAndChunks(t *testing.T) {
	for _, a := range []string{
		"```json\n{\"spans\": [{\"text\": \"Kyiv\", \"label\": \"LOC\"}]}\n```",
		"Here you are: [{\"text\": \"Kyiv\", \"label\": \"LOC\"}]",
	} {
		s, err := parseSpans(a)
		if err != nil || len(s) != 1 || s[0].Text != "Kyiv" {
			t.Errorf("%q: %+v %v", a, s, err)
		}
	}
	if _, err := parseSpans("I cannot help with that."); err == nil {
		t.Error("prose parsed as spans")
	}
	text := strings.Repeat("é line\n", 3000)
	cs := chunks(text, 1000)
	rebuilt, cp := "", 0
	for _, c := range cs {
		if c.start != cp || len(c.text) > 1000 {
			t.Fatalf("chunk at %d (want %d), %d bytes", c.start, cp, len(c.text))
		}
		rebuilt += c.text
		cp += len([]rune(c.text))
	}
	if rebuilt != text {
		t.Fatal("chunks do not rebuild the text")
	}
	if got := occurrences("Kyiv, Kyivans and Kyiv", "Kyiv"); len(got) != 2 || got[1] != 18 {
		t.Fatalf("occurrences: %v", got)
	}
}

func TestSuggestExternalServerAnswers(t *testing.T) {
	ctx := context.Background()
	status := http.StatusTooManyRequests
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		io.WriteString(w, "still training\n")
	}))
	defer ts.Close()
	ext := NewExternal("external", ts.URL)
	ex := []Example{{Doc: doc(1, "Kyiv"), Annotations: []model.Annotation{ann("LOC", 0, 4)}}}
	if err := ext.Train(ctx, ex, nil); !errors.Is(err, ErrServerBusy) {
		t.Fatalf("429: %v", err)
	}
	status = http.StatusInternalServerError
	var se *ServerError
	if _, err := ext.Predict(ctx, doc(1, "Kyiv")); !errors.As(err, &se) || se.Status != 500 || se.Body != "still training" {
		t.Fatalf("500: %v", err)
	}
	if _, err := NewTrainable("bogus", "x"); err == nil || !strings.Contains(err.Error(), "unknown recommender") {
		t.Fatalf("unknown kind: %v", err)
	}
}
