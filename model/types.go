// Package model holds Margin's domain types, their validation and offset
// maths, and the interfaces that storage implements. It depends on nothing
// else in the project and on no UI or database code.
package model

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Document is an imported text. Its text never changes after import; the
// SHA-256 of the text identifies the same document across colleagues' files.
type Document struct {
	ID        int64           `json:"id"`
	Name      string          `json:"name"`
	Text      string          `json:"text"`
	SHA256    string          `json:"sha256"`
	Source    string          `json:"source,omitempty"`
	Meta      json.RawMessage `json:"meta,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
}

// DocumentSummary is a row of the document list: everything but the text.
type DocumentSummary struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	SHA256      string `json:"sha256"`
	Length      int    `json:"length"`
	Annotations int    `json:"annotations"`
	Source      string `json:"source,omitempty"`
}

// TextSHA256 is the hex SHA-256 of a document text.
func TextSHA256(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// Fragment is one contiguous piece of an annotation, in code points, end
// exclusive.
type Fragment struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Annotation is a labeled span (one or more fragments) in one annotator's
// layer of a document.
type Annotation struct {
	ID         string         `json:"id"`
	DocID      int64          `json:"-"`
	Annotator  string         `json:"annotator"`
	Label      string         `json:"label"`
	Fragments  []Fragment     `json:"fragments"`
	Text       string         `json:"text"`
	Attributes map[string]any `json:"attributes"`
	Note       string         `json:"note"`
	CreatedAt  time.Time      `json:"created_at"`
	UpdatedAt  time.Time      `json:"updated_at"`
}

// Start is the first code point covered.
func (a *Annotation) Start() int { return a.Fragments[0].Start }

// End is the code point after the last one covered.
func (a *Annotation) End() int { return a.Fragments[len(a.Fragments)-1].End }

// CoveredText joins the fragments' texts with one space, as brat does.
func CoveredText(ix *TextIndex, frags []Fragment) string {
	if len(frags) == 1 { // the usual span: a slice of the text, nothing allocated
		return ix.Slice(frags[0].Start, frags[0].End)
	}
	parts := make([]string, len(frags))
	for i, f := range frags {
		parts[i] = ix.Slice(f.Start, f.End)
	}
	return strings.Join(parts, " ")
}

// NormalizeFragments sorts fragments by start.
func NormalizeFragments(frags []Fragment) {
	if len(frags) < 2 { // every import validates every span: no sort, no allocation
		return
	}
	sort.Slice(frags, func(i, j int) bool { return frags[i].Start < frags[j].Start })
}

// ValidateFragments checks that every fragment lies inside a text of n code
// points, is non-empty, and that fragments of one annotation do not overlap.
// Fragments must be sorted by start.
func ValidateFragments(frags []Fragment, n int) error {
	if len(frags) == 0 {
		return fmt.Errorf("annotation has no fragments")
	}
	for i, f := range frags {
		if f.Start < 0 || f.Start >= f.End || f.End > n {
			return fmt.Errorf("fragment %d-%d is invalid: need 0 <= start < end <= %d (document length in code points)", f.Start, f.End, n)
		}
		if i > 0 && f.Start < frags[i-1].End {
			return fmt.Errorf("fragments %d-%d and %d-%d of one annotation overlap", frags[i-1].Start, frags[i-1].End, f.Start, f.End)
		}
	}
	return nil
}

// Validate checks the annotation against the document text: fragments in
// range and the recorded covered text equal to the text at the offsets.
// An empty Text is filled in rather than compared.
func (a *Annotation) Validate(ix *TextIndex) error {
	if strings.TrimSpace(a.Label) == "" {
		return fmt.Errorf("annotation %s has no label", a.ID)
	}
	if strings.TrimSpace(a.Annotator) == "" {
		return fmt.Errorf("annotation %s has no annotator", a.ID)
	}
	NormalizeFragments(a.Fragments)
	if err := ValidateFragments(a.Fragments, ix.Len()); err != nil {
		return fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	covered := CoveredText(ix, a.Fragments)
	if a.Text == "" {
		a.Text = covered
	} else if a.Text != covered {
		return &TextMismatchError{ID: a.ID, Fragments: a.Fragments, Want: a.Text, Got: covered}
	}
	return nil
}

// TextMismatchError reports that an annotation's recorded covered text is
// not what the document holds at its offsets. Margin reports it and never
// silently moves the annotation.
type TextMismatchError struct {
	ID        string
	Fragments []Fragment
	Want, Got string
}

func (e *TextMismatchError) Error() string {
	return fmt.Sprintf("annotation %s at %v: recorded text %q but the document has %q", e.ID, e.Fragments, e.Want, e.Got)
}

// Relation links two annotations of one layer with a type, e.g. a claim
// claimed_by an actor.
type Relation struct {
	ID        string    `json:"id"`
	DocID     int64     `json:"-"`
	Annotator string    `json:"annotator"`
	Type      string    `json:"type"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	CreatedAt time.Time `json:"created_at"`
}

// DocLabel classifies a whole document in one annotator's layer.
type DocLabel struct {
	DocID     int64  `json:"-"`
	Annotator string `json:"annotator"`
	Set       string `json:"set"`
	Value     string `json:"value"`
}

// Annotator is a person (or "gold") owning a layer.
type Annotator struct {
	Name string `json:"name"`
}

// GoldAnnotator is the layer built by adjudication.
const GoldAnnotator = "gold"

// Status is an annotator's progress on a document.
type Status string

// StatusStamp is a person's status of a document and when they set it.
type StatusStamp struct {
	DocID     int64
	Annotator string
	Status    Status
	At        time.Time
}

// StatusStamper is a store whose statuses carry the time they were set,
// so that a merge, push or pull carries a person's statuses with the
// merge's rule for edits: the newer wins (both of Margin's stores).
type StatusStamper interface {
	StatusStamps(ctx context.Context) ([]StatusStamp, error)
	// MergeStatuses sets each stamp where the store has no status of
	// that document and person, or an older one, in one transaction,
	// keeping each stamp's time; it returns how many it set.
	MergeStatuses(ctx context.Context, stamps []StatusStamp) (int, error)
}

// Document statuses.
const (
	StatusTodo       Status = "todo"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusTodo || s == StatusInProgress || s == StatusDone
}

// VerdictKind is a curator's decision on a disagreement.
type VerdictKind string

// Verdicts.
const (
	VerdictAccept VerdictKind = "accept" // one side taken into gold as it is
	VerdictEdit   VerdictKind = "edit"   // gold made from a side, then changed
	VerdictReject VerdictKind = "reject" // nothing goes into gold
)

// SourceRef names an annotation a verdict is about.
type SourceRef struct {
	ID        string `json:"id"`
	Annotator string `json:"annotator"`
}

// Verdict is a curator's decision with the provenance of the gold item it
// produced.
type Verdict struct {
	ID        string      `json:"id"`
	DocID     int64       `json:"-"`
	Verdict   VerdictKind `json:"verdict"`
	GoldID    string      `json:"gold_id,omitempty"`
	Sources   []SourceRef `json:"sources"`
	Curator   string      `json:"curator"`
	CreatedAt time.Time   `json:"created_at"`
}

// MergeReport says what a merge brought in.
type MergeReport struct {
	Documents       int      `json:"documents"`         // new documents
	Annotations     int      `json:"annotations"`       // new annotations
	Updated         int      `json:"updated"`           // colleague annotations replaced by a newer version
	Relations       int      `json:"relations"`         // new relations
	DocLabels       int      `json:"doc_labels"`        // new document labels
	Suggestions     int      `json:"suggestions"`       // suggestions carried (issue 16)
	Decisions       int      `json:"decisions"`         // decision-log entries carried
	Labels          []string `json:"labels"`            // labels added to the schema
	Conflicts       []string `json:"conflicts"`         // what was resolved or left, in words
	SkippedOwnLayer int      `json:"skipped_own_layer"` // items of the local user's layer, never touched
	Statuses        int      `json:"statuses"`          // document statuses carried (newer than the target's)
}
