package storetest

import (
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
)

// rowsOf is a page as "annotator:label:text@document" strings.
func rowsOf(p *model.AnnotationPage) string {
	var out []string
	for _, r := range p.Rows {
		out = append(out, r.Annotator+":"+r.Label+":"+r.Text+"@"+r.DocName)
	}
	return strings.Join(out, ", ")
}

// testAnnotationsTable: the annotations of two documents by two people,
// filtered by label, annotator, document and text, sorted, and paged.
func testAnnotationsTable(t *testing.T, s model.Store) {
	a := importText(t, s, "first", Article)
	b := importText(t, s, "second", "Kyiv said Putin lied. "+Article)
	annotate(t, s, a, "ana", "ACTOR", "Trump")
	annotate(t, s, a, "ana", "ACTOR", "Putin")
	annotate(t, s, a, "ben", "CLAIM", "infrastructure and energy ceasefire")
	// Offsets in document b are shifted by its prefix.
	pre := len([]rune("Kyiv said Putin lied. "))
	for _, x := range []struct{ who, label, sub string }{{"ben", "ACTOR", "Putin"}, {"ana", "EVENT", "talks"}} {
		f := span(Article, x.sub)
		f.Start, f.End = f.Start+pre, f.End+pre
		if err := s.CreateAnnotations(ctx, []*model.Annotation{{DocID: b, Annotator: x.who, Label: x.label, Fragments: []model.Fragment{f}}}); err != nil {
			t.Fatal(err)
		}
	}
	check := func(q model.AnnotationQuery, total int, want string) {
		t.Helper()
		q.Count = true
		p, err := s.QueryAnnotations(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != total || rowsOf(p) != want {
			t.Errorf("%+v:\n got %d: %s\nwant %d: %s", q, p.Total, rowsOf(p), total, want)
		}
		// Without Count: the same rows, no total.
		q.Count = false
		if p, err = s.QueryAnnotations(ctx, q); err != nil || p.Total != -1 || rowsOf(p) != want {
			t.Errorf("%+v without a count: %d, %v: %s", q, p.Total, err, rowsOf(p))
		}
	}
	check(model.AnnotationQuery{}, 5, "ana:ACTOR:Trump@first, ana:ACTOR:Putin@first, ben:CLAIM:infrastructure and energy ceasefire@first, ana:EVENT:talks@second, ben:ACTOR:Putin@second")
	check(model.AnnotationQuery{Label: "ACTOR"}, 3, "ana:ACTOR:Trump@first, ana:ACTOR:Putin@first, ben:ACTOR:Putin@second")
	check(model.AnnotationQuery{Annotator: "ben"}, 2, "ben:CLAIM:infrastructure and energy ceasefire@first, ben:ACTOR:Putin@second")
	check(model.AnnotationQuery{DocID: b}, 2, "ana:EVENT:talks@second, ben:ACTOR:Putin@second")
	check(model.AnnotationQuery{Text: "PUT"}, 2, "ana:ACTOR:Putin@first, ben:ACTOR:Putin@second")
	check(model.AnnotationQuery{Label: "ACTOR", Annotator: "ana", Text: "t"}, 2, "ana:ACTOR:Trump@first, ana:ACTOR:Putin@first")
	check(model.AnnotationQuery{Sort: model.SortText}, 5, "ben:CLAIM:infrastructure and energy ceasefire@first, ana:ACTOR:Putin@first, ben:ACTOR:Putin@second, ana:EVENT:talks@second, ana:ACTOR:Trump@first")
	check(model.AnnotationQuery{Sort: model.SortLabel, Desc: true}, 5, "ana:EVENT:talks@second, ben:CLAIM:infrastructure and energy ceasefire@first, ben:ACTOR:Putin@second, ana:ACTOR:Putin@first, ana:ACTOR:Trump@first")
	check(model.AnnotationQuery{Sort: model.SortAnnotator, Offset: 2, Limit: 2}, 5, "ana:EVENT:talks@second, ben:CLAIM:infrastructure and energy ceasefire@first")
	check(model.AnnotationQuery{Offset: 10}, 5, "")
	check(model.AnnotationQuery{Label: "NONE"}, 0, "")
	// A row is a whole annotation: its id finds it, its offsets are its own.
	p, err := s.QueryAnnotations(ctx, model.AnnotationQuery{DocID: b, Label: "ACTOR"})
	if err != nil || len(p.Rows) != 1 {
		t.Fatal(p, err)
	}
	if got, err := s.Annotation(ctx, p.Rows[0].ID); err != nil || got.Start() != pre+span(Article, "Putin").Start || p.Rows[0].DocID != b {
		t.Errorf("row %+v does not name its annotation (%v, %v)", p.Rows[0], got, err)
	}
}

// testSearchAcrossDocuments: whole words in any case, across documents,
// with every occurrence in code points (the article has astral emoji).
func testSearchAcrossDocuments(t *testing.T, s model.Store) {
	a := importText(t, s, "first", Article)
	importText(t, s, "second", "Nothing here about that.")
	c := importText(t, s, "third", "👍🏽 CEASEFIRE now; a ceasefire later, ceasefires never.")
	hits, err := s.SearchDocuments(ctx, "Ceasefire", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || hits[0].DocID != a || hits[1].DocID != c || hits[1].DocName != "third" {
		t.Fatalf("hits: %+v", hits)
	}
	if got := hits[0].Matches; len(got) != 1 || got[0] != span(Article, "ceasefire") {
		t.Errorf("first: %+v, want %+v", got, span(Article, "ceasefire"))
	}
	// 👍🏽 is two code points, then a space: CEASEFIRE starts at 3.
	if got := hits[1].Matches; len(got) != 2 || got[0] != (model.Fragment{Start: 3, End: 12}) || got[1] != (model.Fragment{Start: 20, End: 29}) {
		t.Errorf("third: %+v", got)
	}
	// A document imported after the first search is found too (the
	// index is kept in step with document writes).
	d := importText(t, s, "fourth", "A ceasefire term.")
	if hits, err = s.SearchDocuments(ctx, "ceasefire", 0); err != nil || len(hits) != 3 || hits[2].DocID != d {
		t.Fatalf("after an import: %+v, %v", hits, err)
	}
	if hits, err = s.SearchDocuments(ctx, "energy ceasefire", 0); err != nil || len(hits) != 1 || hits[0].Matches[0] != span(Article, "energy ceasefire") {
		t.Errorf("phrase: %+v, %v", hits, err)
	}
	if hits, err = s.SearchDocuments(ctx, "ceasefire", 2); err != nil || len(hits) != 2 {
		t.Errorf("limit 2: %d hits, %v", len(hits), err)
	}
	if hits, err = s.SearchDocuments(ctx, `"quoted`, 0); err != nil || len(hits) != 0 {
		t.Errorf("a stray quote: %+v, %v", hits, err)
	}
	if hits, err = s.SearchDocuments(ctx, "“", 0); err != nil || len(hits) != 1 || hits[0].DocID != a {
		t.Errorf("punctuation only: %+v, %v", hits, err)
	}
}

// testLabelCountsAndProgress: counts per document, annotator and label;
// progress per day and annotator.
func testLabelCountsAndProgress(t *testing.T, s model.Store) {
	a := importText(t, s, "first", Article)
	annotate(t, s, a, "ana", "ACTOR", "Trump")
	annotate(t, s, a, "ana", "ACTOR", "Putin")
	annotate(t, s, a, "ben", "ACTOR", "Putin")
	annotate(t, s, a, "ben", "CLAIM", "talks")
	if err := s.SetStatus(ctx, a, "ana", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	counts, err := s.LabelCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range counts {
		got = append(got, c.Annotator+":"+c.Label+":"+string(rune('0'+c.Count)))
		if c.DocID != a {
			t.Errorf("count of document %d", c.DocID)
		}
	}
	if strings.Join(got, " ") != "ana:ACTOR:2 ben:ACTOR:1 ben:CLAIM:1" {
		t.Errorf("label counts: %v", got)
	}
	days, err := s.Progress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 2 || days[0].Annotator != "ana" || days[0].Annotations != 2 || days[0].DocsDone != 1 ||
		days[1].Annotator != "ben" || days[1].Annotations != 2 || days[1].DocsDone != 0 || len(days[0].Day) != 10 || days[0].Day != days[1].Day {
		t.Errorf("progress: %+v", days)
	}
}
