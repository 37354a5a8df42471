package schemaedit

import (
	"fmt"
	"strings"

	"github.com/margin-app/margin/model"
)

// AttrTypes are the attribute types a label's attribute may take.
var AttrTypes = []string{model.AttrEnum, model.AttrText, model.AttrBool, model.AttrNumber}

// AddAttribute appends a text attribute to label i and returns its index
// (-1 when there is no label i).
func (e *Edit) AddAttribute(i int) int {
	l := e.Label(i)
	if l == nil {
		return -1
	}
	name := "attribute"
	for k := 2; hasAttr(l, name); k++ {
		name = fmt.Sprintf("attribute_%d", k)
	}
	l.Attributes = append(l.Attributes, model.AttributeDef{Name: name, Type: model.AttrText})
	return len(l.Attributes) - 1
}

func hasAttr(l *model.Label, name string) bool {
	for _, a := range l.Attributes {
		if a.Name == name {
			return true
		}
	}
	return false
}

// Attr returns attribute k of label i, or nil.
func (e *Edit) Attr(i, k int) *model.AttributeDef {
	l := e.Label(i)
	if l == nil || k < 0 || k >= len(l.Attributes) {
		return nil
	}
	return &l.Attributes[k]
}

// RemoveAttribute deletes attribute k of label i.
func (e *Edit) RemoveAttribute(i, k int) {
	if e.Attr(i, k) != nil {
		l := e.Label(i)
		l.Attributes = append(l.Attributes[:k], l.Attributes[k+1:]...)
	}
}

// SetAttrName renames attribute k of label i.
func (e *Edit) SetAttrName(i, k int, name string) {
	if a := e.Attr(i, k); a != nil {
		a.Name = strings.TrimSpace(name)
	}
}

// SetAttrType changes the type; values are kept until Normalize, so that
// switching to text and back to enum does not lose them.
func (e *Edit) SetAttrType(i, k int, typ string) {
	if a := e.Attr(i, k); a != nil {
		a.Type = typ
	}
}

// SetAttrValues sets an enum's values from comma-separated text.
func (e *Edit) SetAttrValues(i, k int, csv string) {
	if a := e.Attr(i, k); a != nil {
		a.Values = SplitList(csv)
	}
}

// SplitList splits comma-separated text, trimming and dropping blanks.
func SplitList(csv string) []string {
	var out []string
	for _, p := range strings.Split(csv, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
