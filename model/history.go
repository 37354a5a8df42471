package model

import "errors"

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
