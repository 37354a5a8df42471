package formats

import (
	"testing"

	"github.com/margin-app/margin/model"
)

// A streaming import hands each document to the store while the reader
// goes on; the store writes into the document's relations, so the summary
// must not share them (go test -race saw the qdpx round trip race).
func TestSummaryKeepsItsOwnRelations(t *testing.T) {
	d := model.DocumentImport{
		Annotations: []model.Annotation{{ID: "a", Label: "CLAIM"}, {ID: "b", Label: "ACTOR"}},
		Relations:   []model.Relation{{ID: "r", Type: "claimed_by", From: "a", To: "b"}},
	}
	var s Summary
	s.Add(&d)
	d.Relations[0].Type = "changed by the store"
	rels := s.Imported().Relations
	if len(rels) != 1 || rels[0].Name != "claimed_by" || rels[0].From[0] != "CLAIM" || rels[0].To[0] != "ACTOR" {
		t.Fatalf("relation types %+v", rels)
	}
}
