package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// coreTx is one transaction of this store as the logic shared with the
// SQLite store (storage/storecore) runs it: each method is one of
// PostgreSQL's statements ($n placeholders, ON CONFLICT, RETURNING, row
// locks, timestamptz to the microsecond).
type coreTx struct {
	pgQuerier
	s  *DB
	tx pgx.Tx
}

// core is tx as storecore runs it.
func (s *DB) core(tx pgx.Tx) coreTx { return coreTx{pgQuerier{tx}, s, tx} }

// run is s.tx for storecore; locks (lockSchema) are taken first, in the
// same transaction.
func (s *DB) run(ctx context.Context, locks ...func(context.Context, pgx.Tx) error) storecore.Run {
	return func(fn func(storecore.Tx) error) error {
		return s.tx(ctx, func(tx pgx.Tx) error {
			for _, lock := range locks {
				if err := lock(ctx, tx); err != nil {
					return err
				}
			}
			return fn(s.core(tx))
		})
	}
}

var _ storecore.HistoryTx = coreTx{}
var _ storecore.PreviewTx = coreTx{}

func (c coreTx) Now() time.Time   { return c.s.now() }
func (c coreTx) NewID() string    { return newID() }
func (c coreTx) NewGroup() string { return newGroup() }

func (c coreTx) DropRedo(ctx context.Context, actor string) error {
	return c.s.dropRedo(ctx, c.tx, actor)
}

func (c coreTx) Record(ctx context.Context, grp, actor, action, entity, id string, docID int64, before, after any) error {
	return c.s.record(ctx, c.tx, grp, actor, action, entity, id, docID, before, after)
}

func (c coreTx) EnsureAnnotator(ctx context.Context, name string) error {
	return ensureAnnotator(ctx, c.tx, name, c.s.now())
}

func (c coreTx) Annotation(ctx context.Context, id string, lock bool) (*model.Annotation, error) {
	return getAnnotation(ctx, c.tx, id, lock)
}

func (c coreTx) Snapshot(ctx context.Context, a *model.Annotation) (any, error) {
	return withHist(ctx, c.tx, a)
}

func (c coreTx) InsertAnnotation(ctx context.Context, a *model.Annotation, hist int64) error {
	ix, err := c.s.docIndex(ctx, c.tx, a.DocID)
	if err != nil {
		return err
	}
	return c.s.insertAnnotation(ctx, c.tx, ix, a, hist)
}

func (c coreTx) WriteAnnotation(ctx context.Context, a *model.Annotation) error {
	return writeAnnotation(ctx, c.tx, a)
}

func (c coreTx) IDsWithLabel(ctx context.Context, label string) ([]string, error) {
	return c.ids(ctx, `SELECT id FROM annotations WHERE label = $1 ORDER BY doc_id, start_cp, id`, label)
}

func (c coreTx) RelationIDsOf(ctx context.Context, annID string) ([]string, error) {
	return c.ids(ctx, `SELECT id FROM relations WHERE from_id = $1 OR to_id = $1 ORDER BY id`, annID)
}

// ids reads one column of ids; query is one of its callers' constants.
func (c coreTx) ids(ctx context.Context, query string, arg any) ([]string, error) {
	rows, err := c.tx.Query(ctx, query, arg)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

func (c coreTx) InsertRelation(ctx context.Context, r *model.Relation) error {
	return c.s.insertRelation(ctx, c.tx, r)
}

func (c coreTx) InsertDocLabel(ctx context.Context, l model.DocLabel) (bool, error) {
	tag, err := c.tx.Exec(ctx, `INSERT INTO doc_labels (doc_id, annotator, set_name, value, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, l.DocID, l.Annotator, l.Set, l.Value, c.s.now())
	return err == nil && tag.RowsAffected() > 0, err
}

func (c coreTx) DeleteOtherValues(ctx context.Context, l model.DocLabel) ([]string, error) {
	rows, err := c.tx.Query(ctx, `DELETE FROM doc_labels WHERE doc_id = $1 AND annotator = $2 AND set_name = $3 AND value <> $4 RETURNING value`, l.DocID, l.Annotator, l.Set, l.Value)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

func (c coreTx) InsertVerdict(ctx context.Context, v *model.Verdict) error {
	return insertVerdict(ctx, c.tx, v)
}

// NextGroup is the group actor's undo (newest done) or redo (oldest
// undone: the one undone last) takes now, "" when there is none.
func (c coreTx) NextGroup(ctx context.Context, actor string, undo bool) (string, error) {
	q := `SELECT grp FROM history WHERE annotator = $1 AND state = 'done' ORDER BY seq DESC LIMIT 1`
	if !undo {
		q = `SELECT grp FROM history WHERE annotator = $1 AND state = 'undone' ORDER BY seq ASC LIMIT 1`
	}
	var g string
	err := c.tx.QueryRow(ctx, q, actor).Scan(&g)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return g, err
}

func (c coreTx) ImportedIDs(ctx context.Context, r storecore.HistoryRow) ([]string, error) {
	return importedIDs(ctx, c.tx, nativeRow(r))
}

func (c coreTx) ApplyImported(ctx context.Context, r storecore.HistoryRow, target []byte) error {
	return c.s.applyImported(ctx, c.tx, nativeRow(r), target)
}

// ApplyOther applies the rows of the entities only this store keeps:
// suggestions' statuses.
func (c coreTx) ApplyOther(ctx context.Context, r storecore.HistoryRow, target []byte) error {
	if r.Entity == entSuggestion {
		return applySuggestionStatus(ctx, c.tx, r, target)
	}
	return storecore.UnknownEntity(r)
}

// nativeRow is a storecore history row as this package's import code
// (bulk.go) reads it.
func nativeRow(r storecore.HistoryRow) historyRow {
	return historyRow{seq: r.Seq, action: r.Action, entity: r.Entity, id: r.ID, docID: r.DocID, before: r.Before, after: r.After}
}
