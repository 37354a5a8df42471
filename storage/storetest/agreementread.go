package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/margin-app/margin/model"
)

// testReadForAgreement: the one-pass read agreement uses gives every
// document its text, spans and document labels exactly as Document,
// Annotations and DocLabels do, in the same order (span order decides
// ties in overlap matching), and stops at the callback's error.
func testReadForAgreement(t *testing.T, s model.Store) {
	r, ok := s.(model.AgreementReader)
	if !ok {
		t.Fatalf("%T does not implement model.AgreementReader", s)
	}
	a := importText(t, s, "a", Article)
	b := importText(t, s, "b", "Kyiv and Moscow said nothing.")
	empty := importText(t, s, "c", "No one annotated this.")
	var anns []*model.Annotation
	add := func(doc int64, who, label string, frags ...model.Fragment) {
		anns = append(anns, &model.Annotation{DocID: doc, Annotator: who, Label: label, Fragments: frags})
	}
	add(a, "ana", "ACTOR", span(Article, "Trump"))
	add(a, "bo", "ACTOR", span(Article, "Trump and Putin"))
	add(a, "bo", "CLAIM", span(Article, "Trump"))
	add(a, "ana", "CLAIM", span(Article, "White House"), span(Article, "talks 👍🏽"))
	add(a, model.GoldAnnotator, "EVENT", span(Article, "ceasefire"))
	add(b, "cy", "ACTOR", model.Fragment{Start: 0, End: 4})
	add(b, "ana", "ACTOR", model.Fragment{Start: 0, End: 4})
	if err := s.CreateAnnotations(ctx, anns); err != nil {
		t.Fatal(err)
	}
	for _, l := range []model.DocLabel{{DocID: a, Annotator: "bo", Set: "relevance", Value: "relevant"}, {DocID: a, Annotator: "ana", Set: "relevance", Value: "irrelevant"}, {DocID: b, Annotator: "cy", Set: "relevance", Value: "relevant"}} {
		if err := s.SetDocLabel(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	var seen []int64
	err := r.ReadForAgreement(ctx, func(d *model.AgreementDoc) error {
		seen = append(seen, d.ID)
		doc, err := s.Document(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Text != doc.Text {
			t.Errorf("document %d: text %q, Document has %q", d.ID, d.Text, doc.Text)
		}
		list, err := s.Annotations(ctx, d.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		var want []model.SpanExtent
		for _, a := range list {
			want = append(want, model.SpanExtent{Annotator: a.Annotator, Label: a.Label, Fragments: a.Fragments})
		}
		if !reflect.DeepEqual(d.Spans, want) {
			t.Errorf("document %d: spans\n%+v\nAnnotations has\n%+v", d.ID, d.Spans, want)
		}
		labels, err := s.DocLabels(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(labels) == 0 {
			labels = nil
		}
		if !reflect.DeepEqual(d.Labels, labels) {
			t.Errorf("document %d: document labels %+v, DocLabels has %+v", d.ID, d.Labels, labels)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(seen, []int64{a, b, empty}) {
		t.Errorf("documents read: %v, want %v", seen, []int64{a, b, empty})
	}
	stop := errors.New("enough")
	calls := 0
	err = r.ReadForAgreement(ctx, func(*model.AgreementDoc) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("stopping: %v after %d calls, want %v after 1", err, calls, stop)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := r.ReadForAgreement(cancelled, func(*model.AgreementDoc) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled read: %v, want context.Canceled", err)
	}
}
