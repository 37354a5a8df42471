package schemaedit

import (
	"fmt"
	"strings"

	"github.com/margin-app/margin/model"
)

// AddRelation appends a relation type with a fresh name and no allowed
// labels and returns its index.
func (e *Edit) AddRelation() int {
	name := "relation"
	for k := 2; e.hasRelation(name); k++ {
		name = fmt.Sprintf("relation_%d", k)
	}
	e.s.Relations = append(e.s.Relations, model.RelationType{Name: name})
	e.ends = append(e.ends, relEnds{})
	return len(e.s.Relations) - 1
}

func (e *Edit) hasRelation(name string) bool {
	for _, r := range e.s.Relations {
		if r.Name == name {
			return true
		}
	}
	return false
}

// RemoveRelation deletes relation type k.
func (e *Edit) RemoveRelation(k int) {
	if k >= 0 && k < len(e.s.Relations) {
		e.s.Relations = append(e.s.Relations[:k], e.s.Relations[k+1:]...)
		e.ends = append(e.ends[:k], e.ends[k+1:]...)
	}
}

// SetRelationName renames relation type k.
func (e *Edit) SetRelationName(k int, name string) {
	if k >= 0 && k < len(e.s.Relations) {
		e.s.Relations[k].Name = strings.TrimSpace(name)
	}
}

// Allows reports whether relation type k allows label i as its source
// (from) or target.
func (e *Edit) Allows(k int, from bool, i int) bool {
	if k < 0 || k >= len(e.ends) || i < 0 || i >= len(e.ids) {
		return false
	}
	list := e.ends[k].to
	if from {
		list = e.ends[k].from
	}
	for _, id := range list {
		if id == e.ids[i] {
			return true
		}
	}
	return false
}

// SetRelationEnd allows (on) or disallows label i as the source (from) or
// target of relation type k.
func (e *Edit) SetRelationEnd(k int, from bool, i int, on bool) {
	if k < 0 || k >= len(e.s.Relations) || i < 0 || i >= len(e.ids) {
		return
	}
	list := &e.ends[k].to
	if from {
		list = &e.ends[k].from
	}
	id := e.ids[i]
	out := (*list)[:0:0]
	for _, x := range *list {
		if x != id {
			out = append(out, x)
		}
	}
	if on {
		out = append(out, id)
	}
	*list = out
	e.sync()
}
