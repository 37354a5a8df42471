package formats

import (
	"sort"
	"strings"

	"github.com/margin-app/margin/model"
)

// DocLabelSets collects, one document at a time, the document-label sets
// an input uses with their values in first-seen order, so an import can
// grow the schema by them as it grows it by span labels. A set is
// Multiple when one annotator gave one document two of its values.
type DocLabelSets struct {
	idx  map[string]int
	vals []map[string]bool
	sets []model.DocLabelSet
}

// Add records the document labels of d.
func (c *DocLabelSets) Add(d *model.DocumentImport) {
	if len(d.DocLabels) == 0 {
		return
	}
	if c.idx == nil {
		c.idx = map[string]int{}
	}
	type key struct{ who, set string }
	per := map[key]int{}
	for _, l := range d.DocLabels {
		i, ok := c.idx[l.Set]
		if !ok {
			i = len(c.sets)
			c.idx[l.Set] = i
			c.sets = append(c.sets, model.DocLabelSet{Name: l.Set})
			c.vals = append(c.vals, map[string]bool{})
		}
		if !c.vals[i][l.Value] {
			c.vals[i][l.Value] = true
			c.sets[i].Values = append(c.sets[i].Values, l.Value)
		}
		k := key{l.Annotator, l.Set}
		if per[k]++; per[k] > 1 {
			c.sets[i].Multiple = true
		}
	}
}

// Sets returns the sets seen so far (a copy).
func (c *DocLabelSets) Sets() []model.DocLabelSet {
	out := make([]model.DocLabelSet, len(c.sets))
	for i, s := range c.sets {
		out[i] = model.DocLabelSet{Name: s.Name, Values: append([]string(nil), s.Values...), Multiple: s.Multiple}
	}
	return out
}

// DocLabelSetsFor lists the document-label sets docs use.
func DocLabelSetsFor(docs []model.DocumentImport) []model.DocLabelSet {
	var c DocLabelSets
	for i := range docs {
		c.Add(&docs[i])
	}
	return c.Sets()
}

// MergeDocLabelSets returns have grown by more: new sets are appended,
// values a known set lacks are added to it, and a set becomes Multiple
// when either side is.
func MergeDocLabelSets(have, more []model.DocLabelSet) []model.DocLabelSet {
	out := make([]model.DocLabelSet, len(have))
	for i, s := range have {
		out[i] = model.DocLabelSet{Name: s.Name, Values: append([]string(nil), s.Values...), Multiple: s.Multiple}
	}
	for _, m := range more {
		i := 0
		for i < len(out) && out[i].Name != m.Name {
			i++
		}
		if i == len(out) {
			out = append(out, model.DocLabelSet{Name: m.Name})
		}
		for _, v := range m.Values {
			if !contains(out[i].Values, v) {
				out[i].Values = append(out[i].Values, v)
			}
		}
		out[i].Multiple = out[i].Multiple || m.Multiple
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// DocLabelSetsKey is the key under which Margin's doccano and spaCy
// exports name the document-label set of each class, next to the tool's
// own class list ({"stance": ["pro"]}): the tools keep or ignore unknown
// keys, and a set keeps its name on a round trip.
const DocLabelSetsKey = "doc_label_sets"

// AssignDocLabelSets gives each class its set. The classes are the tool's
// and decide which classes the document has (a colleague may have changed
// them in doccano); sets (read from DocLabelSetsKey) only names the set of
// the classes it lists; the rest go to def. Annotator is left empty.
func AssignDocLabelSets(classes []string, sets map[string][]string, def string) []model.DocLabel {
	left := map[string]int{}
	for _, c := range classes {
		left[c]++
	}
	var out []model.DocLabel
	names := make([]string, 0, len(sets))
	for n := range sets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		for _, v := range sets[n] {
			if left[v] > 0 {
				left[v]--
				out = append(out, model.DocLabel{Set: n, Value: v})
			}
		}
	}
	for _, c := range classes {
		if left[c] > 0 {
			left[c]--
			out = append(out, model.DocLabel{Set: def, Value: c})
		}
	}
	return out
}
