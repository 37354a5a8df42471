package schemaedit

import (
	"reflect"

	"github.com/margin-app/margin/model"
)

// Edit is the working copy of a schema being edited. It remembers the
// name every label had when editing began, so that renames can be
// reported, and keeps relation ends by label identity, so that renames
// (even through a transient duplicate name) and merges carry them.
type Edit struct {
	s    *model.Schema
	orig []string // orig[i]: name s.Labels[i] had when editing began ("" new)
	was  map[string]bool
	// ids[i] is the identity of s.Labels[i]; ends are kept by identity.
	ids    []int
	nextID int
	ends   []relEnds // parallel to s.Relations
	// parents[i] is the identity of s.Labels[i]'s Parent, -1 when it has
	// none or names no label (then Parent is kept as written).
	parents []int
	// merged maps the original name of a label merged into another to that
	// label's identity (an ids value): on save it is a rename onto that
	// label's name, so its annotations take that label.
	merged map[string]int
	// start is the schema as a save would have stored it when editing
	// began: Modified compares against it.
	start *model.Schema
}

type relEnds struct{ from, to []int }

// New starts editing a copy of cur (nil: an empty schema); cur itself is
// never changed.
func New(cur *model.Schema) *Edit {
	e := &Edit{s: Clone(cur), was: map[string]bool{}, merged: map[string]int{}}
	byName := map[string]int{}
	for _, l := range e.s.Labels {
		e.orig = append(e.orig, l.Name)
		e.was[l.Name] = true
		e.ids = append(e.ids, e.nextID)
		if _, dup := byName[l.Name]; !dup {
			byName[l.Name] = e.nextID
		}
		e.nextID++
	}
	toIDs := func(names []string) []int {
		var out []int
		for _, n := range names {
			if id, ok := byName[n]; ok {
				out = append(out, id)
			}
		}
		return out
	}
	for _, r := range e.s.Relations {
		e.ends = append(e.ends, relEnds{toIDs(r.From), toIDs(r.To)})
	}
	for _, l := range e.s.Labels {
		id, ok := byName[l.Parent]
		if l.Parent == "" || !ok {
			id = -1
		}
		e.parents = append(e.parents, id)
	}
	e.start = e.Result()
	return e
}

// Modified reports whether a save would store something other than the
// schema editing began with: an edit undone by hand (a label renamed and
// renamed back) is no change, so closing need not ask.
func (e *Edit) Modified() bool {
	return !reflect.DeepEqual(e.Result(), e.start)
}

// Schema is the working copy as it stands, for reading (lists, forms,
// previews): change it only through Edit's methods, which keep the
// relation ends and renames consistent.
func (e *Edit) Schema() *model.Schema {
	e.sync()
	return e.s
}

// Result is a copy of the edited schema as a save stores it: relation
// ends by current names, values only on enum attributes.
func (e *Edit) Result() *model.Schema {
	e.sync()
	e.Normalize()
	return Clone(e.s)
}

// sync rewrites the relation types' label names and the labels' parents
// from what is kept by identity: relation ends in the schema's label
// order; a parent removed in this edit leaves its children top-level.
func (e *Edit) sync() {
	for k := range e.s.Relations {
		e.s.Relations[k].From = e.namesOf(e.ends[k].from)
		e.s.Relations[k].To = e.namesOf(e.ends[k].to)
	}
	for i, id := range e.parents {
		if id < 0 {
			continue
		}
		if j := e.indexOf(id); j >= 0 {
			e.s.Labels[i].Parent = e.s.Labels[j].Name
		} else {
			e.s.Labels[i].Parent = ""
		}
	}
}

func (e *Edit) namesOf(ids []int) []string {
	set := map[int]bool{}
	for _, id := range ids {
		set[id] = true
	}
	var out []string
	for i, id := range e.ids {
		if set[id] {
			out = append(out, e.s.Labels[i].Name)
		}
	}
	return out
}

// Normalize drops the values of non-enum attributes (they would mean
// nothing, and the dialog keeps them only while the user switches types).
func (e *Edit) Normalize() {
	for i := range e.s.Labels {
		for k := range e.s.Labels[i].Attributes {
			if a := &e.s.Labels[i].Attributes[k]; a.Type != model.AttrEnum {
				a.Values = nil
			}
		}
	}
}

// SetAllowOverlap sets whether spans may overlap.
func (e *Edit) SetAllowOverlap(on bool) { e.s.AllowOverlap = on }

// Clone copies a schema deeply: every field of every label (Parent and
// Patterns too), attribute,
// relation type (Equivalence too) and document label set, with lists of
// its own.
func Clone(s *model.Schema) *model.Schema {
	out := &model.Schema{}
	if s == nil {
		return out
	}
	out.AllowOverlap = s.AllowOverlap
	for _, l := range s.Labels {
		c := l
		c.Patterns = append([]string(nil), l.Patterns...)
		c.Attributes = nil
		for _, a := range l.Attributes {
			a.Values = append([]string(nil), a.Values...)
			c.Attributes = append(c.Attributes, a)
		}
		out.Labels = append(out.Labels, c)
	}
	for _, r := range s.Relations {
		c := r
		c.From, c.To = append([]string(nil), r.From...), append([]string(nil), r.To...)
		out.Relations = append(out.Relations, c)
	}
	for _, d := range s.DocLabelSets {
		c := d
		c.Values = append([]string(nil), d.Values...)
		out.DocLabelSets = append(out.DocLabelSets, c)
	}
	return out
}
