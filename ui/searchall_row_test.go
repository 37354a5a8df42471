package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
)

// TestSearchRowsBoldTheMatch: each result row of "ceasefire" in the
// sample article (several to a snippet) sets in bold the occurrence the
// row is about, with the snippet's own text before it; in a narrow row
// the context is cut with "…" (after the match, then before it) and
// the row fits, the match whole. The rows
// were plain text, and a RichText's own truncation cut them mid-word.
func TestSearchRowsBoldTheMatch(t *testing.T) {
	test.NewTempApp(t)
	h := model.NewSearchHit(1, "ceasefire-call", assets.DemoArticle, "Ceasefire")
	if h == nil || len(h.Matches) < 4 {
		t.Fatalf("fixture: %+v", h)
	}
	rs := []rune(assets.DemoArticle)
	for m, f := range h.Matches {
		row := newSearchRow().(*searchRow)
		setSearchRow(row, *h, m, "Ceasefire")
		from := max(f.Start-40, 0)
		want := strings.Join(strings.Fields(string(rs[from:f.Start])), " ")
		before := strings.TrimPrefix(row.before, "…")
		if strings.TrimSpace(before) != want || !strings.EqualFold(row.match, string(rs[f.Start:f.End])) {
			t.Errorf("match %d (%d–%d): before %q, bold %q; want before %q", m, f.Start, f.End, row.before, row.match, want)
		}
	}
	row := newSearchRow().(*searchRow)
	setSearchRow(row, *h, 1, "ceasefire")
	for _, width := range []float32{700, 420} {
		row.Resize(fyne.NewSize(width, 36))
		var w float32
		var texts []string
		for _, s := range row.text.Segments {
			ts := s.(*widget.TextSegment)
			w += fyne.MeasureText(ts.Text, theme.TextSize(), ts.Style.TextStyle).Width
			texts = append(texts, ts.Text)
		}
		if w > width-2*theme.InnerPadding() || !strings.HasSuffix(strings.Join(texts, ""), "…") || texts[2] != "ceasefire" {
			t.Errorf("in a %v px row the text is %v px wide: %q", width, w, texts)
		}
	}
}
