package schemaedit

import (
	"fmt"
	"strings"

	"github.com/margin-app/margin/model"
)

// AddDocSet appends a document label set (values yes, no) with a fresh
// name and returns its index.
func (e *Edit) AddDocSet() int {
	name := "document_label"
	for k := 2; e.hasDocSet(name); k++ {
		name = fmt.Sprintf("document_label_%d", k)
	}
	e.s.DocLabelSets = append(e.s.DocLabelSets, model.DocLabelSet{Name: name, Values: []string{"yes", "no"}})
	return len(e.s.DocLabelSets) - 1
}

func (e *Edit) hasDocSet(name string) bool {
	for _, d := range e.s.DocLabelSets {
		if d.Name == name {
			return true
		}
	}
	return false
}

// DocSet returns document label set i, or nil.
func (e *Edit) DocSet(i int) *model.DocLabelSet {
	if i < 0 || i >= len(e.s.DocLabelSets) {
		return nil
	}
	return &e.s.DocLabelSets[i]
}

// RemoveDocSet deletes document label set i.
func (e *Edit) RemoveDocSet(i int) {
	if e.DocSet(i) != nil {
		e.s.DocLabelSets = append(e.s.DocLabelSets[:i], e.s.DocLabelSets[i+1:]...)
	}
}

// SetDocSetName renames document label set i.
func (e *Edit) SetDocSetName(i int, name string) {
	if d := e.DocSet(i); d != nil {
		d.Name = strings.TrimSpace(name)
	}
}

// SetDocSetValues sets set i's values from comma-separated text.
func (e *Edit) SetDocSetValues(i int, csv string) {
	if d := e.DocSet(i); d != nil {
		d.Values = SplitList(csv)
	}
}

// SetDocSetMultiple sets whether a document may take several of set i's
// values.
func (e *Edit) SetDocSetMultiple(i int, on bool) {
	if d := e.DocSet(i); d != nil {
		d.Multiple = on
	}
}
