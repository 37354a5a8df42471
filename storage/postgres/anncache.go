package postgres

import (
	"encoding/json"
	"fmt"

	"github.com/margin-app/margin/model"
)

// The stored states of the annotations a handle wrote last. An update or
// deletion needs the row's state before it (for its history row and
// undo); read in its transaction, that is a round trip more while the
// row and the person's lock are held. With the state known, the edit is
// one guarded statement instead: it writes only a row still exactly in
// that state (rowIs), and otherwise the edit goes the long way. So a
// stale entry costs a round trip, never a wrong history row.
const annStateCacheSize = 4096

type annState struct {
	a    model.Annotation // as a read would return it
	hist *int64           // the import row it came from, if any
}

type annStateCache struct{ recent[annState] }

// put remembers a as stored (a copy: the caller's may change).
func (c *annStateCache) put(a *model.Annotation, hist *int64) {
	st, err := storedState(a, hist)
	if err != nil {
		c.forget(a.ID)
		return
	}
	c.recent.put(a.ID, st)
}

// storedState is a as scanAnnotation would read it back: its own
// fragments, and attributes decoded from the JSON stored, so that the
// history row written from it is the one a read would have given.
func storedState(a *model.Annotation, hist *int64) (annState, error) {
	st := annState{a: *a}
	st.a.Fragments = append([]model.Fragment(nil), a.Fragments...)
	attrs, err := attrsCol(a)
	if err != nil {
		return st, err
	}
	st.a.Attributes = nil
	if err := json.Unmarshal([]byte(attrs), &st.a.Attributes); err != nil {
		return st, fmt.Errorf("annotation %s: attributes: %w", a.ID, err)
	}
	if st.a.Attributes == nil {
		st.a.Attributes = map[string]any{}
	}
	st.a.CreatedAt, st.a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	if hist != nil {
		h := *hist
		st.hist = &h
	}
	return st, nil
}

// rowIs is the condition that annotation row st.a.ID is exactly st, with
// its parameters numbered from n.
func (st annState) rowIs(n int) (string, []any, error) {
	attrs, err := attrsCol(&st.a)
	if err != nil {
		return "", nil, err
	}
	a := &st.a
	cond := fmt.Sprintf(`id = $%d AND doc_id = $%d AND annotator = $%d AND label = $%d AND start_cp = $%d AND end_cp = $%d
		AND fragments IS NOT DISTINCT FROM $%d::jsonb AND text = $%d AND attributes = $%d::jsonb AND note = $%d
		AND created_at = $%d AND updated_at = $%d AND hist IS NOT DISTINCT FROM $%d::bigint`,
		n, n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11, n+12)
	return cond, []any{a.ID, a.DocID, a.Annotator, a.Label, a.Start(), a.End(), fragmentsCol(a.Fragments), a.Text, attrs, a.Note,
		a.CreatedAt, a.UpdatedAt, st.hist}, nil
}

// snapshot is the state a deletion's history row keeps (withHist's).
func (st annState) snapshot() any {
	if st.hist == nil {
		return &st.a
	}
	return annotationRecord{Annotation: st.a, Hist: *st.hist}
}
