package articleview

import (
	"fmt"
	"image/color"
	"testing"
	"unicode/utf8"
)

// suggestionsOver spreads n suggestions over the view's text.
func suggestionsOver(v *View, n int) []Suggestion {
	total := utf8.RuneCountInString(v.Text())
	ss := make([]Suggestion, 0, n)
	step := total / n
	for i := 0; i < n; i++ {
		s := i*step + 3
		ss = append(ss, Suggestion{ID: fmt.Sprint("s", i), Start: s, End: s + 6 + i%20, Label: "LOC",
			Color: color.NRGBA{R: 0x30, G: 0xa0, B: 0x40, A: 0xff}, Score: float64(i%100) / 100})
	}
	return ss
}

// BenchmarkRenderPageWithSuggestions is BenchmarkRenderPage with 10,000
// suggestions besides the 10,000 highlights (dashed outlines and tags).
func BenchmarkRenderPageWithSuggestions(b *testing.B) {
	v, r := benchView(b, 10000)
	v.SetSuggestions(suggestionsOver(v, 10000))
	benchScrollPages(b, v, r)
}

// BenchmarkSetSuggestions10k replaces 10,000 suggestions of the 1 MB
// document (what a decision's reload does) and redraws.
func BenchmarkSetSuggestions10k(b *testing.B) {
	v, _ := benchView(b, 0)
	ss := suggestionsOver(v, 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.SetSuggestions(ss)
	}
}
