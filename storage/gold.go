package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/margin-app/margin/model"
)

// Curate records a reviewer's verdict on a disagreement. For accept and
// edit, gold (annotator "gold") is stored in the gold layer; for reject it
// must be nil. sources are the annotations the verdict is about. The gold
// item, the verdict and the history rows are one transaction, undoable by
// the curator.
func (s *DB) Curate(ctx context.Context, v *model.Verdict, gold *model.Annotation) error {
	return s.CurateAll(ctx, []model.Curation{{Verdict: v, Gold: gold}})
}

// CurateAll records the curations as Curate does, all in one transaction
// and one history group (one undo step).
func (s *DB) CurateAll(ctx context.Context, cs []model.Curation) error {
	if err := model.CheckCurations(cs); err != nil {
		return err
	}
	if len(cs) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		grp := s.newGroup()
		if err := s.dropRedo(ctx, tx, cs[0].Verdict.Curator); err != nil {
			return err
		}
		ixs := map[int64]*model.TextIndex{}
		for _, c := range cs {
			if err := s.curate(ctx, tx, grp, ixs, c.Verdict, c.Gold); err != nil {
				return err
			}
		}
		return nil
	})
}

// curate records one verdict (and its gold item) in tx, in history group
// grp; ixs caches the documents' text indexes.
func (s *DB) curate(ctx context.Context, tx *sql.Tx, grp string, ixs map[int64]*model.TextIndex, v *model.Verdict, gold *model.Annotation) error {
	for i := range v.Sources {
		src, err := getAnnotation(ctx, tx, v.Sources[i].ID)
		if err != nil {
			return fmt.Errorf("curate: source %w", err)
		}
		v.Sources[i].Annotator = src.Annotator
		if src.DocID != v.DocID {
			return fmt.Errorf("curate: source %s is in another document", src.ID)
		}
	}
	if gold != nil {
		gold.Annotator = model.GoldAnnotator
		gold.DocID = v.DocID
		ix := ixs[v.DocID]
		if ix == nil {
			var err error
			if ix, err = docIndex(ctx, tx, v.DocID); err != nil {
				return err
			}
			ixs[v.DocID] = ix
		}
		if err := s.insertAnnotation(ctx, tx, ix, gold); err != nil {
			return err
		}
		if err := s.record(ctx, tx, grp, v.Curator, "create", entAnnotation, gold.ID, gold.DocID, nil, gold); err != nil {
			return err
		}
		v.GoldID = gold.ID
	}
	v.ID = newID()
	v.CreatedAt = s.now()
	if err := s.insertVerdict(ctx, tx, v); err != nil {
		return err
	}
	return s.record(ctx, tx, grp, v.Curator, "create", entVerdict, v.ID, v.DocID, nil, v)
}

func (s *DB) insertVerdict(ctx context.Context, tx *sql.Tx, v *model.Verdict) error {
	src, err := json.Marshal(v.Sources)
	if err != nil {
		return err
	}
	var gold any
	if v.GoldID != "" {
		gold = v.GoldID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO verdicts (id, doc_id, verdict, gold_id, sources, curator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		v.ID, v.DocID, string(v.Verdict), gold, string(src), v.Curator, v.CreatedAt.Format("2006-01-02T15:04:05.999999999Z07:00"))
	if err != nil {
		return fmt.Errorf("verdict: %w", err)
	}
	return nil
}

// Verdicts of a document, oldest first.
func (s *DB) Verdicts(ctx context.Context, docID int64) ([]model.Verdict, error) {
	out := []model.Verdict{}
	err := eachRow(ctx, s.db, `SELECT id, doc_id, verdict, COALESCE(gold_id, ''), sources, curator, created_at FROM verdicts WHERE doc_id = ? ORDER BY created_at, id`, []any{docID}, func(rows *sql.Rows) error {
		var v model.Verdict
		var verdict, src, at string
		if err := rows.Scan(&v.ID, &v.DocID, &verdict, &v.GoldID, &src, &v.Curator, &at); err != nil {
			return err
		}
		v.Verdict = model.VerdictKind(verdict)
		if err := json.Unmarshal([]byte(src), &v.Sources); err != nil {
			return fmt.Errorf("verdict %s: %w", v.ID, err)
		}
		v.CreatedAt = parseTime(at)
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verdicts of document %d: %w", docID, err)
	}
	return out, nil
}

// insertVerdictIfNew stores an imported or merged verdict unless one with
// its id is already there (imports and merges are idempotent).
func (s *DB) insertVerdictIfNew(ctx context.Context, tx *sql.Tx, v *model.Verdict) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM verdicts WHERE id = ?`, v.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if v.CreatedAt.IsZero() {
		v.CreatedAt = s.now()
	}
	return s.insertVerdict(ctx, tx, v)
}
