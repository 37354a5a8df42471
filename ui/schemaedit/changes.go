package schemaedit

import (
	"fmt"
	"sort"
)

// Renames maps each original label name to its current one, when changed,
// and each label merged into another to that label's current name: the
// mapping a save hands to the store so that annotations follow.
func (e *Edit) Renames() map[string]string {
	m := map[string]string{}
	for i, l := range e.s.Labels {
		if e.orig[i] != "" && e.orig[i] != l.Name {
			m[e.orig[i]] = l.Name
		}
	}
	for old, id := range e.merged {
		if i := e.indexOf(id); i >= 0 && e.s.Labels[i].Name != old {
			m[old] = e.s.Labels[i].Name
		}
	}
	return m
}

// MergedInto lists, sorted, the original labels merged into label i.
func (e *Edit) MergedInto(i int) []string {
	var out []string
	for old, id := range e.merged {
		if i >= 0 && i < len(e.ids) && id == e.ids[i] {
			out = append(out, old)
		}
	}
	sort.Strings(out)
	return out
}

// Dropped lists, sorted, the original labels that were deleted (not
// renamed, nor merged into a label still there).
func (e *Edit) Dropped() []string {
	kept := map[string]bool{}
	for _, o := range e.orig {
		kept[o] = true
	}
	for old, id := range e.merged {
		if e.indexOf(id) >= 0 {
			kept[old] = true
		}
	}
	var out []string
	for n := range e.was {
		if !kept[n] {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Removed lists the original labels whose annotations a save would
// delete: dropped, and no label of that name added again.
func (e *Edit) Removed() []string {
	var out []string
	for _, n := range e.Dropped() {
		if !e.hasLabel(n) {
			out = append(out, n)
		}
	}
	return out
}

// Validate runs Schema.Validate on the working copy and refuses a rename
// onto a removed label. Swaps and chains of renames are fine:
// storage.ChangeSchema applies Renames as one simultaneous mapping, so
// each annotation moves exactly once.
func (e *Edit) Validate() error {
	e.sync()
	if err := e.s.Validate(); err != nil {
		return err
	}
	return e.checkOntoRemoved()
}

// checkOntoRemoved refuses a rename onto the name of a label being removed:
// the removed label's annotations would silently take the renamed label
// instead of being deleted (or kept) as the user was asked.
func (e *Edit) checkOntoRemoved() error {
	removed := map[string]bool{}
	for _, r := range e.Dropped() {
		removed[r] = true
	}
	for i, l := range e.s.Labels {
		if old := e.orig[i]; old != "" && old != l.Name && removed[l.Name] {
			return fmt.Errorf("%s is renamed to %s, a label being removed: save the removal first", old, l.Name)
		}
	}
	return nil
}
