package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrHistoryMoved is returned when the step a preview showed is no longer
// the annotator's next undo (or redo): something was done meanwhile (in
// another window, or the command line). Preview again.
var ErrHistoryMoved = errors.New("the latest step changed since it was shown")

// HistoryPreview says what undoing (or redoing) the annotator's next step
// would do, before it is done: the window and the command line show it
// and ask before a bulk step goes.
type HistoryPreview struct {
	Group  string
	Undo   bool
	Action string // create, update, delete, or "mixed"
	// Bulk is an import, merge, label-all or schema change: anything that
	// touches more than one annotation or document, or the schema.
	Bulk   bool
	Schema bool // the step changes the schema
	// Totals over Effects.
	Removed, Restored, Changed int
	Effects                    []HistoryEffect // by document, kind, label
}

// HistoryEffect counts what a step does to one document's items of one
// kind and label.
type HistoryEffect struct {
	DocID int64
	Doc   string // the document's name
	Kind  string // "annotation", "relation", "document label", "verdict"
	Label string // the annotation label, relation type or set=value
	// Removed: items that go; Restored: items that come back; Changed:
	// items that stay, changed.
	Removed, Restored, Changed int
}

// Verb is "undo" or "redo".
func (p *HistoryPreview) Verb() string {
	if p.Undo {
		return "undo"
	}
	return "redo"
}

// Summary is one line saying what the step does, e.g. "undo removes 240
// annotations in 2 documents".
func (p *HistoryPreview) Summary() string {
	verb := p.Verb()
	docs := map[int64]bool{}
	noun := "annotation"
	decisions := 0 // suggestions' statuses an accept or reject set
	for _, e := range p.Effects {
		docs[e.DocID] = true
		if e.Kind == SuggestionDecision {
			decisions += e.Changed
			continue
		}
		if e.Kind != "annotation" {
			noun = "item"
		}
	}
	items := func(n int) string {
		if n == 1 {
			return "1 " + noun
		}
		return fmt.Sprintf("%d %ss", n, noun)
	}
	var parts []string
	if p.Removed > 0 {
		parts = append(parts, "removes "+items(p.Removed))
	}
	if p.Restored > 0 {
		parts = append(parts, "brings back "+items(p.Restored))
	}
	if p.Changed > decisions {
		parts = append(parts, "changes "+items(p.Changed-decisions))
	}
	if decisions > 0 {
		what := "the decision on 1 suggestion"
		if decisions > 1 {
			what = fmt.Sprintf("the decisions on %d suggestions", decisions)
		}
		if p.Undo {
			parts = append(parts, "takes back "+what)
		} else {
			parts = append(parts, "makes "+what+" again")
		}
	}
	if p.Schema {
		parts = append(parts, "puts the schema back as it was")
	}
	if len(parts) == 0 {
		parts = append(parts, "changes nothing still in the project")
	}
	s := verb + " " + strings.Join(parts, ", ")
	if len(docs) > 1 {
		s += fmt.Sprintf(" in %d documents", len(docs))
	}
	return s
}

// SuggestionDecision is the effect kind of a suggestion's status that a
// step sets back (undo of an accept or reject) or again (redo).
const SuggestionDecision = "suggestion decision"

// Details lists per document what goes (−), comes back (+) or changes
// (~) by kind and label, at most max lines (the rest counted in a last
// line); max <= 0 lists everything.
func (p *HistoryPreview) Details(max int) []string {
	var lines []string
	for i := 0; i < len(p.Effects); {
		doc := p.Effects[i].DocID
		name := p.Effects[i].Doc
		if name == "" {
			name = "project"
			if doc != 0 {
				name = fmt.Sprintf("document %d", doc)
			}
		}
		var parts []string
		for ; i < len(p.Effects) && p.Effects[i].DocID == doc; i++ {
			e := p.Effects[i]
			what := e.Label
			if e.Kind != "annotation" {
				what = e.Kind + " " + e.Label
			}
			for _, c := range []struct {
				sign string
				n    int
			}{{"−", e.Removed}, {"+", e.Restored}, {"~", e.Changed}} {
				if c.n > 0 {
					parts = append(parts, fmt.Sprintf("%s %s%d", what, c.sign, c.n))
				}
			}
		}
		lines = append(lines, name+": "+strings.Join(parts, ", "))
	}
	if max > 0 && len(lines) > max {
		rest := len(lines) - (max - 1)
		lines = append(lines[:max-1], fmt.Sprintf("… and %d more documents", rest))
	}
	return lines
}

// HistoryCounter sums what a step does per document, kind and label
// while a store reads the step's history rows; the same for every store.
type HistoryCounter struct {
	effects map[historyKey]*HistoryEffect
}

type historyKey struct {
	doc         int64
	kind, label string
}

// Add counts removed, restored and changed items of kind and label in
// document doc.
func (c *HistoryCounter) Add(doc int64, kind, label string, removed, restored, changed int) {
	k := historyKey{doc, kind, label}
	e := c.effects[k]
	if e == nil {
		if c.effects == nil {
			c.effects = map[historyKey]*HistoryEffect{}
		}
		e = &HistoryEffect{DocID: doc, Kind: kind, Label: label}
		c.effects[k] = e
	}
	e.Removed += removed
	e.Restored += restored
	e.Changed += changed
}

// AddAction records one history row's action: the step's action while all
// rows agree, "mixed" once they differ.
func (p *HistoryPreview) AddAction(action string) {
	if p.Action == "" {
		p.Action = action
	} else if p.Action != action {
		p.Action = "mixed"
	}
}

// Finish adds c's effects to p: each named after its document (docName,
// asked once per document), summed into the totals, sorted by document,
// kind and label; and decides whether the step is bulk: a schema change,
// or more than one annotation or document (an import, a merge, a
// label-all).
func (p *HistoryPreview) Finish(c *HistoryCounter, docName func(id int64) (string, error)) error {
	names := map[int64]string{}
	annotations := 0
	for _, e := range c.effects {
		if _, ok := names[e.DocID]; !ok && e.DocID != 0 {
			name, err := docName(e.DocID)
			if err != nil {
				return err
			}
			names[e.DocID] = name
		}
		e.Doc = names[e.DocID]
		p.Removed += e.Removed
		p.Restored += e.Restored
		p.Changed += e.Changed
		if e.Kind == "annotation" {
			annotations += e.Removed + e.Restored + e.Changed
		}
		p.Effects = append(p.Effects, *e)
	}
	sort.Slice(p.Effects, func(i, j int) bool {
		a, b := p.Effects[i], p.Effects[j]
		if a.DocID != b.DocID {
			return a.DocID < b.DocID
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Label < b.Label
	})
	if p.Schema || annotations > 1 || len(names) > 1 {
		p.Bulk = true
	}
	return nil
}
