package schemaedit

import (
	"fmt"
	"strings"

	"github.com/margin-app/margin/internal/labelcolor"
	"github.com/margin-app/margin/model"
)

// Label returns label i of the working copy, or nil.
func (e *Edit) Label(i int) *model.Label {
	if i < 0 || i >= len(e.s.Labels) {
		return nil
	}
	return &e.s.Labels[i]
}

// IndexOfName returns the index of the label named name, or -1.
func (e *Edit) IndexOfName(name string) int {
	for i, l := range e.s.Labels {
		if l.Name == name {
			return i
		}
	}
	return -1
}

// indexOf returns the index of the label with identity id, or -1.
func (e *Edit) indexOf(id int) int {
	for i, x := range e.ids {
		if x == id {
			return i
		}
	}
	return -1
}

func (e *Edit) hasLabel(name string) bool { return e.IndexOfName(name) >= 0 }

// RenamedFrom is the name label i had when editing began, when it has
// been renamed since ("" otherwise, and for labels added in this edit).
func (e *Edit) RenamedFrom(i int) string {
	if i < 0 || i >= len(e.orig) || e.orig[i] == e.s.Labels[i].Name {
		return ""
	}
	return e.orig[i]
}

// AddLabel appends a label with a fresh name and an unused palette colour
// and returns its index.
func (e *Edit) AddLabel() int {
	name := "NEW_LABEL"
	for k := 2; e.hasLabel(name); k++ {
		name = fmt.Sprintf("NEW_LABEL_%d", k)
	}
	var used []string
	for _, l := range e.s.Labels {
		used = append(used, l.Color)
	}
	e.s.Labels = append(e.s.Labels, model.Label{Name: name, Color: labelcolor.Pick(used)})
	e.orig = append(e.orig, "")
	e.parents = append(e.parents, -1)
	e.ids = append(e.ids, e.nextID)
	e.nextID++
	e.sync()
	return len(e.s.Labels) - 1
}

// RemoveLabel deletes label i and drops it from relation types.
func (e *Edit) RemoveLabel(i int) {
	if i < 0 || i >= len(e.s.Labels) {
		return
	}
	e.s.Labels = append(e.s.Labels[:i], e.s.Labels[i+1:]...)
	e.orig = append(e.orig[:i], e.orig[i+1:]...)
	e.parents = append(e.parents[:i], e.parents[i+1:]...)
	e.ids = append(e.ids[:i], e.ids[i+1:]...)
	e.sync()
}

// RenameLabel renames label i; relation types and child labels follow it.
func (e *Edit) RenameLabel(i int, name string) {
	if l := e.Label(i); l != nil {
		l.Name = name
		e.sync()
	}
}

// SetColor sets label i's colour (#rrggbb; Validate says when it is not).
func (e *Edit) SetColor(i int, hex string) {
	if l := e.Label(i); l != nil {
		l.Color = strings.TrimSpace(hex)
	}
}

// SetHotkey sets label i's hotkey ("" none).
func (e *Edit) SetHotkey(i int, key string) {
	if l := e.Label(i); l != nil {
		l.Hotkey = strings.TrimSpace(key)
	}
}

// SetGuideline sets label i's guideline: Markdown, shown beside the text
// and as the label's tooltip, and printed in the codebook. It is stored as
// the label's description (the schema's TOML key "description").
func (e *Edit) SetGuideline(i int, markdown string) {
	if l := e.Label(i); l != nil {
		l.Description = markdown
	}
}

// MergeLabel merges label i into label into: i goes, its annotations take
// into's label when the schema is saved, relation types allowing i allow
// into instead, and i's child labels move under into (into itself, if it
// was one, takes i's parent). A label added in this edit has no annotations and
// simply goes.
func (e *Edit) MergeLabel(i, into int) {
	if i < 0 || i >= len(e.s.Labels) || into < 0 || into >= len(e.s.Labels) || i == into {
		return
	}
	from, to := e.ids[i], e.ids[into]
	for k := range e.ends {
		e.ends[k].from = replaceID(e.ends[k].from, from, to)
		e.ends[k].to = replaceID(e.ends[k].to, from, to)
	}
	for k, p := range e.parents {
		if p == from {
			e.parents[k] = to
		}
	}
	if e.parents[into] == to { // into was i's child: it takes i's place
		p := e.parents[i]
		if p == to {
			p = -1
		}
		e.parents[into] = p
		if p < 0 {
			e.s.Labels[into].Parent = ""
		}
	}
	for old, id := range e.merged { // labels merged into i earlier follow it
		if id == from {
			e.merged[old] = to
		}
	}
	if o := e.orig[i]; o != "" {
		e.merged[o] = to
	}
	e.RemoveLabel(i)
}

// replaceID replaces from with to in ids, keeping each id once.
func replaceID(ids []int, from, to int) []int {
	out := ids[:0]
	seen := map[int]bool{}
	for _, id := range ids {
		if id == from {
			id = to
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
