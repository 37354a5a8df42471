package articleview

import (
	"fmt"
	"testing"
)

// BenchmarkRenderPageConnectorsFar is BenchmarkRenderPageConnectors with
// 2,500 relations each reaching four spans back (about four lines at
// 800 px: one span per line), which run by the margin (connroute.go).
func BenchmarkRenderPageConnectorsFar(b *testing.B) {
	v, r := benchView(b, 10000)
	cs := make([]Connector, 0, 2500)
	for i := 0; i+4 < 10000; i += 4 {
		cs = append(cs, Connector{FromID: fmt.Sprint("h", i+4), ToID: fmt.Sprint("h", i), Label: "claimed_by"})
	}
	v.SetConnectors(cs)
	v.SetRelationSpace(true)
	v.ensureLayout()
	benchScrollPages(b, v, r)
}
