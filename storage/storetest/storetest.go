// Package storetest is the one behavioural test suite of model.Store: the
// SQLite store (package storage) and the PostgreSQL store (package
// storage/postgres) both run it, so that the window, the command line and
// the formats can rely on the same semantics from either.
package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/margin-app/margin/model"
)

// Open makes a new, empty project for one test (cleaned up by the test).
type Open func(t *testing.T) model.Store

// Article is the text the suite annotates: code points beyond the BMP and
// a combining sequence, so byte and code-point offsets differ.
const Article = "The White House said Trump and Putin agreed to an “infrastructure and energy ceasefire” and talks 👍🏽."

const schemaTOML = `allow_overlap = true

[[labels]]
name = "ACTOR"
color = "#1f77b4"

[[labels]]
name = "CLAIM"
color = "#ff7f0e"

[[labels]]
name = "EVENT"
color = "#2ca02c"

[[relations]]
name = "claimed_by"
from = ["CLAIM"]
to = ["ACTOR"]

[[doc_label_sets]]
name = "relevance"
values = ["relevant", "irrelevant"]
multiple = false
`

// Run runs every test of the suite against stores made by open.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s model.Store)
	}{
		{"SchemaVersions", testSchemaVersions},
		{"ImportReusesSameText", testImportReusesSameText},
		{"ImportIsAllOrNothing", testImportIsAllOrNothing},
		{"ImportSkipsPresentIDs", testImportSkipsPresentIDs},
		{"ImportUndoRedo", testImportUndoRedo},
		{"AnnotationLifecycle", testAnnotationLifecycle},
		{"StaleUpdateRefused", testStaleUpdateRefused},
		{"UndoIsPerPerson", testUndoIsPerPerson},
		{"UndoRefusesChangedSince", testUndoRefusesChangedSince},
		{"OtherLayerRefused", testOtherLayerRefused},
		{"RelationsCascadeAndUndo", testRelationsCascadeAndUndo},
		{"DocLabelsReplaceAndUndo", testDocLabelsReplaceAndUndo},
		{"Statuses", testStatuses},
		{"LayerCounts", testLayerCounts},
		{"CurateAndUndo", testCurateAndUndo},
		{"CurateAllOneStep", testCurateAllOneStep},
		{"ChangeSchemaRenameAndUndo", testChangeSchemaRenameAndUndo},
		{"ChangeSchemaRefusesLabelsInUse", testChangeSchemaRefusesLabelsInUse},
		{"ChangeSchemaSwapForceAndRedo", testChangeSchemaSwapForceAndRedo},
		{"CurateRefusalsRejectAndRedo", testCurateRefusalsRejectAndRedo},
		{"RelationUndoRedo", testRelationUndoRedo},
		{"PreviewAndStepHistory", testPreviewAndStepHistory},
		{"CheckClean", testCheckClean},
		{"AnnotationsTable", testAnnotationsTable},
		{"SearchAcrossDocuments", testSearchAcrossDocuments},
		{"LabelCountsAndProgress", testLabelCountsAndProgress},
		{"ImportUpdates", testImportUpdates},
		{"TransferBothWays", testTransferBothWays},
		{"AssignmentsOfAFreshProject", testAssignmentsOfAFreshProject},
		{"ReadForAgreement", testReadForAgreement},
		{"SuggestAcceptIsOneUndoStepWithOrigin", testSuggestAcceptIsOneUndoStepWithOrigin},
		{"SuggestRejectedNeverComesBack", testSuggestRejectedNeverComesBack},
		{"SuggestDocLabelAcceptUndoAndDecisionLog", testSuggestDocLabelAcceptUndoAndDecisionLog},
		{"SuggestModelsAndSettings", testSuggestModelsAndSettings},
		{"SuggestImported", testSuggestImported},
		{"SuggestSameSpanTwice", testSuggestSameSpanTwice},
		{"SuggestRejectManyIsOneStep", testSuggestRejectManyIsOneStep},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			sc, err := model.ParseSchema([]byte(schemaTOML))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetSchema(context.Background(), sc, "lead"); err != nil {
				t.Fatal(err)
			}
			tc.fn(t, s)
		})
	}
}

var ctx = context.Background()

// span is the code-point range of the first sub in text.
func span(text, sub string) model.Fragment {
	i := strings.Index(text, sub)
	if i < 0 {
		panic("no " + sub)
	}
	s := utf8.RuneCountInString(text[:i])
	return model.Fragment{Start: s, End: s + utf8.RuneCountInString(sub)}
}

func importText(t *testing.T, s model.Store, name, text string) int64 {
	t.Helper()
	res, err := s.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: name, Text: text}}})
	if err != nil {
		t.Fatal(err)
	}
	return res[0].DocID
}

func annotate(t *testing.T, s model.Store, doc int64, who, label, sub string) *model.Annotation {
	t.Helper()
	a := &model.Annotation{DocID: doc, Annotator: who, Label: label, Fragments: []model.Fragment{span(Article, sub)}}
	if err := s.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	return a
}

func labels(t *testing.T, s model.Store, doc int64, who string) string {
	t.Helper()
	anns, err := s.Annotations(ctx, doc, who)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range anns {
		out = append(out, a.Annotator+":"+a.Label+":"+a.Text)
	}
	return strings.Join(out, ", ")
}

func testSchemaVersions(t *testing.T, s model.Store) {
	sc, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sc.Label("CLAIM"); !ok || len(sc.Labels) != 3 {
		t.Fatalf("schema read back: %+v", sc.Labels)
	}
	sc.Labels = sc.Labels[:2]
	if err := s.SetSchema(ctx, sc, "lead"); err != nil {
		t.Fatal(err)
	}
	again, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := again.Label("EVENT"); ok || len(again.Labels) != 2 {
		t.Fatalf("the newest schema is not in force: %+v", again.Labels)
	}
}

func testImportReusesSameText(t *testing.T, s model.Store) {
	res, err := s.ImportDocuments(ctx, []model.DocumentImport{
		{Doc: model.NewDocument{Name: "a", Text: Article, Source: "a.txt", Meta: []byte(`{"k":1}`)}},
		{Doc: model.NewDocument{Name: "b", Text: Article}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Reused || !res[1].Reused || res[0].DocID != res[1].DocID {
		t.Fatalf("results %+v", res)
	}
	docs, err := s.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].Name != "a" || docs[0].Length != utf8.RuneCountInString(Article) || docs[0].SHA256 != model.TextSHA256(Article) {
		t.Fatalf("documents %+v", docs)
	}
	d, err := s.Document(ctx, res[0].DocID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != Article || d.Source != "a.txt" || string(d.Meta) != `{"k":1}` || d.CreatedAt.IsZero() {
		t.Fatalf("document %+v", d)
	}
	if _, err := s.Document(ctx, res[0].DocID+100); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("missing document: %v", err)
	}
}

func testImportIsAllOrNothing(t *testing.T, s model.Store) {
	good := model.DocumentImport{Doc: model.NewDocument{Name: "good", Text: "Alpha beta."},
		Annotations: []model.Annotation{{Annotator: "ann", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 5}}}}}
	bad := model.DocumentImport{Doc: model.NewDocument{Name: "bad", Text: "Gamma."},
		Annotations: []model.Annotation{{Annotator: "ann", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 5}}, Text: "Delta"}}}
	_, err := s.ImportDocuments(ctx, []model.DocumentImport{good, bad})
	var mismatch *model.TextMismatchError
	if !errors.As(err, &mismatch) || !strings.Contains(err.Error(), `"bad"`) {
		t.Fatalf("want a text mismatch naming the document, got %v", err)
	}
	docs, err := s.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 0 {
		t.Fatalf("a failed import left %d documents", len(docs))
	}
	if p, err := s.PreviewHistory(ctx, "ann", true); err != nil || p != nil {
		t.Fatalf("a failed import left history: %+v %v", p, err)
	}
}

func testImportSkipsPresentIDs(t *testing.T, s model.Store) {
	in := func() []model.DocumentImport {
		return []model.DocumentImport{{Doc: model.NewDocument{Name: "a", Text: Article},
			Annotations: []model.Annotation{
				{ID: "T1", Annotator: "ann", Label: "ACTOR", Fragments: []model.Fragment{span(Article, "Trump")}, Attributes: map[string]any{"role": "speaker"}},
				{ID: "T2", Annotator: "bob", Label: "CLAIM", Fragments: []model.Fragment{span(Article, "The"), span(Article, "ceasefire")}, Note: "two pieces"},
			}}}
	}
	res, err := s.ImportDocuments(ctx, in())
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Annotations != 2 || res[0].Skipped != 0 {
		t.Fatalf("first import %+v", res)
	}
	res, err = s.ImportDocuments(ctx, in())
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Reused || res[0].Annotations != 0 || res[0].Skipped != 2 {
		t.Fatalf("second import %+v", res)
	}
	// The same text twice in one input, with a new id and a present one:
	// counted per occurrence; the new id is created once.
	twice := in()
	twice[0].Annotations[0].ID = "T3"
	twice = append(twice, in()...)
	twice[1].Annotations[0].ID = "T3"
	res, err = s.ImportDocuments(ctx, twice)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].Annotations != 1 || res[0].Skipped != 1 || res[1].Annotations != 0 || res[1].Skipped != 2 || res[0].DocID != res[1].DocID {
		t.Fatalf("one input with the same text twice: %+v", res)
	}
	a, err := s.Annotation(ctx, "T2")
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "The ceasefire" || len(a.Fragments) != 2 || a.Note != "two pieces" || a.Annotator != "bob" {
		t.Fatalf("T2 read back %+v", a)
	}
	if a1, err := s.Annotation(ctx, "T1"); err != nil || a1.Attributes["role"] != "speaker" {
		t.Fatalf("T1 read back %+v %v", a1, err)
	}
	who, err := s.Annotators(ctx)
	if err != nil || strings.Join(who, ",") != "ann,bob" {
		t.Fatalf("annotators %v %v", who, err)
	}
}

func testImportUndoRedo(t *testing.T, s model.Store) {
	res, err := s.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "a", Text: Article},
		Annotations: []model.Annotation{
			{Annotator: "ann", Label: "ACTOR", Fragments: []model.Fragment{span(Article, "Trump")}},
			{Annotator: "ann", Label: "ACTOR", Fragments: []model.Fragment{span(Article, "Putin")}},
			{Annotator: "bob", Label: "ACTOR", Fragments: []model.Fragment{span(Article, "Putin")}},
		}}})
	if err != nil {
		t.Fatal(err)
	}
	doc := res[0].DocID
	p, err := s.PreviewHistory(ctx, "ann", true)
	if err != nil {
		t.Fatal(err)
	}
	if p == nil || !p.Bulk || p.Removed != 2 || len(p.Effects) != 1 || p.Effects[0].Label != "ACTOR" || p.Effects[0].Doc != "a" {
		t.Fatalf("preview of the import's undo: %+v", p)
	}
	step, err := s.Undo(ctx, "ann")
	if err != nil {
		t.Fatal(err)
	}
	if step == nil || step.Count != 2 || len(step.Changed) != 2 {
		t.Fatalf("undo step %+v", step)
	}
	if got := labels(t, s, doc, ""); got != "bob:ACTOR:Putin" {
		t.Fatalf("after ann's undo of the import: %s (bob's layer must stay)", got)
	}
	if _, err := s.Redo(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if got := labels(t, s, doc, "ann"); got != "ann:ACTOR:Trump, ann:ACTOR:Putin" {
		t.Fatalf("after redo: %s", got)
	}
	// The import's annotations stay part of it: undone again, they go.
	if _, err := s.Undo(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if got := labels(t, s, doc, "ann"); got != "" {
		t.Fatalf("after a second undo: %s", got)
	}
}

func testAnnotationLifecycle(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	a := annotate(t, s, doc, "ann", "ACTOR", "Putin")
	if a.ID == "" || a.Text != "Putin" || a.CreatedAt.IsZero() || !a.UpdatedAt.Equal(a.CreatedAt) {
		t.Fatalf("created %+v", a)
	}
	got, err := s.Annotation(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.UpdatedAt.Equal(a.UpdatedAt) || got.Label != "ACTOR" || got.Fragments[0] != a.Fragments[0] {
		t.Fatalf("read back %+v, created %+v", got, a)
	}
	got.Label = "CLAIM"
	got.Fragments = []model.Fragment{span(Article, "Trump and Putin")}
	got.Attributes = map[string]any{"certainty": "high"}
	if err := s.UpdateAnnotation(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got.Text != "Trump and Putin" || !got.UpdatedAt.After(a.UpdatedAt) {
		t.Fatalf("after update %+v", got)
	}
	if err := s.DeleteAnnotation(ctx, a.ID, "ann"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Annotation(ctx, a.ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("deleted annotation: %v", err)
	}
	for _, want := range []string{"ann:CLAIM:Trump and Putin", "ann:ACTOR:Putin", ""} {
		step, err := s.Undo(ctx, "ann")
		if err != nil {
			t.Fatal(err)
		}
		if step == nil || len(step.Changed) != 1 || step.Changed[0] != a.ID {
			t.Fatalf("undo step %+v", step)
		}
		if got := labels(t, s, doc, "ann"); got != want {
			t.Fatalf("after undo: %q, want %q", got, want)
		}
	}
	if step, err := s.Undo(ctx, "ann"); err != nil || step != nil {
		t.Fatalf("nothing left to undo, got %+v %v", step, err)
	}
	for _, want := range []string{"ann:ACTOR:Putin", "ann:CLAIM:Trump and Putin", ""} {
		if _, err := s.Redo(ctx, "ann"); err != nil {
			t.Fatal(err)
		}
		if got := labels(t, s, doc, "ann"); got != want {
			t.Fatalf("after redo: %q, want %q", got, want)
		}
	}
	// A new change drops the redo branch.
	if _, err := s.Undo(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	annotate(t, s, doc, "ann", "EVENT", "talks")
	if step, err := s.Redo(ctx, "ann"); err != nil || step != nil {
		t.Fatalf("redo after a new change: %+v %v", step, err)
	}
}

func testStaleUpdateRefused(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	a := annotate(t, s, doc, "ann", "ACTOR", "Putin")
	first, second := *a, *a
	first.Note = "first window"
	if err := s.UpdateAnnotation(ctx, &first); err != nil {
		t.Fatal(err)
	}
	second.Note = "second window"
	if err := s.UpdateAnnotation(ctx, &second); !errors.Is(err, model.ErrStale) {
		t.Fatalf("an update from an out-of-date copy: %v, want ErrStale", err)
	}
	got, err := s.Annotation(ctx, a.ID)
	if err != nil || got.Note != "first window" {
		t.Fatalf("stored %+v %v", got, err)
	}
}

func testUndoIsPerPerson(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	annotate(t, s, doc, "ann", "ACTOR", "Trump")
	annotate(t, s, doc, "bob", "ACTOR", "Putin")
	step, err := s.Undo(ctx, "ann")
	if err != nil || step == nil {
		t.Fatalf("%+v %v", step, err)
	}
	if got := labels(t, s, doc, ""); got != "bob:ACTOR:Putin" {
		t.Fatalf("ann's undo took %q", got)
	}
}

func testUndoRefusesChangedSince(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	a := annotate(t, s, doc, model.GoldAnnotator, "ACTOR", "Putin")
	// cur edits the gold annotation, then cara edits it again: cur's undo
	// would revert cara's change, so it is refused and nothing moves.
	a.Note = "cur"
	if err := s.UpdateAnnotationAs(ctx, a, "cur"); err != nil {
		t.Fatal(err)
	}
	a.Note = "cara"
	if err := s.UpdateAnnotationAs(ctx, a, "cara"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx, "cur"); !errors.Is(err, model.ErrStale) {
		t.Fatalf("undo over a colleague's later change: %v, want ErrStale", err)
	}
	got, err := s.Annotation(ctx, a.ID)
	if err != nil || got.Note != "cara" {
		t.Fatalf("stored %+v %v", got, err)
	}
}

func testOtherLayerRefused(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	a := annotate(t, s, doc, "ann", "ACTOR", "Putin")
	if err := s.DeleteAnnotation(ctx, a.ID, "bob"); err == nil {
		t.Fatal("bob deleted ann's annotation")
	}
	c := *a
	c.Label = "CLAIM"
	if err := s.UpdateAnnotationAs(ctx, &c, "bob"); err == nil {
		t.Fatal("bob changed ann's annotation")
	}
	if got := labels(t, s, doc, ""); got != "ann:ACTOR:Putin" {
		t.Fatalf("stored %q", got)
	}
}

func testRelationsCascadeAndUndo(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	claim := annotate(t, s, doc, "ann", "CLAIM", "infrastructure and energy ceasefire")
	actor := annotate(t, s, doc, "ann", "ACTOR", "The White House")
	other := annotate(t, s, doc, "bob", "ACTOR", "Trump")
	if err := s.CreateRelation(ctx, &model.Relation{Annotator: "ann", Type: "claimed_by", From: claim.ID, To: other.ID}); err == nil {
		t.Fatal("a relation across layers was stored")
	}
	if err := s.CreateRelation(ctx, &model.Relation{Annotator: "ann", Type: "claimed_by", From: actor.ID, To: claim.ID}); err == nil {
		t.Fatal("a relation the schema does not allow was stored")
	}
	r := &model.Relation{Annotator: "ann", Type: "claimed_by", From: claim.ID, To: actor.ID}
	if err := s.CreateRelation(ctx, r); err != nil {
		t.Fatal(err)
	}
	rels, err := s.Relations(ctx, doc)
	if err != nil || len(rels) != 1 || rels[0].ID != r.ID || rels[0].From != claim.ID || rels[0].To != actor.ID {
		t.Fatalf("relations %+v %v", rels, err)
	}
	if err := s.DeleteAnnotation(ctx, actor.ID, "ann"); err != nil {
		t.Fatal(err)
	}
	if rels, _ := s.Relations(ctx, doc); len(rels) != 0 {
		t.Fatalf("the relation outlived its end: %+v", rels)
	}
	if _, err := s.Undo(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if rels, _ := s.Relations(ctx, doc); len(rels) != 1 || rels[0].ID != r.ID {
		t.Fatalf("undo of the deletion did not bring the relation back: %+v", rels)
	}
	if err := s.DeleteRelation(ctx, r.ID, "bob"); err == nil {
		t.Fatal("bob deleted ann's relation")
	}
	if err := s.DeleteRelation(ctx, r.ID, "ann"); err != nil {
		t.Fatal(err)
	}
	if rels, _ := s.Relations(ctx, doc); len(rels) != 0 {
		t.Fatalf("deleted relation still there: %+v", rels)
	}
}

func testDocLabelsReplaceAndUndo(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	set := func(v string) {
		t.Helper()
		if err := s.SetDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: "ann", Set: "relevance", Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	read := func() string {
		t.Helper()
		ls, err := s.DocLabels(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range ls {
			out = append(out, l.Annotator+":"+l.Set+"="+l.Value)
		}
		return strings.Join(out, ",")
	}
	set("relevant")
	set("irrelevant") // one value per set: replaces
	if got := read(); got != "ann:relevance=irrelevant" {
		t.Fatalf("labels %q", got)
	}
	if err := s.SetDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: "ann", Set: "relevance", Value: "maybe"}); err == nil {
		t.Fatal("a value outside the schema was stored")
	}
	if _, err := s.Undo(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "ann:relevance=relevant" {
		t.Fatalf("after undo %q", got)
	}
	if err := s.RemoveDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: "ann", Set: "relevance", Value: "relevant"}); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "" {
		t.Fatalf("after remove %q", got)
	}
	if err := s.RemoveDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: "ann", Set: "relevance", Value: "relevant"}); err == nil {
		t.Fatal("removing an absent label succeeded")
	}
}

func testStatuses(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	if err := s.SetStatus(ctx, doc, "ann", model.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, doc, "ann", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, doc, "bob", model.Status("finished")); err == nil {
		t.Fatal("an unknown status was stored")
	}
	st, err := s.Statuses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || len(st[doc]) != 1 || st[doc]["ann"] != model.StatusDone {
		t.Fatalf("statuses %v", st)
	}
}

// layerCounter is what the window's document list asks both stores for
// (ui/doccounts.go); it is not part of model.Store.
type layerCounter interface {
	LayerCounts(ctx context.Context, annotator string) (map[int64]int, error)
}

func testLayerCounts(t *testing.T, s model.Store) {
	lc, ok := s.(layerCounter)
	if !ok {
		t.Fatalf("%T cannot count one layer's annotations per document", s)
	}
	d1 := importText(t, s, "a", Article)
	d2 := importText(t, s, "b", Article+" Again.")
	annotate(t, s, d1, "ann", "ACTOR", "Putin")
	annotate(t, s, d1, "bob", "ACTOR", "Putin")
	annotate(t, s, d2, "bob", "ACTOR", "Putin")
	got, err := lc.LayerCounts(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[d1] != 1 || got[d2] != 1 {
		t.Fatalf("bob's counts %v", got)
	}
	if got, _ := lc.LayerCounts(ctx, "ann"); len(got) != 1 || got[d1] != 1 {
		t.Fatalf("ann's counts %v", got)
	}
}

func testCurateAndUndo(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	src := annotate(t, s, doc, "ann", "ACTOR", "Putin")
	gold := &model.Annotation{Label: "ACTOR", Fragments: src.Fragments}
	v := &model.Verdict{DocID: doc, Verdict: model.VerdictAccept, Curator: "cur", Sources: []model.SourceRef{{ID: src.ID}}}
	if err := s.Curate(ctx, v, gold); err != nil {
		t.Fatal(err)
	}
	if err := s.Curate(ctx, &model.Verdict{DocID: doc, Verdict: model.VerdictReject, Curator: "cur"}, gold); err == nil {
		t.Fatal("reject with a gold annotation was stored")
	}
	vs, err := s.Verdicts(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || vs[0].GoldID != gold.ID || vs[0].Sources[0].Annotator != "ann" || vs[0].Curator != "cur" {
		t.Fatalf("verdicts %+v", vs)
	}
	if got := labels(t, s, doc, model.GoldAnnotator); got != "gold:ACTOR:Putin" {
		t.Fatalf("gold layer %q", got)
	}
	if _, err := s.Undo(ctx, "cur"); err != nil {
		t.Fatal(err)
	}
	vs, _ = s.Verdicts(ctx, doc)
	if got := labels(t, s, doc, model.GoldAnnotator); got != "" || len(vs) != 0 {
		t.Fatalf("after the curator's undo: gold %q, verdicts %+v", got, vs)
	}
}

func testChangeSchemaRenameAndUndo(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	annotate(t, s, doc, "ann", "EVENT", "talks")
	annotate(t, s, doc, "bob", "EVENT", "agreed")
	sc, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc.Labels = append(sc.Labels[:2], model.Label{Name: "NEGOTIATION", Color: "#9467bd"})
	ch, err := s.ChangeSchema(ctx, sc, "lead", map[string]string{"EVENT": "NEGOTIATION"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Renamed["EVENT"] != 2 {
		t.Fatalf("change %+v", ch)
	}
	if got := labels(t, s, doc, ""); got != "bob:NEGOTIATION:agreed, ann:NEGOTIATION:talks" {
		t.Fatalf("after rename %q", got)
	}
	p, err := s.PreviewHistory(ctx, "lead", true)
	if err != nil || p == nil || !p.Schema || !p.Bulk || p.Changed != 2 {
		t.Fatalf("preview of the schema change's undo %+v %v", p, err)
	}
	if _, err := s.Undo(ctx, "lead"); err != nil {
		t.Fatal(err)
	}
	if got := labels(t, s, doc, ""); got != "bob:EVENT:agreed, ann:EVENT:talks" {
		t.Fatalf("after undo %q", got)
	}
	back, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := back.Label("EVENT"); !ok {
		t.Fatalf("undo did not put the schema back: %+v", back.Labels)
	}
}

func testChangeSchemaRefusesLabelsInUse(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	annotate(t, s, doc, "ann", "EVENT", "talks")
	sc, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc.Labels = sc.Labels[:2]
	_, err = s.ChangeSchema(ctx, sc, "lead", nil, false)
	var inUse *model.LabelsInUseError
	if !errors.As(err, &inUse) || inUse.InUse["EVENT"] != 1 {
		t.Fatalf("want LabelsInUseError for EVENT, got %v", err)
	}
	if got := labels(t, s, doc, ""); got != "ann:EVENT:talks" {
		t.Fatalf("a refused change changed %q", got)
	}
	ch, err := s.ChangeSchema(ctx, sc, "lead", nil, true)
	if err != nil || ch.Removed["EVENT"] != 1 {
		t.Fatalf("forced change %+v %v", ch, err)
	}
	if got := labels(t, s, doc, ""); got != "" {
		t.Fatalf("forced change left %q", got)
	}
}

func testPreviewAndStepHistory(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	a := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: []model.Fragment{span(Article, "Trump")}}
	b := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: []model.Fragment{span(Article, "Putin")}}
	if err := s.CreateAnnotations(ctx, []*model.Annotation{a, b}); err != nil {
		t.Fatal(err)
	}
	p, err := s.PreviewHistory(ctx, "ann", true)
	if err != nil {
		t.Fatal(err)
	}
	if p == nil || p.Removed != 2 || !p.Bulk || p.Summary() != "undo removes 2 annotations" {
		t.Fatalf("preview %+v", p)
	}
	annotate(t, s, doc, "ann", "EVENT", "talks") // something done meanwhile
	if _, err := s.StepHistory(ctx, "ann", p.Group, true); !errors.Is(err, model.ErrHistoryMoved) {
		t.Fatalf("step of a moved history: %v", err)
	}
	if got := labels(t, s, doc, "ann"); got != "ann:ACTOR:Trump, ann:ACTOR:Putin, ann:EVENT:talks" {
		t.Fatalf("a refused step changed %q", got)
	}
	if _, err := s.Undo(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	step, err := s.StepHistory(ctx, "ann", p.Group, true)
	if err != nil || step.Count != 2 {
		t.Fatalf("step %+v %v", step, err)
	}
	if got := labels(t, s, doc, "ann"); got != "" {
		t.Fatalf("after the step %q", got)
	}
	// Redo takes the step undone last: the two ACTORs, not EVENT.
	if r, err := s.PreviewHistory(ctx, "ann", false); err != nil || r == nil || r.Restored != 2 || r.Undo {
		t.Fatalf("redo preview %+v %v", r, err)
	}
}

func testCheckClean(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	annotate(t, s, doc, "ann", "ACTOR", "Putin")
	problems, err := s.Check(ctx)
	if err != nil || len(problems) != 0 {
		t.Fatalf("check %v %v", problems, err)
	}
}
