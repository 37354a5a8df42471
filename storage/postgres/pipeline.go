package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// pipeline queues the statements of a write whose results the write does
// not need (the row, the person's lock, dropping their redo steps, the
// history row) and sends them in one round trip, in order, inside the
// write's transaction. A single edit then costs its reads, one round
// trip and the commit, instead of a round trip per statement: with 20
// people editing at once, each round trip is a wait for the server.
type pipeline struct {
	b   pgx.Batch
	err error // the first error preparing a statement
}

func (p *pipeline) exec(sql string, args ...any) { p.b.Queue(sql, args...) }

func (p *pipeline) ensureAnnotator(name string, at time.Time) {
	if name == "" && p.err == nil {
		p.err = errEmptyAnnotator
	}
	p.exec(`INSERT INTO annotators (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, at)
}

func (p *pipeline) insertAnnotation(a *model.Annotation) {
	attrs, err := attrsCol(a)
	if err != nil && p.err == nil {
		p.err = err
	}
	p.exec(`INSERT INTO annotations (id, doc_id, annotator, label, start_cp, end_cp, fragments, text, attributes, note, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		a.ID, a.DocID, a.Annotator, a.Label, a.Start(), a.End(), fragmentsCol(a.Fragments), a.Text, attrs, a.Note, a.CreatedAt, a.UpdatedAt)
}

func (p *pipeline) writeAnnotation(a *model.Annotation) {
	attrs, err := attrsCol(a)
	if err != nil && p.err == nil {
		p.err = err
	}
	p.exec(`UPDATE annotations SET label = $1, start_cp = $2, end_cp = $3, fragments = $4, text = $5, attributes = $6, note = $7, updated_at = $8 WHERE id = $9`,
		a.Label, a.Start(), a.End(), fragmentsCol(a.Fragments), a.Text, attrs, a.Note, a.UpdatedAt, a.ID)
}

// dropRedo is DB.dropRedo queued: the person's lock, then their undone
// steps dropped.
func (p *pipeline) dropRedo(actor string, at time.Time) {
	p.exec(lockPersonSQL, actor)
	p.dropRedoOnly(actor, at)
}

// dropRedoOnly is dropRedo without the lock, for a write that took it
// first.
func (p *pipeline) dropRedoOnly(actor string, at time.Time) {
	p.exec(dropRedoSQL, at, actor)
}

const dropRedoSQL = `UPDATE history SET state = 'dropped', state_at = $1 WHERE annotator = $2 AND state = 'undone'`

// record is DB.record queued.
func (p *pipeline) record(at time.Time, grp, actor, action, entity, id string, docID int64, before, after any) {
	b, err := encState(before)
	if err == nil {
		var a any
		if a, err = encState(after); err == nil {
			p.exec(`INSERT INTO history (grp, at, annotator, action, entity, entity_id, doc_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				grp, at, actor, action, entity, id, docID, b, a)
		}
	}
	if err != nil && p.err == nil {
		p.err = err
	}
}

// recordDroppingRedo is dropRedoOnly and record in one statement, for a
// write that took the person's lock first: one statement less per edit.
// The update sees only the rows before the statement, never the one it
// inserts.
func (p *pipeline) recordDroppingRedo(at time.Time, grp, actor, action, entity, id string, docID int64, before, after any) {
	b, err := encState(before)
	if err == nil {
		var a any
		if a, err = encState(after); err == nil {
			p.exec(`WITH dropped AS (UPDATE history SET state = 'dropped', state_at = $2 WHERE annotator = $3 AND state = 'undone')
				INSERT INTO history (grp, at, annotator, action, entity, entity_id, doc_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				grp, at, actor, action, entity, id, docID, b, a)
		}
	}
	if err != nil && p.err == nil {
		p.err = err
	}
}

// send runs the queued statements; the first failure is returned.
func (p *pipeline) send(ctx context.Context, tx pgx.Tx) error {
	if p.err != nil {
		return p.err
	}
	if p.b.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, &p.b).Close()
}

// ensureKnown queues the insert that makes sure of layer name unless
// this handle saw it committed (DB.annotators).
func (s *DB) ensureKnown(p *pipeline, name string, at time.Time) {
	if _, known := s.annotators.Load(name); !known || name == "" {
		p.ensureAnnotator(name, at)
	}
}
