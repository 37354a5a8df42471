package brat

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// confWriter accumulates what the exported documents and the schema use,
// and renders an annotation.conf that brat accepts for them.
type confWriter struct {
	entities, events []string
	spanUsed         map[string]bool     // labels the data uses as entities
	relFrom, relTo   map[string][]string // relation -> labels
	relOrder         []string
	equiv            map[string]bool                // relation types written as * lines
	roles            map[string]map[string][]string // event -> role -> labels
	roleOrder        map[string][]string
	attrTargets      map[string][]string
	attrValues       map[string][]string
	attrBinary       map[string]bool
	attrText         map[string]bool // free text (the schema says so)
	attrOrder        []string
}

func newConfWriter() *confWriter {
	return &confWriter{spanUsed: map[string]bool{}, relFrom: map[string][]string{}, relTo: map[string][]string{}, equiv: map[string]bool{}, roles: map[string]map[string][]string{},
		roleOrder: map[string][]string{}, attrTargets: map[string][]string{}, attrValues: map[string][]string{}, attrBinary: map[string]bool{}, attrText: map[string]bool{}}
}

func addTo(list []string, v string) []string {
	if v == "" || contains(list, v) {
		return list
	}
	return append(list, v)
}

// declare lists a schema label as an entity type unless the data uses it
// as an event type only (see render).
func (w *confWriter) declare(l string) { w.entities = addTo(w.entities, l) }

// entity records a label the data uses as an entity type.
func (w *confWriter) entity(l string) {
	w.entities = addTo(w.entities, l)
	w.spanUsed[l] = true
}

func (w *confWriter) event(l string) { w.events = addTo(w.events, l) }

func (w *confWriter) relation(name, from, to string, equivalence bool) {
	if _, ok := w.relFrom[name]; !ok {
		w.relOrder = append(w.relOrder, name)
		w.relFrom[name] = nil
	}
	w.relFrom[name] = addTo(w.relFrom[name], from)
	w.relTo[name] = addTo(w.relTo[name], to)
	w.equiv[name] = w.equiv[name] || equivalence
}

func (w *confWriter) role(event, role, target string) {
	// brat's conf names the role without the number suffix ("Theme2" is
	// the second "Theme" of a repeatable role).
	role = strings.TrimRight(role, "0123456789")
	if role == "" {
		role = "Arg"
	}
	if w.roles[event] == nil {
		w.roles[event] = map[string][]string{}
	}
	if _, ok := w.roles[event][role]; !ok {
		w.roleOrder[event] = append(w.roleOrder[event], role)
		w.roles[event][role] = nil
	}
	w.roles[event][role] = addTo(w.roles[event][role], target)
}

func (w *confWriter) attr(name, label, value string, binary bool) {
	if _, ok := w.attrTargets[name]; !ok {
		w.attrOrder = append(w.attrOrder, name)
		w.attrTargets[name] = nil
		w.attrBinary[name] = true
	}
	w.attrTargets[name] = addTo(w.attrTargets[name], label)
	if !binary {
		w.attrBinary[name] = false
		w.attrValues[name] = addTo(w.attrValues[name], value)
	}
}

// textAttr declares name a free-text attribute of label.
func (w *confWriter) textAttr(name, label string) {
	w.attr(name, label, "", false)
	w.attrText[name] = true
}

// confValue is v as brat's projectconfig.py can list it in "Value:a|b":
// its argument lists split on ',' and '|', every argument must match
// ^(\S*?):(\S*)$, and <...> is read as a macro.
func confValue(v string) string {
	v = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune(",|<>", r) {
			return '_'
		}
		return r
	}, v)
	if v == "" {
		return "_"
	}
	return v
}

// freeText reports whether attribute a is written as free text: the
// schema says so, or a value cannot be listed in the conf as it is.
func (w *confWriter) freeText(a string) bool {
	if w.attrText[a] {
		return true
	}
	for _, v := range w.attrValues[a] {
		if confValue(v) != v {
			return true
		}
	}
	return false
}

func (w *confWriter) render() []byte {
	var b bytes.Buffer
	types := func(list []string) string {
		if len(list) == 0 {
			return "<ANY>"
		}
		return strings.Join(list, "|")
	}
	b.WriteString("# Written by Margin. Types are the project's labels, sanitized for brat.\n[entities]\n")
	for _, e := range w.entities {
		// An event type is not offered as an entity type too, unless the
		// data has it on plain spans as well.
		if !contains(w.events, e) || w.spanUsed[e] {
			b.WriteString(e + "\n")
		}
	}
	b.WriteString("\n[relations]\n")
	for _, r := range w.relOrder {
		if w.equiv[r] {
			fmt.Fprintf(&b, "%s\tArg1:%s, Arg2:%s, <REL-TYPE>:symmetric-transitive\n", r, types(w.relFrom[r]), types(w.relTo[r]))
			continue
		}
		fmt.Fprintf(&b, "%s\tArg1:%s, Arg2:%s\n", r, types(w.relFrom[r]), types(w.relTo[r]))
	}
	// Margin allows overlapping and nested spans of any types.
	b.WriteString("<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n")
	b.WriteString("\n[events]\n")
	for _, e := range w.events {
		var args []string
		for _, role := range w.roleOrder[e] {
			args = append(args, fmt.Sprintf("%s*:%s", role, types(w.roles[e][role])))
		}
		if len(args) == 0 {
			b.WriteString(e + "\n")
		} else {
			fmt.Fprintf(&b, "%s\t%s\n", e, strings.Join(args, ", "))
		}
	}
	b.WriteString("\n[attributes]\n")
	for _, a := range w.attrOrder {
		if w.attrBinary[a] {
			fmt.Fprintf(&b, "%s\tArg:%s\n", a, types(w.attrTargets[a]))
			continue
		}
		var vals []string
		for _, v := range w.attrValues[a] {
			vals = addTo(vals, confValue(v))
		}
		sort.Strings(vals)
		if w.freeText(a) {
			// brat has no free-text attributes: its conf lists values,
			// and the .ann keeps each value as written (brat shows an
			// unlisted value as it is). The comment tells Margin the
			// list is not the whole story; brat ignores it.
			fmt.Fprintf(&b, "# Margin: free-text attribute %s for %s\n", a, types(w.attrTargets[a]))
			if len(vals) == 0 {
				continue // nothing to list: a Value: list may not be empty
			}
		}
		fmt.Fprintf(&b, "%s\tArg:%s, Value:%s\n", a, types(w.attrTargets[a]), strings.Join(vals, "|"))
	}
	return b.Bytes()
}
