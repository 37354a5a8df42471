package articleview

import (
	"fmt"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
)

// farConnectors is 2,500 relations each reaching four spans back (about
// four lines at 800 px), as in BenchmarkRenderPageConnectorsFar.
func farConnectors() []Connector {
	cs := make([]Connector, 0, 2500)
	for i := 0; i+4 < 10000; i += 4 {
		cs = append(cs, Connector{FromID: fmt.Sprint("h", i+4), ToID: fmt.Sprint("h", i), Label: "claimed_by"})
	}
	return cs
}

// BenchmarkRenderPageConnectorsFarNoSpace is BenchmarkRenderPageConnectorsFar
// with relation space off: every relation drawn in the margin
// (connmargin.go), with its end marks.
func BenchmarkRenderPageConnectorsFarNoSpace(b *testing.B) {
	v, r := benchView(b, 10000)
	v.SetConnectors(farConnectors())
	v.SetRelationSpace(false)
	v.ensureLayout()
	benchScrollPages(b, v, r)
}

// BenchmarkAddHighlightConnectorsFar adds one span (and redraws) with
// 10,000 spans and the 2,500 far relations present: the rows' relation
// marks and the lanes (connlanes.go) are redone.
func BenchmarkAddHighlightConnectorsFar(b *testing.B) {
	v, _ := benchView(b, 10000)
	v.SetConnectors(farConnectors())
	v.SetRelationSpace(true)
	v.SetScrollOffset(v.contentHeight() / 2)
	off := v.OffsetAt(fyne.NewPos(100, 100))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := fmt.Sprint("new", i)
		v.AddHighlight(Highlight{ID: id, Start: off + i%50, End: off + 20 + i%50, Color: color.NRGBA{R: 0xff, A: 0xff}})
		b.StopTimer()
		v.hl.remove(id)
		b.StartTimer()
	}
}
