package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// Curate records a verdict on a disagreement and, for accept and edit,
// the gold annotation it produced (as storage.DB.Curate).
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
	return s.tx(ctx, func(tx pgx.Tx) error {
		grp := newGroup()
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
func (s *DB) curate(ctx context.Context, tx pgx.Tx, grp string, ixs map[int64]*model.TextIndex, v *model.Verdict, gold *model.Annotation) error {
	for i := range v.Sources {
		src, err := getAnnotation(ctx, tx, v.Sources[i].ID, false)
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
			if ix, err = s.docIndex(ctx, tx, v.DocID); err != nil {
				return err
			}
			ixs[v.DocID] = ix
		}
		if err := s.insertAnnotation(ctx, tx, ix, gold, 0); err != nil {
			return err
		}
		if err := s.record(ctx, tx, grp, v.Curator, "create", entAnnotation, gold.ID, gold.DocID, nil, gold); err != nil {
			return err
		}
		v.GoldID = gold.ID
	}
	v.ID = newID()
	v.CreatedAt = s.now()
	if err := insertVerdict(ctx, tx, v); err != nil {
		return err
	}
	return s.record(ctx, tx, grp, v.Curator, "create", entVerdict, v.ID, v.DocID, nil, v)
}

func insertVerdict(ctx context.Context, tx pgx.Tx, v *model.Verdict) error {
	src, err := json.Marshal(v.Sources)
	if err != nil {
		return err
	}
	var gold any
	if v.GoldID != "" {
		gold = v.GoldID
	}
	v.CreatedAt = v.CreatedAt.UTC().Truncate(time.Microsecond)
	_, err = tx.Exec(ctx, `INSERT INTO verdicts (id, doc_id, verdict, gold_id, sources, curator, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		v.ID, v.DocID, string(v.Verdict), gold, string(src), v.Curator, v.CreatedAt)
	if err != nil {
		return fmt.Errorf("verdict: %w", err)
	}
	return nil
}

// Verdicts of a document, oldest first.
func (s *DB) Verdicts(ctx context.Context, docID int64) ([]model.Verdict, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, doc_id, verdict, COALESCE(gold_id, ''), sources::text, curator, created_at FROM verdicts WHERE doc_id = $1 ORDER BY created_at, id`, docID)
	if err != nil {
		return nil, fmt.Errorf("verdicts of document %d: %w", docID, err)
	}
	defer rows.Close()
	out := []model.Verdict{}
	for rows.Next() {
		var v model.Verdict
		var verdict, src string
		if err := rows.Scan(&v.ID, &v.DocID, &verdict, &v.GoldID, &src, &v.Curator, &v.CreatedAt); err != nil {
			return nil, fmt.Errorf("verdicts of document %d: %w", docID, err)
		}
		v.Verdict = model.VerdictKind(verdict)
		if err := json.Unmarshal([]byte(src), &v.Sources); err != nil {
			return nil, fmt.Errorf("verdict %s: %w", v.ID, err)
		}
		v.CreatedAt = v.CreatedAt.UTC()
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("verdicts of document %d: %w", docID, err)
	}
	return out, nil
}
