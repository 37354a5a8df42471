// Package review compares annotators' layers of one document: it groups
// their spans into clusters of overlapping spans and says how the
// annotators agree on each. The compare and curate views and the gold
// workflow use it; it is pure, with no I/O.
package review

import (
	"reflect"
	"sort"

	"github.com/margin-app/margin/model"
)

// Kind is how the annotators agree on one cluster.
type Kind int

// Agreement kinds, from best to worst.
const (
	// Exact: every annotator has the same fragments with the same label.
	Exact Kind = iota
	// LabelDiffers: every annotator marked the same extent, labels differ.
	LabelDiffers
	// Partial: spans overlap but their extents differ.
	Partial
	// OnlyOne: some annotators marked nothing here.
	OnlyOne
)

func (k Kind) String() string {
	return [...]string{"exact match", "same extent, different label", "partial overlap", "only one side"}[k]
}

// Cluster is a maximal group of overlapping spans from the compared layers.
type Cluster struct {
	Start, End int                           // covered range, code points
	Kind       Kind                          // agreement on this cluster
	Spans      map[string][]model.Annotation // annotator -> their spans here
}

// Compare clusters the layers (annotator -> annotations of one document)
// and classifies each cluster. annotators fixes who is compared: someone
// with no span in a cluster makes it OnlyOne. Clusters come in text order.
func Compare(layers map[string][]model.Annotation, annotators []string) []Cluster {
	type item struct {
		who string
		a   model.Annotation
	}
	var items []item
	for _, who := range annotators {
		for _, a := range layers[who] {
			items = append(items, item{who, a})
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].a.Start() != items[j].a.Start() {
			return items[i].a.Start() < items[j].a.Start()
		}
		return items[i].a.End() > items[j].a.End()
	})
	var out []Cluster
	for _, it := range items {
		n := len(out)
		if n > 0 && it.a.Start() < out[n-1].End {
			c := &out[n-1]
			c.Spans[it.who] = append(c.Spans[it.who], it.a)
			if it.a.End() > c.End {
				c.End = it.a.End()
			}
			continue
		}
		out = append(out, Cluster{Start: it.a.Start(), End: it.a.End(), Spans: map[string][]model.Annotation{it.who: {it.a}}})
	}
	for i := range out {
		out[i].Kind = classify(&out[i], annotators)
	}
	return out
}

func classify(c *Cluster, annotators []string) Kind {
	var first *model.Annotation
	sameExtent, sameLabel := true, true
	for _, who := range annotators {
		spans := c.Spans[who]
		if len(spans) == 0 {
			return OnlyOne
		}
		if len(spans) != 1 {
			sameExtent = false
			continue
		}
		a := &spans[0]
		if first == nil {
			first = a
			continue
		}
		if !reflect.DeepEqual(a.Fragments, first.Fragments) {
			sameExtent = false
		}
		if a.Label != first.Label {
			sameLabel = false
		}
	}
	switch {
	case sameExtent && sameLabel:
		return Exact
	case sameExtent:
		return LabelDiffers
	}
	return Partial
}

// Disagreements returns the clusters that are not exact matches.
func Disagreements(cs []Cluster) []Cluster {
	var out []Cluster
	for _, c := range cs {
		if c.Kind != Exact {
			out = append(out, c)
		}
	}
	return out
}
