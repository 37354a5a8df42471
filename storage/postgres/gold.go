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
// the gold annotation it produced; one transaction, undoable by the
// curator.
func (s *DB) Curate(ctx context.Context, v *model.Verdict, gold *model.Annotation) error {
	switch v.Verdict {
	case model.VerdictAccept, model.VerdictEdit:
		if gold == nil {
			return fmt.Errorf("curate: %s needs a gold annotation", v.Verdict)
		}
	case model.VerdictReject:
		if gold != nil {
			return fmt.Errorf("curate: reject makes no gold annotation")
		}
	default:
		return fmt.Errorf("curate: unknown verdict %q", v.Verdict)
	}
	if v.Curator == "" || v.Curator == model.GoldAnnotator {
		return fmt.Errorf("curate: the curator must be a person")
	}
	return s.tx(ctx, func(tx pgx.Tx) error {
		grp := newGroup()
		if err := s.dropRedo(ctx, tx, v.Curator); err != nil {
			return err
		}
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
			ix, err := s.docIndex(ctx, tx, v.DocID)
			if err != nil {
				return err
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
	})
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
