package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// setDocLabelOneTrip is SetDocLabel (storecore.SetDocLabel) in one round
// trip, checked in the client against the schema it last read. The
// history rows of the values a set of one value loses are written by
// the server from the rows it deletes (their states are the label's
// JSON with the deleted value in it), so the client need not read them
// first. The schema's version and the document are guarded: errLongWay,
// nothing written, when either is not as the client thought, or when a
// check fails (the long way tells, from what it reads).
func (s *DB) setDocLabelOneTrip(ctx context.Context, l model.DocLabel) error {
	if l.Annotator == "" {
		return errLongWay
	}
	sc, version, err := s.schemaNow(ctx)
	if err != nil {
		return errLongWay
	}
	set, err := sc.CheckDocLabel(l.Set, l.Value)
	if err != nil {
		s.schema.forget() // perhaps the schema allows it now: read anew
		return errLongWay
	}
	now := s.now()
	actor := s.actor(l.Annotator)
	grp := newGroup()
	after, err := encState(&l)
	if err != nil {
		return err
	}
	var p pipeline
	p.exec(lockPersonSQL, actor)
	s.ensureKnown(&p, l.Annotator, now)
	p.exec(schemaGuardSQL, version)
	p.exec(`SELECT margin_expect_one((SELECT count(*) FROM documents WHERE id = $1), 'the document')`, l.DocID)
	p.dropRedoOnly(actor, now)
	if !set.Multiple {
		lost, err := encState(&model.DocLabel{Annotator: l.Annotator, Set: l.Set})
		if err != nil {
			return err
		}
		p.exec(`WITH d AS (DELETE FROM doc_labels WHERE doc_id = $1 AND annotator = $2 AND set_name = $3 AND value <> $4 RETURNING value)
			INSERT INTO history (grp, at, annotator, action, entity, entity_id, doc_id, before, after)
			SELECT $5::text, $6::timestamptz, $7::text, 'delete', $8::text, $3 || '=' || d.value, $1, jsonb_set($9::jsonb, '{value}', to_jsonb(d.value)), NULL FROM d`,
			l.DocID, l.Annotator, l.Set, l.Value, grp, now, actor, storecore.EntDocLabel, lost)
	}
	p.exec(`WITH i AS (INSERT INTO doc_labels (doc_id, annotator, set_name, value, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1)
		INSERT INTO history (grp, at, annotator, action, entity, entity_id, doc_id, before, after)
		SELECT $6::text, $5, $7::text, 'create', $8::text, $9::text, $1, NULL, $10::jsonb FROM i`,
		l.DocID, l.Annotator, l.Set, l.Value, now, grp, actor, storecore.EntDocLabel, l.Set+"="+l.Value, after)
	if err := s.sendOneTrip(ctx, &p); err != nil {
		if errors.Is(err, errLongWay) {
			s.schema.forget()
		}
		return err
	}
	s.annotators.Store(l.Annotator, true)
	return nil
}

// removeDocLabelOneTrip is RemoveDocLabel in one round trip: the
// deletion is guarded on the label being there (errLongWay, nothing
// written, when it is not: the long way says so).
func (s *DB) removeDocLabelOneTrip(ctx context.Context, l model.DocLabel) error {
	now := s.now()
	actor := s.actor(l.Annotator)
	var p pipeline
	p.exec(lockPersonSQL, actor)
	p.exec(`WITH d AS (DELETE FROM doc_labels WHERE doc_id = $1 AND annotator = $2 AND set_name = $3 AND value = $4 RETURNING 1)
		SELECT margin_expect_one((SELECT count(*) FROM d), 'the document label')`, l.DocID, l.Annotator, l.Set, l.Value)
	p.recordDroppingRedo(now, newGroup(), actor, "delete", storecore.EntDocLabel, l.Set+"="+l.Value, l.DocID, &l, nil)
	return s.sendOneTrip(ctx, &p)
}

// setStatusOneTrip is SetStatus in one round trip: a status has no
// history (it is no annotation to undo), so nothing needs reading.
func (s *DB) setStatusOneTrip(ctx context.Context, docID int64, annotator string, status model.Status) error {
	now := s.now()
	var p pipeline
	s.ensureKnown(&p, annotator, now)
	p.exec(`INSERT INTO doc_status (doc_id, annotator, status, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (doc_id, annotator) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
		docID, annotator, string(status), now)
	if err := s.sendOneTrip(ctx, &p); err != nil {
		return editErr(fmt.Sprintf("set status of document %d", docID), err)
	}
	s.annotators.Store(annotator, true)
	return nil
}

// editErr is err of a one-trip edit, with what it was unless it says so
// itself: an edit already applied, the server out of reach or a refusal
// are returned as they are (the window shows a refusal's start, the
// server's reason).
func editErr(what string, err error) error {
	if errors.Is(err, model.ErrAlreadyApplied) || errors.Is(err, model.ErrOffline) || errors.Is(err, ErrRefused) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}
