package storecore

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/margin-app/margin/model"
)

// SuggestionKey identifies a proposal by what it proposes (a document
// label's set and value, or a label and its fragments): a proposal a
// layer already has, or one accepted before, is not stored again.
func SuggestionKey(set, label string, frags []model.Fragment) string {
	var b strings.Builder
	b.WriteString(set)
	b.WriteByte(0)
	b.WriteString(label)
	for _, f := range frags {
		fmt.Fprintf(&b, "\x00%d-%d", f.Start, f.End)
	}
	return b.String()
}

// RejectKey identifies what a reject keeps from coming back in its
// document: the same label on the same text, wherever it is.
func RejectKey(set, label, text string) string { return "r\x00" + set + "\x00" + label + "\x00" + text }

// Proposals decides which of a recommender's proposals for a document
// are stored (both stores' AddSuggestions): not one the person's layer
// already has, not one they accepted before, not the text and label of
// one they rejected, and each once.
type Proposals struct {
	have, seen map[string]bool
	decided    map[string]bool
}

// NewProposals starts the decision for one document.
func NewProposals() *Proposals {
	return &Proposals{have: map[string]bool{}, seen: map[string]bool{}, decided: map[string]bool{}}
}

// HasSpan and HasDocLabel record what the person's layer has.
func (p *Proposals) HasSpan(a *model.Annotation) {
	p.have[SuggestionKey("", a.Label, a.Fragments)] = true
}

// HasDocLabel records a document label of the person's layer.
func (p *Proposals) HasDocLabel(set, value string) { p.have[SuggestionKey(set, value, nil)] = true }

// Decided records a suggestion accepted or rejected before.
func (p *Proposals) Decided(sg *model.Suggestion) {
	switch sg.Status {
	case model.SuggestionRejected:
		p.decided[RejectKey(sg.Set, sg.Label, sg.Text)] = true
	case model.SuggestionAccepted:
		p.decided["a\x00"+SuggestionKey(sg.Set, sg.Label, sg.Fragments)] = true
	}
}

// Keep says whether it (validated) is stored, and remembers it.
func (p *Proposals) Keep(it *model.Suggestion) bool {
	k := SuggestionKey(it.Set, it.Label, it.Fragments)
	if p.seen[k] || p.Settled(it) {
		return false
	}
	p.seen[k] = true
	return true
}

// Settled says whether the person's layer has it or they decided on it
// before: proposing it again would ask them twice.
func (p *Proposals) Settled(it *model.Suggestion) bool {
	k := SuggestionKey(it.Set, it.Label, it.Fragments)
	return p.have[k] || p.decided[RejectKey(it.Set, it.Label, it.Text)] || p.decided["a\x00"+k]
}

// StatusFilter is the status a suggestion query selects ("" any).
func StatusFilter(q model.SuggestionQuery) string {
	if q.AnyStatus {
		return ""
	}
	if q.Status == "" {
		return string(model.SuggestionPending)
	}
	return string(q.Status)
}

// Acceptance is what accepting sg with opts makes: the label, and the
// decision it is logged as (a correction when the label or the offsets
// are the person's own), with the new label a correction records.
func Acceptance(sg *model.Suggestion, opts model.AcceptOptions) (label string, action model.DecisionAction, newLabel string) {
	label = sg.Label
	if opts.Label != "" {
		label = opts.Label
	}
	if label != sg.Label || opts.Fragments != nil {
		return label, model.DecisionCorrected, label
	}
	return label, model.DecisionAccepted, ""
}

// AcceptedFragments are the offsets an accept gives the annotation.
func AcceptedFragments(sg *model.Suggestion, opts model.AcceptOptions) []model.Fragment {
	if opts.Fragments != nil {
		return append([]model.Fragment(nil), opts.Fragments...)
	}
	return sg.Fragments
}

// CheckLoggable refuses a decision that logs itself (accept, reject):
// only shown and skipped are logged directly.
func CheckLoggable(action model.DecisionAction) error {
	if action != model.DecisionShown && action != model.DecisionSkipped {
		return fmt.Errorf("log decision %q: only shown and skipped are logged directly (accept and reject log themselves)", action)
	}
	return nil
}

// CheckSettings refuses a threshold outside 0-1 (NaN included).
func CheckSettings(st model.RecommenderSettings) error {
	if !(st.Threshold >= 0 && st.Threshold <= 1) {
		return fmt.Errorf("recommender %s: threshold %v is outside 0-1", st.Name, st.Threshold)
	}
	return nil
}

// DecodeSuggestion fills in a stored suggestion's fragments (frags, JSON,
// when it has more than one; else start and end) and attributes (JSON).
func DecodeSuggestion(sg *model.Suggestion, start, end int, frags *string, attrs string) error {
	switch {
	case frags != nil:
		if err := json.Unmarshal([]byte(*frags), &sg.Fragments); err != nil {
			return fmt.Errorf("suggestion %d: fragments: %w", sg.ID, err)
		}
	case sg.Set == "":
		sg.Fragments = []model.Fragment{{Start: start, End: end}}
	}
	if attrs != "{}" && attrs != "" {
		if err := json.Unmarshal([]byte(attrs), &sg.Attributes); err != nil {
			return fmt.Errorf("suggestion %d: attributes: %w", sg.ID, err)
		}
	}
	return nil
}

// SuggestionAttrs is a suggestion's attributes as stored (JSON).
func SuggestionAttrs(sg *model.Suggestion) (string, error) {
	if len(sg.Attributes) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(sg.Attributes)
	if err != nil {
		return "", fmt.Errorf("suggestion attributes: %w", err)
	}
	return string(b), nil
}

// AcceptEach accepts each of ids with accept (one store's accept inside
// its transaction) and returns the annotations made; a document label
// makes none.
func AcceptEach(ids []int64, accept func(id int64) (*model.Annotation, error)) ([]*model.Annotation, error) {
	var made []*model.Annotation
	for _, id := range ids {
		a, err := accept(id)
		if err != nil {
			return nil, err
		}
		if a != nil {
			made = append(made, a)
		}
	}
	return made, nil
}

// RejectEach rejects each of ids with reject and returns how many it
// rejected: an id an earlier reject took away with it (same text and
// label: model.ErrNotFound) is passed over, the first is not.
func RejectEach(ids []int64, reject func(id int64) error) (int, error) {
	n := 0
	for _, id := range ids {
		err := reject(id)
		if n > 0 && errors.Is(err, model.ErrNotFound) {
			continue
		}
		if err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}
