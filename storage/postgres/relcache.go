package postgres

import "github.com/margin-app/margin/model"

// relCacheSize bounds the relations a handle remembers (DB.relations):
// a relation never changes once made (it is created and deleted, and an
// undo brings back the same row), so one this handle created or read is
// the stored row until it is deleted, and its deletion can go in one
// trip, guarded on the whole row (deleteRelationOneTrip).
const relCacheSize = 4096

// rememberRelations keeps rs as read (Relations).
func (s *DB) rememberRelations(rs []model.Relation) {
	for _, r := range rs {
		s.relations.put(r.ID, r)
	}
}
