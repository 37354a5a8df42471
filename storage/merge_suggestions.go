package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// Merging a colleague's file carries their suggestions, their decision
// log and the origins of the annotations they accepted (issue 16), inside
// the merge's transaction. This project's own suggestions are never
// changed. A colleague's suggestion is copied with its status unless
// this project has the same proposal (recommender, label, fragments)
// already; a pending one is also left out when the local user's layer has
// it or the document rejected its text and label, as AddSuggestions does.
// A decision is copied unless this project logged the same one (who,
// when, what, on which text); it then points at this project's copy of
// its suggestion. Merging the same file twice adds nothing.

// mergeSuggestions copies the suggestions, decisions and origins of the
// colleague's document otherDoc into doc.
func (s *DB) mergeSuggestions(ctx context.Context, tx *sql.Tx, other *DB, otherDoc, doc int64, local string, rep *model.MergeReport) error {
	// A colleague's file written before suggestions existed has none (it
	// is read as it is, never migrated: OpenReadOnly).
	var n int
	if err := other.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('suggestions', 'suggestion_decisions', 'annotation_origins')`).Scan(&n); err != nil {
		return err
	}
	if n < 3 {
		return nil
	}
	theirs, err := other.Suggestions(ctx, model.SuggestionQuery{DocID: otherDoc, AnyStatus: true})
	if err != nil {
		return err
	}
	idMap := map[int64]int64{} // their suggestion id -> ours
	if len(theirs) > 0 {
		if err := s.mergeSuggestionRows(ctx, tx, theirs, doc, local, idMap, rep); err != nil {
			return err
		}
	}
	if err := s.mergeDecisions(ctx, tx, other, otherDoc, doc, idMap, rep); err != nil {
		return err
	}
	return s.mergeOrigins(ctx, tx, other, otherDoc, idMap)
}

func (s *DB) mergeSuggestionRows(ctx context.Context, tx *sql.Tx, theirs []model.Suggestion, doc int64, local string, idMap map[int64]int64, rep *model.MergeReport) error {
	ix, err := s.docIndex(ctx, tx, doc)
	if err != nil {
		return err
	}
	ours := map[string]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT `+suggestionCols+` FROM suggestions WHERE doc_id = ?`, doc)
	if err != nil {
		return err
	}
	for rows.Next() {
		sg, err := scanSuggestion(rows)
		if err != nil {
			rows.Close()
			return err
		}
		ours[sg.Recommender+"\x00"+storecore.SuggestionKey(sg.Set, sg.Label, sg.Fragments)] = sg.ID
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	settled := storecore.NewProposals()
	if err := layerKeys(ctx, tx, doc, local, settled); err != nil {
		return err
	}
	if err := decidedKeys(ctx, tx, doc, settled); err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO suggestions (doc_id, recommender, version, label, set_name, start, end, fragments, text, attributes, score, source, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for i := range theirs {
		t := theirs[i]
		k := storecore.SuggestionKey(t.Set, t.Label, t.Fragments)
		if id, ok := ours[t.Recommender+"\x00"+k]; ok {
			idMap[t.ID] = id
			continue
		}
		if t.Status == model.SuggestionPending && settled.Settled(&t) {
			continue
		}
		t.DocID = doc
		if err := t.Validate(ix); err != nil {
			return fmt.Errorf("suggestion %d: %w", t.ID, err)
		}
		attrs, err := storecore.SuggestionAttrs(&t)
		if err != nil {
			return fmt.Errorf("suggestion %d: %w", t.ID, err)
		}
		var frags any
		if len(t.Fragments) > 1 {
			frags = fragmentsJSON(t.Fragments)
		}
		r, err := ins.ExecContext(ctx, doc, t.Recommender, t.Version, t.Label, t.Set, t.Start(), t.End(), frags, t.Text, attrs, t.Score, t.Source, string(t.Status), t.CreatedAt.UTC().Format(time.RFC3339Nano))
		if err != nil {
			return fmt.Errorf("merge suggestion %d: %w", t.ID, err)
		}
		id, err := r.LastInsertId()
		if err != nil {
			return err
		}
		idMap[t.ID] = id
		ours[t.Recommender+"\x00"+k] = id
		rep.Suggestions++
	}
	return nil
}

// decisionCols are the decision log's columns copied by a merge.
const decisionCols = `action, by_name, at, recommender, label, new_label, start, end, text, score, annotation_id`

func (s *DB) mergeDecisions(ctx context.Context, tx *sql.Tx, other *DB, otherDoc, doc int64, idMap map[int64]int64, rep *model.MergeReport) error {
	type row struct {
		sugg                                          int64
		action, by, at, rec, label, newLabel, text, a string
		start, end                                    int
		score                                         float64
	}
	read := func(q interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	}, docID int64) ([]row, error) {
		rows, err := q.QueryContext(ctx, `SELECT suggestion_id, `+decisionCols+` FROM suggestion_decisions WHERE doc_id = ? ORDER BY id`, docID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.sugg, &r.action, &r.by, &r.at, &r.rec, &r.label, &r.newLabel, &r.start, &r.end, &r.text, &r.score, &r.a); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, rows.Err()
	}
	theirs, err := read(other.db, otherDoc)
	if err != nil || len(theirs) == 0 {
		return err
	}
	ours, err := read(tx, doc)
	if err != nil {
		return err
	}
	key := func(r row) string {
		return fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%d\x00%d\x00%s", r.action, r.by, r.at, r.rec, r.label, r.newLabel, r.start, r.end, r.text)
	}
	seen := map[string]bool{}
	for _, r := range ours {
		seen[key(r)] = true
	}
	for _, r := range theirs {
		if seen[key(r)] {
			continue
		}
		seen[key(r)] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO suggestion_decisions (suggestion_id, doc_id, `+decisionCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			idMap[r.sugg], doc, r.action, r.by, r.at, r.rec, r.label, r.newLabel, r.start, r.end, r.text, r.score, r.a); err != nil {
			return fmt.Errorf("merge decision log: %w", err)
		}
		rep.Decisions++
	}
	return nil
}

// mergeOrigins copies where the colleague's accepted annotations of the
// document came from, for the annotations this project has now.
func (s *DB) mergeOrigins(ctx context.Context, tx *sql.Tx, other *DB, otherDoc int64, idMap map[int64]int64) error {
	rows, err := other.db.QueryContext(ctx, `SELECT o.annotation_id, o.suggestion_id, o.recommender, o.version, o.score FROM annotation_origins o
		JOIN suggestions s ON s.id = o.suggestion_id WHERE s.doc_id = ?`, otherDoc)
	if err != nil {
		return err
	}
	type origin struct {
		ann   string
		sugg  int64
		rec   string
		ver   int
		score float64
	}
	var os []origin
	for rows.Next() {
		var o origin
		if err := rows.Scan(&o.ann, &o.sugg, &o.rec, &o.ver, &o.score); err != nil {
			rows.Close()
			return err
		}
		os = append(os, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, o := range os {
		if _, err := getAnnotation(ctx, tx, o.ann); errors.Is(err, model.ErrNotFound) {
			continue // not merged (the local user's own layer, or undone there)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO annotation_origins (annotation_id, suggestion_id, recommender, version, score) VALUES (?, ?, ?, ?, ?)`,
			o.ann, idMap[o.sugg], o.rec, o.ver, o.score); err != nil {
			return fmt.Errorf("merge origin of %s: %w", o.ann, err)
		}
	}
	return nil
}
