package schemaedit

import (
	"testing"

	"github.com/margin-app/margin/internal/labelcolor"
)

// TestAddedLabelsGetColoursApartFromTheSchema: eight labels added in the
// schema editor to the default schema each get a colour easy to tell from
// every other label's. The editor's palette, taken first unused first,
// gave a blue 0.089 from NEGOTIATION_EVENT's and a yellow 0.048 from
// PRECONDITION's.
func TestAddedLabelsGetColoursApartFromTheSchema(t *testing.T) {
	e := New(defaultSchema(t))
	for i := 0; i < 8; i++ {
		e.AddLabel()
	}
	ls := e.Schema().Labels
	for i, l := range ls {
		var others []string
		for j, o := range ls {
			if j != i {
				others = append(others, o.Color)
			}
		}
		if d := labelcolor.Nearest(l.Color, others); d < labelcolor.MinDistance && i >= len(ls)-8 {
			t.Errorf("added label %s got %s, %.3f from the nearest other label's colour; want at least %.2f", l.Name, l.Color, d, labelcolor.MinDistance)
		}
	}
}
