package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// entAnnotation is storecore's history entity of an annotation.
const entAnnotation = storecore.EntAnnotation

// record writes one history row in the caller's transaction; before and
// after are the entity's states (nil: absent), stored as JSON.
func (s *DB) record(ctx context.Context, tx pgx.Tx, grp, actor, action, entity, id string, docID int64, before, after any) error {
	var p pipeline
	p.record(s.now(), grp, s.actor(actor), action, entity, id, docID, before, after)
	if err := p.send(ctx, tx); err != nil {
		return fmt.Errorf("record history: %w", err)
	}
	return nil
}

// actor is whose history an edit in name's layer (or made in name's
// name) goes to: on a member's connection, the member's, who did it (a
// lead writing in ana's layer gets the undo of it, and ana's undo never
// takes it back); on the owner's, name's, as the owner acts for whoever
// they name (imports, the CLI's --annotator). Undo and redo are not
// mapped: a member asking to undo another's step is refused by the
// server as before.
func (s *DB) actor(name string) string {
	if s.person != "" {
		return s.person
	}
	return name
}

// encState is a state as JSON text, or nil (SQL NULL) for absent.
func encState(v any) (any, error) { return storecore.EncState(v) }

// lockPerson serializes one person's history changes (a new step, undo,
// redo) across every client of the project until the transaction ends:
// two windows of one annotator never interleave their undo.
// The key is a 64-bit hash of the name (any seed; 17 for the issue): two
// names that collide only wait for each other.
func lockPerson(ctx context.Context, tx pgx.Tx, actor string) error {
	_, err := tx.Exec(ctx, lockPersonSQL, actor)
	return err
}

const lockPersonSQL = `SELECT pg_advisory_xact_lock(hashtextextended($1, 17))`

// dropRedo makes the actor's undone steps unredoable: a new change starts
// a new branch. The rows stay for the audit trail.
func (s *DB) dropRedo(ctx context.Context, tx pgx.Tx, actor string) error {
	var p pipeline
	p.dropRedo(s.actor(actor), s.now())
	return p.send(ctx, tx)
}

type historyRow struct {
	seq                int64
	action, entity, id string
	docID              int64
	before, after      []byte // JSON; nil: absent
}

// step undoes or redoes actor's next group (storecore.Step), holding
// actor's history lock.
func (s *DB) step(ctx context.Context, actor, want string, undo bool) (*model.HistoryStep, error) {
	var step *model.HistoryStep
	err := s.tx(ctx, func(tx pgx.Tx) (err error) {
		if err := lockPerson(ctx, tx, actor); err != nil {
			return err
		}
		step, err = storecore.Step(ctx, s.core(tx), actor, want, undo)
		return err
	})
	if err != nil {
		return nil, err
	}
	return step, nil
}
