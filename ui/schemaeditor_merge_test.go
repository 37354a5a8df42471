package ui

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/margin-app/margin/model"
)

// TestSchemaMergeScenarios: merges combined with renames, new labels and
// chains end in the labels a user expects, through the real ChangeSchema.
func TestSchemaMergeScenarios(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*schemaEdit, func() (map[string]string, error), func(id string) string, string, string) {
		db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
		t.Cleanup(func() { db.Close() })
		p := &model.Annotation{DocID: 1, Annotator: "ana", Label: "PRECONDITION", Fragments: []model.Fragment{{Start: 4, End: 8}}}
		c := &model.Annotation{DocID: 1, Annotator: "ana", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: 10, End: 14}}}
		if err := db.CreateAnnotations(ctx, []*model.Annotation{p, c}); err != nil {
			t.Fatal(err)
		}
		sc, _ := db.Schema(ctx)
		e := newSchemaEdit(sc)
		save := func() (map[string]string, error) {
			if err := e.validate(); err != nil {
				return nil, err
			}
			rn := e.renames()
			_, err := db.ChangeSchema(ctx, e.result(), "ana", rn, false)
			return rn, err
		}
		label := func(id string) string { a, _ := db.Annotation(ctx, id); return a.Label }
		return e, save, label, p.ID, c.ID
	}
	t.Run("merge then rename target", func(t *testing.T) {
		e, save, label, p, c := setup(t)
		e.mergeLabel(labelIndex(t, e, "PRECONDITION"), labelIndex(t, e, "CEASEFIRE_TERM"))
		e.renameLabel(labelIndex(t, e, "CEASEFIRE_TERM"), "TERM")
		rn, err := save()
		if err != nil || label(p) != "TERM" || label(c) != "TERM" {
			t.Errorf("renames %v err %v: %s %s", rn, err, label(p), label(c))
		}
	})
	t.Run("merge into new label then rename it", func(t *testing.T) {
		e, save, label, p, _ := setup(t)
		n := e.addLabel()
		e.renameLabel(n, "COND")
		e.mergeLabel(labelIndex(t, e, "PRECONDITION"), labelIndex(t, e, "COND"))
		rn, err := save()
		if err != nil || label(p) != "COND" {
			t.Errorf("renames %v err %v: %s", rn, err, label(p))
		}
	})
	t.Run("merge renamed label", func(t *testing.T) {
		e, save, label, p, _ := setup(t)
		e.renameLabel(labelIndex(t, e, "PRECONDITION"), "PRE")
		e.mergeLabel(labelIndex(t, e, "PRE"), labelIndex(t, e, "ACTOR"))
		rn, err := save()
		if err != nil || label(p) != "ACTOR" || !reflect.DeepEqual(rn, map[string]string{"PRECONDITION": "ACTOR"}) {
			t.Errorf("renames %v err %v: %s", rn, err, label(p))
		}
	})
	t.Run("merge A into B then call B A", func(t *testing.T) {
		e, save, label, p, c := setup(t)
		e.mergeLabel(labelIndex(t, e, "PRECONDITION"), labelIndex(t, e, "CEASEFIRE_TERM"))
		e.renameLabel(labelIndex(t, e, "CEASEFIRE_TERM"), "PRECONDITION")
		rn, err := save()
		t.Logf("renames %v err %v: %s %s", rn, err, label(p), label(c))
		if err != nil {
			t.Errorf("refused: %v", err)
		}
	})
	t.Run("merge then reuse the merged name", func(t *testing.T) {
		e, save, label, p, _ := setup(t)
		e.mergeLabel(labelIndex(t, e, "PRECONDITION"), labelIndex(t, e, "CEASEFIRE_TERM"))
		n := e.addLabel()
		e.renameLabel(n, "PRECONDITION")
		rn, err := save()
		t.Logf("renames %v err %v: %s", rn, err, label(p))
		if err != nil || label(p) != "CEASEFIRE_TERM" {
			t.Errorf("renames %v err %v: %s", rn, err, label(p))
		}
	})
}
