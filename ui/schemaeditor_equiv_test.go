package ui

import (
	"testing"

	"github.com/margin-app/margin/model"
)

// An edit elsewhere in the schema keeps a relation type's Equivalence (a
// brat import's symmetric-transitive Alias); losing it would make the brat
// export write chains of R lines instead of one * line.
func TestSchemaEditKeepsEquivalence(t *testing.T) {
	cur := &model.Schema{Labels: []model.Label{{Name: "Person", Color: "#112233"}, {Name: "GPE", Color: "#445566"}},
		Relations: []model.RelationType{{Name: "Alias", From: []string{"Person"}, To: []string{"Person"}, Equivalence: true}}}
	e := newSchemaEdit(cur)
	e.renameLabel(1, "PLACE")
	got := e.result()
	if len(got.Relations) != 1 || !got.Relations[0].Equivalence {
		t.Errorf("relations after an edit: %+v", got.Relations)
	}
}
