package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// coreTx is one transaction of this store as the logic shared with the
// PostgreSQL store (storage/storecore) runs it: each method is one of
// SQLite's statements (ids as 16-byte keys, times as RFC 3339 text).
type coreTx struct {
	sqlQuerier
	s  *DB
	tx *sql.Tx
}

// core is tx as storecore runs it.
func (s *DB) core(tx *sql.Tx) coreTx { return coreTx{sqlQuerier{tx}, s, tx} }

// run is s.tx for storecore.
func (s *DB) run(ctx context.Context) storecore.Run {
	return func(fn func(storecore.Tx) error) error {
		return s.tx(ctx, func(tx *sql.Tx) error { return fn(s.core(tx)) })
	}
}

var _ storecore.HistoryTx = coreTx{}
var _ storecore.PreviewTx = coreTx{}

func (c coreTx) Now() time.Time   { return c.s.now() }
func (c coreTx) NewID() string    { return newID() }
func (c coreTx) NewGroup() string { return c.s.newGroup() }

func (c coreTx) DropRedo(ctx context.Context, actor string) error {
	return c.s.dropRedo(ctx, c.tx, actor)
}

func (c coreTx) Record(ctx context.Context, grp, actor, action, entity, id string, docID int64, before, after any) error {
	return c.s.record(ctx, c.tx, grp, actor, action, entity, id, docID, before, after)
}

func (c coreTx) EnsureAnnotator(ctx context.Context, name string) error {
	return ensureAnnotator(ctx, c.tx, name, c.s.stamp())
}

func (c coreTx) Annotation(ctx context.Context, id string, _ bool) (*model.Annotation, error) {
	return getAnnotation(ctx, c.tx, id) // a SQLite write transaction locks the whole file
}

func (c coreTx) Snapshot(ctx context.Context, a *model.Annotation) (any, error) {
	return withHist(ctx, c.tx, a)
}

func (c coreTx) InsertAnnotation(ctx context.Context, a *model.Annotation, hist int64) error {
	ix, err := c.s.docIndex(ctx, c.tx, a.DocID)
	if err != nil {
		return err
	}
	if err := c.s.insertAnnotation(ctx, c.tx, ix, a); err != nil {
		return err
	}
	if hist == 0 {
		return nil
	}
	_, err = c.tx.ExecContext(ctx, `UPDATE annotations SET hist = ? WHERE id = ?`, hist, idKey(a.ID))
	return err
}

func (c coreTx) WriteAnnotation(ctx context.Context, a *model.Annotation) error {
	return c.s.writeAnnotation(ctx, c.tx, a)
}

func (c coreTx) IDsWithLabel(ctx context.Context, label string) ([]string, error) {
	return c.ids(ctx, `SELECT id FROM annotations WHERE label = ? ORDER BY doc_id, start`, label, true)
}

func (c coreTx) RelationIDsOf(ctx context.Context, annID string) ([]string, error) {
	return c.ids(ctx, `SELECT id FROM relations WHERE from_id = ?1 OR to_id = ?1`, idKey(annID), false)
}

// ids reads one column of ids: annotation ids (key) in either stored
// form (scanID), relation ids as the text they are.
func (c coreTx) ids(ctx context.Context, query string, arg any, key bool) ([]string, error) {
	var ids []string
	err := eachRow(ctx, c.tx, query, []any{arg}, func(rows *sql.Rows) error {
		var id string
		var to any = &id
		if key {
			to = scanID{&id}
		}
		err := rows.Scan(to)
		ids = append(ids, id)
		return err
	})
	return ids, err
}

func (c coreTx) InsertRelation(ctx context.Context, r *model.Relation) error {
	return c.s.insertRelation(ctx, c.tx, r)
}

func (c coreTx) InsertDocLabel(ctx context.Context, l model.DocLabel) (bool, error) {
	r, err := c.tx.ExecContext(ctx, `INSERT OR IGNORE INTO doc_labels (doc_id, annotator, set_name, value, created_at) VALUES (?, ?, ?, ?, ?)`, l.DocID, l.Annotator, l.Set, l.Value, c.s.stamp())
	return affected(r, err)
}

func (c coreTx) DeleteOtherValues(ctx context.Context, l model.DocLabel) ([]string, error) {
	var old []string
	err := eachRow(ctx, c.tx, `SELECT value FROM doc_labels WHERE doc_id = ? AND annotator = ? AND set_name = ? AND value <> ?`, []any{l.DocID, l.Annotator, l.Set, l.Value}, func(rows *sql.Rows) error {
		var v string
		err := rows.Scan(&v)
		old = append(old, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, v := range old {
		if _, err := c.tx.ExecContext(ctx, `DELETE FROM doc_labels WHERE doc_id = ? AND annotator = ? AND set_name = ? AND value = ?`, l.DocID, l.Annotator, l.Set, v); err != nil {
			return nil, err
		}
	}
	return old, nil
}

// affected says whether an INSERT OR IGNORE added a row.
func affected(r sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, _ := r.RowsAffected()
	return n > 0, nil
}

func (c coreTx) InsertVerdict(ctx context.Context, v *model.Verdict) error {
	return c.s.insertVerdict(ctx, c.tx, v)
}
