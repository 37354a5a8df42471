package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/margin-app/margin/model"
)

// The suggestion side of a store (issue 16; on a server project issue
// 17): what both stores do alike when every call names the person it is
// for. A project file shares its suggestions between people; a server
// keeps each person's apart, which storage/postgres tests on its own.

// bulkAccepter is the "accept all ≥ score" of a store (one undo step).
type bulkAccepter interface {
	AcceptSuggestions(ctx context.Context, ids []int64, by string) ([]*model.Annotation, error)
}

func suggestionsOf(t *testing.T, s model.Store) model.SuggestionStore {
	t.Helper()
	ss, ok := s.(model.SuggestionStore)
	if !ok {
		t.Fatalf("%T keeps no suggestions", s)
	}
	return ss
}

func testSuggestAcceptIsOneUndoStepWithOrigin(t *testing.T, s model.Store) {
	ss := suggestionsOf(t, s)
	doc := importText(t, s, "article", Article)
	n, err := ss.AddSuggestions(ctx, model.SuggestionBatch{DocID: doc, Recommender: "tagger", Version: 2, For: "ana", Items: []model.Suggestion{
		{Label: "ACTOR", Fragments: []model.Fragment{span(Article, "Putin")}, Score: 0.9, Source: "perceptron"},
		{Label: "ACTOR", Fragments: []model.Fragment{span(Article, "Trump")}, Score: 0.4},
	}})
	if err != nil || n != 2 {
		t.Fatalf("AddSuggestions = %d, %v", n, err)
	}
	pend, err := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana"})
	if err != nil || len(pend) != 2 || pend[1].Text != "Putin" || pend[1].Version != 2 || pend[1].Status != model.SuggestionPending || pend[1].Source != "perceptron" {
		t.Fatalf("pending = %+v, %v", pend, err)
	}
	if one, err := ss.Suggestion(ctx, pend[1].ID); err != nil || one.Text != "Putin" || one.Score != 0.9 {
		t.Fatalf("Suggestion(%d) = %+v, %v", pend[1].ID, one, err)
	}
	if hi, _ := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana", MinScore: 0.5}); len(hi) != 1 || hi[0].Text != "Putin" {
		t.Fatalf("score ≥ 0.5: %+v", hi)
	}
	if byID, _ := ss.Suggestions(ctx, model.SuggestionQuery{For: "ana", IDs: []int64{pend[0].ID}}); len(byID) != 1 || byID[0].ID != pend[0].ID {
		t.Fatalf("by id: %+v", byID)
	}
	a, err := ss.AcceptSuggestion(ctx, pend[1].ID, "ana", model.AcceptOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := labels(t, s, doc, "ana"); got != "ana:ACTOR:Putin" {
		t.Fatalf("ana's layer after accept: %s", got)
	}
	o, err := ss.AnnotationOrigin(ctx, a.ID)
	if err != nil || o.Recommender != "tagger" || o.Score != 0.9 || o.Version != 2 || o.SuggestionID != pend[1].ID {
		t.Fatalf("origin = %+v, %v", o, err)
	}
	if _, err := ss.AcceptSuggestion(ctx, pend[1].ID, "ana", model.AcceptOptions{}); !errors.Is(err, model.ErrSuggestionDecided) {
		t.Fatalf("second accept: %v", err)
	}
	if pv, err := s.PreviewHistory(ctx, "ana", true); err != nil || pv == nil || len(pv.Effects) == 0 {
		t.Fatalf("preview of undoing an accept: %+v, %v", pv, err)
	}
	step, err := s.Undo(ctx, "ana")
	if err != nil || step == nil || step.Count != 1 {
		t.Fatalf("undo = %+v, %v", step, err)
	}
	if got := labels(t, s, doc, "ana"); got != "" {
		t.Fatalf("undo left %s", got)
	}
	if sg, _ := ss.Suggestion(ctx, pend[1].ID); sg == nil || sg.Status != model.SuggestionPending {
		t.Fatalf("after undo the suggestion is %+v, want pending", sg)
	}
	if _, err := ss.AnnotationOrigin(ctx, a.ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("origin of an undone accept: %v", err)
	}
	if _, err := s.Redo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if sg, _ := ss.Suggestion(ctx, pend[1].ID); sg.Status != model.SuggestionAccepted {
		t.Fatalf("after redo the suggestion is %s", sg.Status)
	}
	if _, err := ss.AnnotationOrigin(ctx, a.ID); err != nil {
		t.Fatalf("origin after redo: %v", err)
	}
	log, _ := ss.Decisions(ctx, doc)
	if len(log) != 1 || log[0].Action != model.DecisionAccepted || log[0].By != "ana" || log[0].AnnotationID != a.ID || log[0].Text != "Putin" {
		t.Fatalf("decision log = %+v", log)
	}
	// A correction: accepted under another label.
	if _, err := ss.AcceptSuggestion(ctx, pend[0].ID, "ana", model.AcceptOptions{Label: "EVENT"}); err != nil {
		t.Fatal(err)
	}
	log, _ = ss.Decisions(ctx, doc)
	if len(log) != 2 || log[1].Action != model.DecisionCorrected || log[1].NewLabel != "EVENT" || log[1].Label != "ACTOR" {
		t.Fatalf("correction logged as %+v", log)
	}
	if got := labels(t, s, doc, "ana"); got != "ana:EVENT:Trump, ana:ACTOR:Putin" {
		t.Fatalf("ana's layer: %s", got)
	}
	if left, _ := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana"}); len(left) != 0 {
		t.Fatalf("pending after both accepted: %+v", left)
	}
	if all, _ := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana", AnyStatus: true}); len(all) != 2 {
		t.Fatalf("any status: %+v", all)
	}
}

func testSuggestRejectedNeverComesBack(t *testing.T, s model.Store) {
	ss := suggestionsOf(t, s)
	text := "Kyiv and Kyiv again, and Odesa."
	doc := importText(t, s, "cities", text)
	batch := func() model.SuggestionBatch {
		return model.SuggestionBatch{DocID: doc, Recommender: "strings", For: "ana", Items: []model.Suggestion{
			{Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}, Score: 1},
			{Label: "ACTOR", Fragments: []model.Fragment{{Start: 9, End: 13}}, Score: 1},
			{Label: "ACTOR", Fragments: []model.Fragment{{Start: 25, End: 30}}, Score: 0.5},
		}}
	}
	if n, err := ss.AddSuggestions(ctx, batch()); err != nil || n != 3 {
		t.Fatalf("first run stored %d, %v", n, err)
	}
	pend, _ := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana"})
	if err := ss.RejectSuggestion(ctx, pend[0].ID, "ana"); err != nil {
		t.Fatal(err)
	}
	if err := ss.RejectSuggestion(ctx, pend[0].ID, "ana"); !errors.Is(err, model.ErrSuggestionDecided) {
		t.Fatalf("second reject: %v", err)
	}
	// Both "Kyiv" go, and a new run does not bring either back.
	if p, _ := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana"}); len(p) != 1 || p[0].Text != "Odesa" {
		t.Fatalf("after the reject: %+v", p)
	}
	if n, err := ss.AddSuggestions(ctx, batch()); err != nil || n != 1 {
		t.Fatalf("rerun stored %d, %v; want only Odesa", n, err)
	}
	// Undoing the reject lets them come back.
	if pv, err := s.PreviewHistory(ctx, "ana", true); err != nil || len(pv.Effects) != 1 {
		t.Fatalf("preview of undoing a reject: %+v, %v", pv, err)
	}
	if step, err := s.Undo(ctx, "ana"); err != nil || step == nil || step.Count != 1 {
		t.Fatalf("undo of a reject: %+v, %v", step, err)
	}
	if n, _ := ss.AddSuggestions(ctx, batch()); n != 3 {
		t.Fatalf("after undoing the reject the run stored %d, want 3", n)
	}
	// What ana's layer has is not proposed to her.
	if err := s.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 25, End: 30}}}}); err != nil {
		t.Fatal(err)
	}
	if n, _ := ss.AddSuggestions(ctx, batch()); n != 2 {
		t.Fatalf("with Odesa annotated the run stored %d, want 2", n)
	}
	// A proposal that does not fit the text is refused whole.
	bad := batch()
	bad.Items[1].Text = "Lviv"
	var inv *model.InvalidSuggestionError
	if _, err := ss.AddSuggestions(ctx, bad); !errors.As(err, &inv) {
		t.Fatalf("mismatched text: %v", err)
	}
	if p, _ := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana"}); len(p) != 2 {
		t.Fatalf("a refused batch changed the pending suggestions: %d", len(p))
	}
	// Accept all of a document: one undo step.
	b, ok := s.(bulkAccepter)
	if !ok {
		t.Fatalf("%T has no AcceptSuggestions", s)
	}
	p, _ := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana"})
	made, err := b.AcceptSuggestions(ctx, []int64{p[0].ID, p[1].ID}, "ana")
	if err != nil || len(made) != 2 {
		t.Fatalf("accept all: %d, %v", len(made), err)
	}
	if got := labels(t, s, doc, "ana"); got != "ana:ACTOR:Kyiv, ana:ACTOR:Kyiv, ana:ACTOR:Odesa" {
		t.Fatalf("after accept all: %s", got)
	}
	if step, err := s.Undo(ctx, "ana"); err != nil || step.Count != 2 {
		t.Fatalf("undo of accept all: %+v, %v", step, err)
	}
	if got := labels(t, s, doc, "ana"); got != "ana:ACTOR:Odesa" {
		t.Fatalf("after undoing accept all: %s", got)
	}
}

func testSuggestDocLabelAcceptUndoAndDecisionLog(t *testing.T, s model.Store) {
	ss := suggestionsOf(t, s)
	doc := importText(t, s, "article", Article)
	if _, err := ss.AddSuggestions(ctx, model.SuggestionBatch{DocID: doc, Recommender: "doclabel", For: "ana", Items: []model.Suggestion{
		{Set: "relevance", Label: "relevant", Score: 0.8},
		{Set: "relevance", Label: "other", Score: 2}, // refused: score outside 0-1
	}}); err == nil {
		t.Fatal("score 2 stored")
	}
	if _, err := ss.AddSuggestions(ctx, model.SuggestionBatch{DocID: doc, Recommender: "doclabel", For: "ana", Items: []model.Suggestion{{Set: "relevance", Label: "relevant", Score: 0.8}}}); err != nil {
		t.Fatal(err)
	}
	p, _ := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana"})
	if len(p) != 1 || !p[0].IsDocLabel() || len(p[0].Fragments) != 0 {
		t.Fatalf("document-label suggestion: %+v", p)
	}
	if err := ss.LogDecision(ctx, p[0].ID, model.DecisionShown, "ana"); err != nil {
		t.Fatal(err)
	}
	if err := ss.LogDecision(ctx, p[0].ID, model.DecisionAccepted, "ana"); err == nil {
		t.Fatal("accepted logged without accepting")
	}
	if a, err := ss.AcceptSuggestion(ctx, p[0].ID, "ana", model.AcceptOptions{}); err != nil || a != nil {
		t.Fatalf("accept a document label: %v %v", a, err)
	}
	if l, _ := s.DocLabels(ctx, doc); len(l) != 1 || l[0].Annotator != "ana" || l[0].Value != "relevant" {
		t.Fatalf("doc labels: %+v", l)
	}
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.DocLabels(ctx, doc); len(l) != 0 {
		t.Fatalf("undo left %+v", l)
	}
	log, _ := ss.Decisions(ctx, 0)
	if len(log) != 2 || log[0].Action != model.DecisionShown || log[1].Action != model.DecisionAccepted || log[1].By != "ana" {
		t.Fatalf("log: %+v", log)
	}
	// A proposal ana's layer has is not stored.
	if err := s.SetDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: "ana", Set: "relevance", Value: "irrelevant"}); err != nil {
		t.Fatal(err)
	}
	if n, err := ss.AddSuggestions(ctx, model.SuggestionBatch{DocID: doc, Recommender: "doclabel", For: "ana", Items: []model.Suggestion{{Set: "relevance", Label: "irrelevant", Score: 0.7}}}); err != nil || n != 0 {
		t.Fatalf("a label the layer has was stored: %d, %v", n, err)
	}
}

func testSuggestModelsAndSettings(t *testing.T, s model.Store) {
	ss := suggestionsOf(t, s)
	if _, err := ss.LatestModel(ctx, "tagger"); !errors.Is(err, model.ErrNoModel) {
		t.Fatalf("no model yet: %v", err)
	}
	for i := 0; i < 2; i++ {
		m := &model.RecommenderModel{Recommender: "tagger", Kind: "tagger", Data: []byte{byte(i), 0, 1}, Evaluation: []byte(`{"f1":0.5}`), TrainedOn: "ana,bob", Annotations: 10 + i}
		if err := ss.SaveModel(ctx, m); err != nil {
			t.Fatal(err)
		}
		if m.Version != i+1 {
			t.Fatalf("saved as version %d, want %d", m.Version, i+1)
		}
	}
	m, err := ss.LatestModel(ctx, "tagger")
	if err != nil || m.Version != 2 || m.Data[0] != 1 || m.TrainedOn != "ana,bob" || m.Annotations != 11 || string(m.Evaluation) != `{"f1":0.5}` {
		t.Fatalf("latest = %+v, %v", m, err)
	}
	ms, err := ss.Models(ctx, "tagger")
	if err != nil || len(ms) != 2 || ms[0].Version != 1 || ms[1].Version != 2 || ms[0].Data != nil {
		t.Fatalf("models = %+v, %v", ms, err)
	}
	if st, err := ss.RecommenderSettings(ctx, "tagger"); err != nil || !st.Enabled || st.Threshold != 0 {
		t.Fatalf("default settings = %+v, %v", st, err)
	}
	if err := ss.SetRecommenderSettings(ctx, model.RecommenderSettings{Name: "tagger", Threshold: 0.7}); err != nil {
		t.Fatal(err)
	}
	if st, _ := ss.RecommenderSettings(ctx, "tagger"); st.Threshold != 0.7 || st.Enabled {
		t.Fatalf("settings = %+v", st)
	}
	if err := ss.SetRecommenderSettings(ctx, model.RecommenderSettings{Name: "tagger", Threshold: 1.5}); err == nil {
		t.Fatal("threshold 1.5 stored")
	}
	lister, ok := s.(interface {
		Recommenders(context.Context) ([]string, error)
	})
	if !ok {
		t.Fatalf("%T names no recommenders", s)
	}
	if names, err := lister.Recommenders(ctx); err != nil || len(names) != 1 || names[0] != "tagger" {
		t.Fatalf("recommenders = %v, %v", names, err)
	}
}

// testSuggestImported: suggestions an import brings (Label Studio's
// predictions, import --as-suggestions) are stored with the documents, as
// the importing person's, in the import's transaction.
func testSuggestImported(t *testing.T, s model.Store) {
	ss := suggestionsOf(t, s)
	in := []model.DocumentImport{{Doc: model.NewDocument{Name: "article", Text: Article}, Suggestions: []model.Suggestion{
		{Recommender: "label-studio", Label: "ACTOR", Fragments: []model.Fragment{span(Article, "Putin")}, Score: 0.7, Source: "imported"},
		{Recommender: "label-studio", Set: "relevance", Label: "relevant", Score: 1},
	}}}
	res, err := s.Import(ctx, in, nil, "ana")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ss.Suggestions(ctx, model.SuggestionQuery{DocID: res[0].DocID, For: "ana"})
	if err != nil || len(got) != 2 || got[1].Text != "Putin" || got[1].Recommender != "label-studio" || got[0].Set != "relevance" {
		t.Fatalf("imported suggestions: %+v, %v", got, err)
	}
	// A suggestion that does not fit its text makes the whole import fail.
	bad := []model.DocumentImport{{Doc: model.NewDocument{Name: "other", Text: "Another text entirely."}, Suggestions: []model.Suggestion{
		{Recommender: "label-studio", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 7}}, Text: "Nothing", Score: 0.5},
	}}}
	if _, err := s.Import(ctx, bad, nil, "ana"); err == nil {
		t.Fatal("a suggestion that does not fit its text was imported")
	}
	if docs, _ := s.Documents(ctx); len(docs) != 1 {
		t.Fatalf("a failed import left %d documents", len(docs))
	}
}

// testSuggestSameSpanTwice: two recommenders propose the same span and
// label; accepting both makes one annotation (the second accept marks its
// proposal taken), in one bulk accept too; undoing the second leaves the
// first's annotation (the walk: spans doubled and tripled).
func testSuggestSameSpanTwice(t *testing.T, s model.Store) {
	ss := suggestionsOf(t, s)
	doc := importText(t, s, "article", Article)
	for _, rec := range []string{"tagger", "strings", "llm"} {
		if _, err := ss.AddSuggestions(ctx, model.SuggestionBatch{DocID: doc, Recommender: rec, For: "ana", Items: []model.Suggestion{
			{Label: "ACTOR", Fragments: []model.Fragment{span(Article, "Putin")}, Score: 0.9},
			{Label: "ACTOR", Fragments: []model.Fragment{span(Article, "Trump")}, Score: 0.8},
		}}); err != nil {
			t.Fatal(err)
		}
	}
	byRec := map[string][]model.Suggestion{}
	all, _ := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana"})
	for _, sg := range all {
		byRec[sg.Recommender] = append(byRec[sg.Recommender], sg)
	}
	putin := func(rec string) int64 {
		for _, sg := range byRec[rec] {
			if sg.Text == "Putin" {
				return sg.ID
			}
		}
		t.Fatalf("no Putin of %s in %+v", rec, byRec)
		return 0
	}
	a, err := ss.AcceptSuggestion(ctx, putin("tagger"), "ana", model.AcceptOptions{})
	if err != nil || a == nil {
		t.Fatalf("first accept: %v %v", a, err)
	}
	if b, err := ss.AcceptSuggestion(ctx, putin("strings"), "ana", model.AcceptOptions{}); err != nil || b != nil {
		t.Fatalf("second accept of the same span made %+v, %v", b, err)
	}
	if got := labels(t, s, doc, "ana"); got != "ana:ACTOR:Putin" {
		t.Fatalf("ana's layer: %s", got)
	}
	log, _ := ss.Decisions(ctx, doc)
	if len(log) != 2 || log[1].Action != model.DecisionAccepted || log[1].AnnotationID != a.ID {
		t.Fatalf("decision log: %+v", log)
	}
	if step, err := s.Undo(ctx, "ana"); err != nil || step == nil {
		t.Fatalf("undo of the second accept: %+v %v", step, err)
	}
	if got := labels(t, s, doc, "ana"); got != "ana:ACTOR:Putin" {
		t.Fatalf("undoing the second accept took the first's span: %s", got)
	}
	if sg, _ := ss.Suggestion(ctx, putin("strings")); sg.Status != model.SuggestionPending {
		t.Fatalf("the second is %s after its undo", sg.Status)
	}
	// All three Trumps at once: one span.
	var trumps []int64
	for _, rec := range []string{"tagger", "strings", "llm"} {
		for _, sg := range byRec[rec] {
			if sg.Text == "Trump" {
				trumps = append(trumps, sg.ID)
			}
		}
	}
	made, err := s.(bulkAccepter).AcceptSuggestions(ctx, trumps, "ana")
	if err != nil || len(made) != 1 {
		t.Fatalf("accepting three proposals of one span made %d, %v", len(made), err)
	}
	if got := labels(t, s, doc, "ana"); got != "ana:ACTOR:Trump, ana:ACTOR:Putin" {
		t.Fatalf("ana's layer: %s", got)
	}
}

// testSuggestRejectManyIsOneStep: rejecting several at once is one undo
// step, an id an earlier reject took with it passed over.
func testSuggestRejectManyIsOneStep(t *testing.T, s model.Store) {
	ss := suggestionsOf(t, s)
	b, ok := s.(interface {
		RejectSuggestions(ctx context.Context, ids []int64, by string) (int, error)
	})
	if !ok {
		t.Fatalf("%T has no RejectSuggestions", s)
	}
	text := "Kyiv and Kyiv again, and Odesa."
	doc := importText(t, s, "cities", text)
	if _, err := ss.AddSuggestions(ctx, model.SuggestionBatch{DocID: doc, Recommender: "strings", For: "ana", Items: []model.Suggestion{
		{Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}, Score: 1},
		{Label: "ACTOR", Fragments: []model.Fragment{{Start: 9, End: 13}}, Score: 1},
		{Label: "ACTOR", Fragments: []model.Fragment{{Start: 25, End: 30}}, Score: 0.5},
	}}); err != nil {
		t.Fatal(err)
	}
	p, _ := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana"})
	n, err := b.RejectSuggestions(ctx, []int64{p[0].ID, p[1].ID, p[2].ID}, "ana")
	if err != nil || n != 2 { // the second Kyiv went with the first
		t.Fatalf("reject three: %d, %v", n, err)
	}
	if left, _ := ss.Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ana"}); len(left) != 0 {
		t.Fatalf("pending after the rejects: %+v", left)
	}
	if step, err := s.Undo(ctx, "ana"); err != nil || step == nil || step.Count != 2 {
		t.Fatalf("undo of the rejects: %+v, %v", step, err)
	}
	for _, id := range []int64{p[0].ID, p[2].ID} {
		if sg, _ := ss.Suggestion(ctx, id); sg.Status != model.SuggestionPending {
			t.Fatalf("suggestion %d is %s after one undo", id, sg.Status)
		}
	}
}
