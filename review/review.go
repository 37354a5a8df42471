// Package review compares annotators' layers of one document: it groups
// their spans into clusters and says how the annotators agree on each.
// The compare and curate views and the gold workflow use it; it is pure,
// with no I/O.
package review

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/margin-app/margin/model"
)

// Kind is how the annotators agree on one cluster.
type Kind int

// Agreement kinds, from best to worst.
const (
	// Exact: every annotator has the same fragments with the same label
	// and the same attribute values.
	Exact Kind = iota
	// AttributesDiffer: same fragments and label, attribute values differ.
	AttributesDiffer
	// LabelDiffers: every annotator marked the same extent, labels differ.
	LabelDiffers
	// Partial: spans overlap but their extents differ.
	Partial
	// OnlyOne: some annotators marked nothing here.
	OnlyOne
)

// Kinds lists every kind, best first (for legends).
var Kinds = []Kind{Exact, AttributesDiffer, LabelDiffers, Partial, OnlyOne}

func (k Kind) String() string {
	return [...]string{"exact match", "same span, different attributes", "same extent, different label", "partial overlap", "not in every layer"}[k]
}

// Cluster is a group of spans from the compared layers: either one span
// per annotator with the same label and fragments (a match, even when it
// is nested in or overlaps other spans), or a maximal group of
// overlapping spans that are not matched that way.
type Cluster struct {
	Start, End int                           // covered range, code points
	Kind       Kind                          // agreement on this cluster
	Spans      map[string][]model.Annotation // annotator -> their spans here
}

type item struct {
	who string
	a   model.Annotation
}

// Compare clusters the layers (annotator -> annotations of one document)
// and classifies each cluster. annotators fixes who is compared: someone
// with no span in a cluster makes it OnlyOne. Clusters come in text order
// (by start, longer first).
//
// Spans that every compared annotator marked with the same label and
// fragments are matched first, one per annotator, and each match is its
// own cluster: two nested claims that both annotators marked exactly are
// two agreements, not one "partial overlap" of four spans. What is left
// is grouped by overlap.
//
// With fewer than two layers nothing is compared: every span is "only one
// side" (a lone layer's span matched itself, showed as an agreement, and
// Curate's accept-every-exact-match took a single annotator's spans into
// gold as agreed).
func Compare(layers map[string][]model.Annotation, annotators []string) []Cluster {
	var matched []Cluster
	var rest []item
	if len(annotators) >= 2 {
		matched, rest = matchExact(layers, annotators)
	} else {
		for _, who := range annotators {
			for _, a := range layers[who] {
				rest = append(rest, item{who, a})
			}
		}
	}
	out := matched
	for _, c := range clusterOverlaps(rest) {
		c.Kind = classify(&c, annotators)
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	return out
}

// matchExact takes out, per label and fragments, as many one-per-annotator
// matches as every annotator has such spans, in each layer's order.
func matchExact(layers map[string][]model.Annotation, annotators []string) ([]Cluster, []item) {
	byKey := map[string]map[string][]model.Annotation{} // key -> who -> spans
	var keys []string
	for _, who := range annotators {
		for _, a := range layers[who] {
			k := spanKey(a)
			if byKey[k] == nil {
				byKey[k] = map[string][]model.Annotation{}
				keys = append(keys, k)
			}
			byKey[k][who] = append(byKey[k][who], a)
		}
	}
	var matched []Cluster
	var rest []item
	for _, k := range keys {
		group := byKey[k]
		n := -1
		for _, who := range annotators {
			if c := len(group[who]); n < 0 || c < n {
				n = c
			}
		}
		for i := 0; i < n; i++ {
			c := Cluster{Spans: map[string][]model.Annotation{}}
			for _, who := range annotators {
				a := group[who][i]
				c.Start, c.End = a.Start(), a.End()
				c.Spans[who] = []model.Annotation{a}
			}
			c.Kind = Exact
			if len(AttributeDiffs(c, annotators)) > 0 {
				c.Kind = AttributesDiffer
			}
			matched = append(matched, c)
		}
		for _, who := range annotators {
			for _, a := range group[who][max(n, 0):] {
				rest = append(rest, item{who, a})
			}
		}
	}
	return matched, rest
}

// spanKey is a span's label and fragments as one comparable string.
func spanKey(a model.Annotation) string {
	var b strings.Builder
	b.WriteString(a.Label)
	for _, f := range a.Fragments {
		b.WriteByte(0)
		b.WriteString(strconv.Itoa(f.Start))
		b.WriteByte('-')
		b.WriteString(strconv.Itoa(f.End))
	}
	return b.String()
}

// clusterOverlaps groups items into maximal runs of overlapping spans.
func clusterOverlaps(items []item) []Cluster {
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
	return out
}

func classify(c *Cluster, annotators []string) Kind {
	if len(annotators) < 2 {
		return OnlyOne
	}
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
		// Only reached when matchExact did not pair them (it pairs every
		// same-label same-fragment set), kept for safety.
		if len(AttributeDiffs(*c, annotators)) > 0 {
			return AttributesDiffer
		}
		return Exact
	case sameExtent:
		return LabelDiffers
	}
	return Partial
}

// AttributeDiffs names, sorted, the attributes whose values differ among
// the first span of each annotator in the cluster (an attribute one side
// left unset differs from any value the other set).
func AttributeDiffs(c Cluster, annotators []string) []string {
	var firsts []model.Annotation
	for _, who := range annotators {
		if spans := c.Spans[who]; len(spans) > 0 {
			firsts = append(firsts, spans[0])
		}
	}
	names := map[string]bool{}
	for _, a := range firsts {
		for k := range a.Attributes {
			names[k] = true
		}
	}
	var out []string
	for k := range names {
		for _, a := range firsts[1:] {
			if attrString(a.Attributes, k) != attrString(firsts[0].Attributes, k) {
				out = append(out, k)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// attrString is an attribute value as text, so 2 (int) and 2.0 (float64,
// as JSON decodes it) compare equal; "" when unset.
func attrString(attrs map[string]any, k string) string {
	v, ok := attrs[k]
	if !ok || v == nil {
		return ""
	}
	return fmt.Sprint(v)
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
