package model

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Suggestions are proposals a recommender makes; they are not annotations.
// Each recommender has its own suggestion layer. A suggestion becomes an
// annotation only when a person accepts it, and every decision on it is
// kept in a log (for a methods section: what was proposed, what was taken).

// SuggestionStatus is where a suggestion stands.
type SuggestionStatus string

// Suggestion statuses.
const (
	SuggestionPending  SuggestionStatus = "pending"
	SuggestionAccepted SuggestionStatus = "accepted"
	SuggestionRejected SuggestionStatus = "rejected"
)

// DecisionAction is one entry kind of the decision log.
type DecisionAction string

// Decisions on a suggestion.
const (
	DecisionShown     DecisionAction = "shown"
	DecisionAccepted  DecisionAction = "accepted"
	DecisionRejected  DecisionAction = "rejected"
	DecisionCorrected DecisionAction = "corrected" // accepted with another label or other offsets
	DecisionSkipped   DecisionAction = "skipped"
)

// Valid reports whether a is a known decision.
func (a DecisionAction) Valid() bool {
	switch a {
	case DecisionShown, DecisionAccepted, DecisionRejected, DecisionCorrected, DecisionSkipped:
		return true
	}
	return false
}

// Suggestion is a proposed span (Fragments set) or a proposed document
// label (Set set, Label the value, no fragments).
type Suggestion struct {
	ID          int64            `json:"id"`
	DocID       int64            `json:"doc"`
	Recommender string           `json:"recommender"`
	Version     int              `json:"version"` // the recommender's model version (0: none)
	Label       string           `json:"label"`
	Set         string           `json:"set,omitempty"` // document-label set; "" for a span
	Fragments   []Fragment       `json:"fragments,omitempty"`
	Text        string           `json:"text,omitempty"`
	Attributes  map[string]any   `json:"attributes,omitempty"`
	Score       float64          `json:"score"`
	Source      string           `json:"source,omitempty"` // the model or prompt that made it
	Status      SuggestionStatus `json:"status"`
	CreatedAt   time.Time        `json:"created_at"`
}

// IsDocLabel says whether s proposes a document label.
func (s *Suggestion) IsDocLabel() bool { return s.Set != "" }

// Start is the first code point covered (0 for a document label).
func (s *Suggestion) Start() int {
	if len(s.Fragments) == 0 {
		return 0
	}
	return s.Fragments[0].Start
}

// End is the code point after the last one covered.
func (s *Suggestion) End() int {
	if len(s.Fragments) == 0 {
		return 0
	}
	return s.Fragments[len(s.Fragments)-1].End
}

// InvalidSuggestionError says why a suggestion cannot be stored.
type InvalidSuggestionError struct {
	Recommender string
	Reason      string
}

func (e *InvalidSuggestionError) Error() string {
	return fmt.Sprintf("suggestion of %s: %s", e.Recommender, e.Reason)
}

// Validate checks a suggestion against its document's text, filling in the
// covered text when it is empty.
func (s *Suggestion) Validate(ix *TextIndex) error {
	bad := func(format string, args ...any) error {
		return &InvalidSuggestionError{Recommender: s.Recommender, Reason: fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(s.Recommender) == "" {
		return bad("no recommender name")
	}
	if strings.TrimSpace(s.Label) == "" {
		return bad("no label")
	}
	if !(s.Score >= 0 && s.Score <= 1) { // also refuses NaN
		return bad("score %v is outside 0-1", s.Score)
	}
	if s.IsDocLabel() {
		if len(s.Fragments) > 0 {
			return bad("a document-label suggestion has fragments")
		}
		return nil
	}
	NormalizeFragments(s.Fragments)
	if err := ValidateFragments(s.Fragments, ix.Len()); err != nil {
		return bad("%v", err)
	}
	covered := CoveredText(ix, s.Fragments)
	if s.Text == "" {
		s.Text = covered
	} else if s.Text != covered {
		return bad("text %q does not match the document's %q at %v", s.Text, covered, s.Fragments)
	}
	return nil
}

// Decision is one entry of the decision log. It copies what was decided
// on, so the log stays readable after suggestions are replaced.
type Decision struct {
	ID           int64          `json:"id"`
	SuggestionID int64          `json:"suggestion"`
	DocID        int64          `json:"doc"`
	Action       DecisionAction `json:"action"`
	By           string         `json:"by"`
	At           time.Time      `json:"at"`
	Recommender  string         `json:"recommender"`
	Label        string         `json:"label"`                // the suggestion's label
	NewLabel     string         `json:"new_label"`            // corrected: the label the person chose
	Start        int            `json:"start"`                // the suggestion's span
	End          int            `json:"end"`                  //
	Text         string         `json:"text"`                 //
	Score        float64        `json:"score"`                //
	AnnotationID string         `json:"annotation,omitempty"` // accepted/corrected: the annotation made
}

// SuggestionOrigin is what an annotation made by accepting a suggestion
// remembers of it.
type SuggestionOrigin struct {
	AnnotationID string  `json:"annotation"`
	SuggestionID int64   `json:"suggestion"`
	Recommender  string  `json:"recommender"`
	Version      int     `json:"version"`
	Score        float64 `json:"score"`
}

// SuggestionBatch is a recommender's proposals for one document. Storing
// it replaces that recommender's pending suggestions in the document.
type SuggestionBatch struct {
	DocID       int64
	Recommender string
	Version     int
	// For, when not empty, is the annotator the suggestions are for: a
	// proposal that layer already has (same label and fragments, or same
	// document label) is not stored.
	For   string
	Items []Suggestion
}

// SuggestionQuery selects suggestions; zero fields select everything.
type SuggestionQuery struct {
	// For is whose suggestions, on a store that keeps them per person (a
	// team's server project: each member has their own, migration 016);
	// "" is the person the store's connection acts for. A project file's
	// suggestions are shared, and it ignores For.
	For         string
	DocID       int64
	Recommender string
	Status      SuggestionStatus // "" means pending
	AnyStatus   bool
	MinScore    float64
	IDs         []int64
}

// RecommenderModel is a trained model kept in the project, versioned per
// recommender.
type RecommenderModel struct {
	Recommender string    `json:"recommender"`
	Kind        string    `json:"kind"` // tagger, strings, doclabel, ...
	Version     int       `json:"version"`
	Data        []byte    `json:"-"`
	Evaluation  []byte    `json:"evaluation,omitempty"` // JSON, see suggest.Evaluation
	TrainedOn   string    `json:"trained_on"`           // the layers, comma separated
	Annotations int       `json:"annotations"`          // spans and document labels learned from
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by"`
}

// RecommenderSettings are the user's settings of a recommender.
type RecommenderSettings struct {
	Name      string  `json:"name"`
	Enabled   bool    `json:"enabled"`
	Threshold float64 `json:"threshold"` // below this held-out F1 it stops suggesting
}

// Typed errors of the suggestion store.
var (
	// ErrSuggestionDecided is returned when accepting or rejecting a
	// suggestion that is no longer pending.
	ErrSuggestionDecided = errors.New("suggestion already decided")
	// ErrNoModel is returned when a recommender has no trained model.
	ErrNoModel = errors.New("recommender has no trained model")
)

// AcceptOptions tune an accept.
type AcceptOptions struct {
	Label     string     // another label (a correction); "" keeps the suggestion's
	Fragments []Fragment // other offsets (a correction); nil keeps them
}

// SuggestionStore keeps suggestion layers, the decision log and trained
// recommender models. Accept is one transaction and one undo step: the
// annotation, its history row, its origin and the decision.
type SuggestionStore interface {
	AddSuggestions(ctx context.Context, b SuggestionBatch) (stored int, err error)
	Suggestions(ctx context.Context, q SuggestionQuery) ([]Suggestion, error)
	Suggestion(ctx context.Context, id int64) (*Suggestion, error)
	// AcceptSuggestion makes by's annotation (or document label) from the
	// suggestion; the annotation is nil for a document label.
	AcceptSuggestion(ctx context.Context, id int64, by string, opts AcceptOptions) (*Annotation, error)
	// RejectSuggestion marks it rejected: the same text and label never
	// come back in that document. One undo step for by.
	RejectSuggestion(ctx context.Context, id int64, by string) error
	// LogDecision records shown or skipped (accept and reject log
	// themselves).
	LogDecision(ctx context.Context, id int64, action DecisionAction, by string) error
	Decisions(ctx context.Context, docID int64) ([]Decision, error)
	AnnotationOrigin(ctx context.Context, annotationID string) (*SuggestionOrigin, error)

	SaveModel(ctx context.Context, m *RecommenderModel) error
	LatestModel(ctx context.Context, recommender string) (*RecommenderModel, error)
	// Models are every version of the recommender, oldest first, without
	// their data: the learning curve over time.
	Models(ctx context.Context, recommender string) ([]RecommenderModel, error)
	RecommenderSettings(ctx context.Context, name string) (RecommenderSettings, error)
	SetRecommenderSettings(ctx context.Context, s RecommenderSettings) error
}
