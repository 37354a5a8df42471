package postgres

import (
	"context"
	"errors"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// createRelationOneTrip is CreateRelation in one round trip (onetrip.go),
// for a relation between two annotations whose stored states this
// handle knows (anncache.go), checked in the client against the schema
// it last read (schemacache.go). The insert is guarded on the ends'
// document, layer and labels, which it locks as the long way does (a
// relabel meanwhile waits or is seen), and on the schema's version: if
// either changed, nothing is written and errLongWay returned. A check
// that fails here is the long way's to tell, with the state it reads.
func (s *DB) createRelationOneTrip(ctx context.Context, r *model.Relation) error {
	from, okFrom := s.states.get(r.From)
	to, okTo := s.states.get(r.To)
	if !okFrom || !okTo {
		return errLongWay
	}
	sc, version, err := s.schemaNow(ctx)
	if err != nil {
		return errLongWay
	}
	next := *r
	now := s.now()
	if err := storecore.PrepareRelation(sc, &next, &from.a, &to.a, now); err != nil {
		s.schema.forget() // perhaps the schema allows it now: read anew
		return errLongWay
	}
	actor := s.actor(next.Annotator)
	var p pipeline
	p.exec(lockPersonSQL, actor)
	s.ensureKnown(&p, next.Annotator, now)
	p.exec(schemaGuardSQL, version)
	p.exec(`WITH i AS (INSERT INTO relations (id, doc_id, annotator, type, from_id, to_id, created_at)
			SELECT $1::text, $2::bigint, $3::text, $4::text, $5::text, $6::text, $7::timestamptz
			WHERE EXISTS (SELECT 1 FROM annotations WHERE id = $5 AND doc_id = $2 AND annotator = $3 AND label = $8::text FOR SHARE)
			AND EXISTS (SELECT 1 FROM annotations WHERE id = $6 AND doc_id = $2 AND annotator = $3 AND label = $9::text FOR SHARE)
			RETURNING 1)
		SELECT margin_expect_one((SELECT count(*) FROM i), 'relation ' || $1)`,
		next.ID, next.DocID, next.Annotator, next.Type, next.From, next.To, next.CreatedAt, from.a.Label, to.a.Label)
	p.recordDroppingRedo(now, newGroup(), actor, "create", storecore.EntRelation, next.ID, next.DocID, nil, &next)
	if err := s.sendOneTrip(ctx, &p); err != nil {
		if errors.Is(err, errLongWay) {
			s.schema.forget() // perhaps it was the schema that changed
		}
		return err
	}
	*r = next
	s.relations.put(r.ID, *r)
	s.annotators.Store(r.Annotator, true)
	return nil
}

// deleteRelationOneTrip is DeleteRelation in one round trip, for a
// relation this handle created or read (relcache.go): the deletion is
// guarded on the whole row, errLongWay (nothing written) when it is not
// there as remembered, or when by may not edit its layer (the long way
// tells).
func (s *DB) deleteRelationOneTrip(ctx context.Context, id, by string) error {
	r, ok := s.relations.get(id)
	if !ok || !mayEdit(r.Annotator, by) {
		return errLongWay
	}
	now := s.now()
	actor := s.actor(by)
	var p pipeline
	p.exec(lockPersonSQL, actor)
	p.exec(`WITH d AS (DELETE FROM relations WHERE id = $1 AND doc_id = $2 AND annotator = $3 AND type = $4
			AND from_id = $5 AND to_id = $6 AND created_at = $7 RETURNING 1)
		SELECT margin_expect_one((SELECT count(*) FROM d), 'relation ' || $1)`,
		r.ID, r.DocID, r.Annotator, r.Type, r.From, r.To, r.CreatedAt)
	p.recordDroppingRedo(now, newGroup(), actor, "delete", storecore.EntRelation, id, r.DocID, &r, nil)
	err := s.sendOneTrip(ctx, &p)
	if !errors.Is(err, errLongWay) {
		s.relations.forget(id) // deleted, or unknown
	}
	return err
}

// deleteRelationsOfSQL deletes the relations touching annotation $1 and
// records each deletion in group $2 at $3 by $4 (entity $5), oldest id
// first as storecore.DeleteRelationsOf does. Each history row's state is
// the relation as encState writes a model.Relation: its JSON fields, the
// creation time in RFC 3339 with as many fractional digits as it needs
// (time.Time's JSON, in UTC).
const deleteRelationsOfSQL = `WITH r AS (DELETE FROM relations WHERE from_id = $1 OR to_id = $1
		RETURNING id, doc_id, annotator, type, from_id, to_id, created_at AT TIME ZONE 'UTC' AS at)
	INSERT INTO history (grp, at, annotator, action, entity, entity_id, doc_id, before, after)
	SELECT $2::text, $3::timestamptz, $4::text, 'delete', $5::text, r.id, r.doc_id,
		jsonb_build_object('id', r.id, 'annotator', r.annotator, 'type', r.type, 'from', r.from_id, 'to', r.to_id,
			'created_at', to_char(r.at, 'YYYY-MM-DD"T"HH24:MI:SS')
				|| CASE WHEN date_part('microseconds', r.at)::bigint % 1000000 = 0 THEN ''
					ELSE '.' || rtrim(to_char(r.at, 'US'), '0') END || 'Z'),
		NULL
	FROM r ORDER BY r.id`
