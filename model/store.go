package model

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrNotFound is returned when an entity does not exist.
var ErrNotFound = errors.New("not found")

// ErrStale is returned (wrapped) for a change made from an out-of-date
// copy: the item was changed meanwhile by another window or command, so
// writing the copy would silently revert that change; also for an undo or
// redo whose items were changed since the step. Nothing was written; the
// caller reloads and shows the current state.
var ErrStale = errors.New("changed meanwhile by another window or command")

// ErrUndoElsewhere is returned (wrapped) by an undo or redo from outside
// any window (the command line) when the annotator's newest step was made
// in a Margin window that is still open: that window undoes it, and the
// command does not reach past it to an older step.
var ErrUndoElsewhere = errors.New("the newest step was made in a Margin window that is still open")

// NewDocument is what an import hands to the store.
type NewDocument struct {
	Name   string
	Text   string
	Source string
	Meta   []byte
}

// DocumentImport is one document with the layers that come with it, stored
// all-or-nothing.
type DocumentImport struct {
	Doc         NewDocument
	Annotations []Annotation
	Relations   []Relation
	DocLabels   []DocLabel
	Verdicts    []Verdict // curation provenance of gold items
	// Suggestions are proposals that came with the input (Label Studio
	// predictions, or an import --as-suggestions); each names its
	// recommender. They are stored in the import's transaction.
	Suggestions []Suggestion
	// Updates are newer versions of annotations the project already has
	// (a push or pull, storage.Transfer), written in the import's
	// transaction with a history row each.
	Updates []AnnotationUpdate
	// Index is Doc.Text's index if the reader built one, so that the store
	// need not index the text a second time (an import indexes every
	// document); nil otherwise. It must index Doc.Text exactly.
	Index *TextIndex
}

// AnnotationUpdate replaces the stored annotation with Annotation's id by
// Annotation (its label, extent, note, attributes and UpdatedAt). Was is
// the stored one's UpdatedAt when the update was decided: a stored one
// changed since then fails the whole import with ErrStale, so that a
// decision made on an old reading never reverts a newer edit.
type AnnotationUpdate struct {
	Annotation Annotation
	Was        time.Time
}

// SchemaGrowth computes the schema an import stores with its documents
// from the schema in force (current) when the import's transaction writes,
// so that a schema change committed while the input was being read is
// grown, not reverted. It returns nil to keep current unchanged.
type SchemaGrowth func(current *Schema) (*Schema, error)

// ImportResult says what an import did with one document.
type ImportResult struct {
	DocID       int64
	Reused      bool // a document with the same SHA-256 already existed
	Annotations int
	Skipped     int // annotations already present (same id)
}

// Store is a Margin project. Every write method is one transaction; every
// annotation change is recorded in the history in that same transaction.
type Store interface {
	Close() error
	Path() string
	// ReadOnly reports a project opened without write access: every write
	// fails and the window disables editing.
	ReadOnly() bool

	Schema(ctx context.Context) (*Schema, error)
	SetSchema(ctx context.Context, s *Schema, by string) error
	// ChangeSchema replaces the schema, moving annotations of renamed labels
	// (renames: old -> new) and, with force, deleting those of dropped
	// labels; one transaction and one undo step for by.
	ChangeSchema(ctx context.Context, s *Schema, by string, renames map[string]string, force bool) (*SchemaChange, error)

	// ImportDocuments stores documents with their layers, all or nothing.
	ImportDocuments(ctx context.Context, docs []DocumentImport) ([]ImportResult, error)
	// Import is ImportDocuments that also grows the schema (when grow is
	// not nil) in the same transaction, from the schema in force then.
	Import(ctx context.Context, docs []DocumentImport, grow SchemaGrowth, by string) ([]ImportResult, error)
	Documents(ctx context.Context) ([]DocumentSummary, error)
	Document(ctx context.Context, id int64) (*Document, error)

	// Annotations of a document; annotator "" means every layer.
	Annotations(ctx context.Context, docID int64, annotator string) ([]Annotation, error)
	Annotation(ctx context.Context, id string) (*Annotation, error)
	// CreateAnnotations stores new annotations as one undo step.
	CreateAnnotations(ctx context.Context, as []*Annotation) error
	UpdateAnnotation(ctx context.Context, a *Annotation) error
	// UpdateAnnotationAs is an update by a named person (a curator editing
	// the gold layer); the history and undo are theirs.
	UpdateAnnotationAs(ctx context.Context, a *Annotation, by string) error
	DeleteAnnotation(ctx context.Context, id, by string) error
	// Undo reverts the annotator's latest change group; it returns false
	// when there is nothing to undo. Redo re-applies the latest undone one.
	Undo(ctx context.Context, annotator string) (*HistoryStep, error)
	Redo(ctx context.Context, annotator string) (*HistoryStep, error)
	// PreviewHistory says what Undo (undo true) or Redo would do now,
	// changing nothing; nil when there is nothing to do.
	PreviewHistory(ctx context.Context, annotator string, undo bool) (*HistoryPreview, error)
	// StepHistory undoes (or redoes) group, the step a preview showed;
	// ErrHistoryMoved when it is no longer the annotator's next one.
	StepHistory(ctx context.Context, annotator, group string, undo bool) (*HistoryStep, error)

	Relations(ctx context.Context, docID int64) ([]Relation, error)
	CreateRelation(ctx context.Context, r *Relation) error
	DeleteRelation(ctx context.Context, id, by string) error

	DocLabels(ctx context.Context, docID int64) ([]DocLabel, error)
	SetDocLabel(ctx context.Context, l DocLabel) error
	RemoveDocLabel(ctx context.Context, l DocLabel) error

	// Curate records a verdict on a disagreement and, for accept/edit, the
	// gold annotation it produced, with provenance.
	Curate(ctx context.Context, v *Verdict, gold *Annotation) error
	// CurateAll records the curations in one transaction and one undo
	// step of their curator: all of them or, on an error, none.
	CurateAll(ctx context.Context, cs []Curation) error
	Verdicts(ctx context.Context, docID int64) ([]Verdict, error)

	SetStatus(ctx context.Context, docID int64, annotator string, status Status) error
	Statuses(ctx context.Context) (map[int64]map[string]Status, error)
	Annotators(ctx context.Context) ([]string, error)
	// Assignments is which documents each person is asked to annotate
	// (person -> document ids); empty when the project assigns nothing,
	// as a project file never does (see Queue).
	Assignments(ctx context.Context) (map[string][]int64, error)

	// QueryAnnotations is one page of the annotations of every document
	// (the annotations table), filtered and sorted by the store, with the
	// number of rows that match, so a window pages through a million
	// spans without loading them.
	QueryAnnotations(ctx context.Context, q AnnotationQuery) (*AnnotationPage, error)
	// SearchDocuments finds the documents whose text holds the words of
	// text (whole words, any case; at most limit documents, in import
	// order) with every occurrence (FindWords).
	SearchDocuments(ctx context.Context, text string, limit int) ([]SearchHit, error)
	// LabelCounts counts spans per document, annotator and label.
	LabelCounts(ctx context.Context) ([]LabelCount, error)
	// Progress counts, per day and annotator, the spans created (still
	// present) and the documents marked done, oldest day first.
	Progress(ctx context.Context) ([]DayCount, error)

	// Check runs the SQLite integrity check and compares every annotation's
	// covered text with its document.
	Check(ctx context.Context) ([]string, error)
}

// HistoryStep describes an undone or redone change group.
type HistoryStep struct {
	Group   string
	DocID   int64
	Action  string // create, update, delete, "mixed", or "decision" (only a suggestion's status)
	Count   int
	Changed []string // annotation ids
}

// Words say what the step changed, for a status line: "create of 1
// item", "mixed of 3 items", "decision on 1 suggestion".
func (s *HistoryStep) Words() string {
	if s.Action == "decision" {
		if s.Count == 1 {
			return "decision on 1 suggestion"
		}
		return fmt.Sprintf("decisions on %d suggestions", s.Count)
	}
	return s.Action + " of " + Plural(s.Count, "item", "items")
}

// Plural is "1 one" or "n many": "1 match", "3 matches".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ApplyUpdates checks and applies an import's updates of document docID
// (text ix), for both stores: load reads (and locks) the stored
// annotation in the import's transaction, write stores after in place of
// before with its history row.
func ApplyUpdates(ups []AnnotationUpdate, docID int64, ix *TextIndex, load func(id string) (*Annotation, error), write func(before, after *Annotation) error) error {
	for i := range ups {
		a := ups[i].Annotation
		stored, err := load(a.ID)
		if err != nil {
			return err
		}
		if stored.Annotator != a.Annotator || stored.DocID != docID {
			return fmt.Errorf("annotation %s belongs to %s in document %d, not to %s in document %d", a.ID, stored.Annotator, stored.DocID, a.Annotator, docID)
		}
		if !stored.UpdatedAt.Equal(ups[i].Was) {
			return fmt.Errorf("annotation %s (%s): %w", a.ID, stored.Label, ErrStale)
		}
		a.DocID = docID
		a.CreatedAt = stored.CreatedAt
		if err := a.Validate(ix); err != nil {
			return fmt.Errorf("annotation %s: %w", a.ID, err)
		}
		if a.Attributes == nil {
			a.Attributes = map[string]any{}
		}
		if err := write(stored, &a); err != nil {
			return err
		}
	}
	return nil
}

// StoreAs is s, or the store it wraps (the offline queue in front of a
// server project: offlinequeue.Store.Unwrap), as a T: what a store offers
// beyond Store, which a wrapper does not forward.
func StoreAs[T any](s Store) (T, bool) {
	for {
		if t, ok := s.(T); ok {
			return t, true
		}
		u, ok := s.(interface{ Unwrap() Store })
		if !ok {
			var zero T
			return zero, false
		}
		s = u.Unwrap()
	}
}
