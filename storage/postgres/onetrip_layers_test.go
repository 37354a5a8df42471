package postgres

import (
	"context"
	"encoding/json"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/margin-app/margin/model"
)

// tripCounter counts the round trips a handle's connections start: a
// query or exec (BEGIN and COMMIT are execs) is one, a batch is one.
type tripCounter struct{ n atomic.Int64 }

func (c *tripCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *tripCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (c *tripCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *tripCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (c *tripCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

// openCounted opens u with every round trip counted.
func openCounted(t *testing.T, u string) (*DB, *tripCounter) {
	t.Helper()
	c := &tripCounter{}
	db, err := openWith(context.Background(), u, func(cfg *pgxpool.Config) { cfg.ConnConfig.Tracer = c })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, c
}

// layerHistRow is a history row as the tests compare it.
type layerHistRow struct {
	Grp, Action, Entity, ID string
	Before, After           map[string]any
}

// historySince is ann's history rows after seq since, oldest first.
func historySince(t *testing.T, owner *DB, person string, since int64) (rows []layerHistRow, last int64) {
	t.Helper()
	ctx := context.Background()
	rs, err := owner.pool.Query(ctx, `SELECT seq, grp, action, entity, entity_id, before::text, after::text FROM history WHERE annotator = $1 AND seq > $2 ORDER BY seq`, person, since)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	last = since
	for rs.Next() {
		var r layerHistRow
		var before, after *string
		if err := rs.Scan(&last, &r.Grp, &r.Action, &r.Entity, &r.ID, &before, &after); err != nil {
			t.Fatal(err)
		}
		for _, x := range []struct {
			s *string
			m *map[string]any
		}{{before, &r.Before}, {after, &r.After}} {
			if x.s != nil {
				if err := json.Unmarshal([]byte(*x.s), x.m); err != nil {
					t.Fatal(err)
				}
			}
		}
		rows = append(rows, r)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return rows, last
}

// TestRelationsLabelsAndStatusesInOneTrip: with blind mode on, ann's
// relation, document labels and status each go to the server in one
// round trip (the long way was a BEGIN, reads, writes and a COMMIT, one
// trip each), with the history rows the long way writes (a set of one
// value records the value it loses, in the same step), her undo and redo
// of each, and the notifications deferred past the commit: the curator
// hears every one, bob (an annotator) none. An end relabeled or a schema
// changed behind her handle is not taken for the one it remembers.
func TestRelationsLabelsAndStatusesInOneTrip(t *testing.T) {
	ctx := context.Background()
	owner, doc, _, urls := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator, "cur": KindCurator})
	sc := &model.Schema{AllowOverlap: true,
		Labels:       []model.Label{{Name: "ACTOR", Color: "#3366cc"}, {Name: "CLAIM", Color: "#cc6633"}},
		Relations:    []model.RelationType{{Name: "claimed_by", From: []string{"CLAIM"}, To: []string{"ACTOR"}}},
		DocLabelSets: []model.DocLabelSet{{Name: "relevance", Values: []string{"relevant", "irrelevant"}}}}
	if err := owner.SetSchema(ctx, sc, "owner"); err != nil {
		t.Fatal(err)
	}
	if err := owner.SetBlind(ctx, true); err != nil {
		t.Fatal(err)
	}
	ann, trips := openCounted(t, urls["ann"])
	cur, err := Open(ctx, urls["cur"])
	if err != nil {
		t.Fatal(err)
	}
	defer cur.Close()
	curCh := watch(t, cur)
	raw := eavesdrop(t, urls["bob"])

	claim := &model.Annotation{DocID: doc, Annotator: "ann", Label: "CLAIM", Fragments: span("agreed to a ceasefire")}
	actor := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Israel")}
	if err := ann.CreateAnnotations(ctx, []*model.Annotation{claim, actor}); err != nil {
		t.Fatal(err)
	}
	// The schema once, as the window reads it on opening.
	if _, _, err := ann.schemaNow(ctx); err != nil {
		t.Fatal(err)
	}
	_, seq := historySince(t, owner, "ann", 0)
	oneTrip := func(what string, kind model.ChangeKind, do func() error) []layerHistRow {
		t.Helper()
		before := trips.n.Load()
		if err := do(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if n := trips.n.Load() - before; n != 1 {
			t.Errorf("%s took %d round trips, want 1", what, n)
		}
		waitChange(t, curCh, model.Change{DocID: doc, Kind: kind, Layer: "ann"}, 2*time.Second)
		var rows []layerHistRow
		rows, seq = historySince(t, owner, "ann", seq)
		return rows
	}
	one := func(what string, rows []layerHistRow, action, entity, id string) layerHistRow {
		t.Helper()
		if len(rows) != 1 || rows[0].Action != action || rows[0].Entity != entity || rows[0].ID != id {
			t.Fatalf("%s: history %+v, want one %s of %s %s", what, rows, action, entity, id)
		}
		return rows[0]
	}

	r := &model.Relation{Annotator: "ann", Type: "claimed_by", From: claim.ID, To: actor.ID}
	row := one("relation", oneTrip("relation", model.ChangeRelation, func() error { return ann.CreateRelation(ctx, r) }), "create", "relation", r.ID)
	if row.Before != nil || row.After["from"] != claim.ID || row.After["to"] != actor.ID || row.After["type"] != "claimed_by" {
		t.Fatalf("relation's history row: %+v", row)
	}
	if rs, err := owner.Relations(ctx, doc); err != nil || len(rs) != 1 || rs[0].ID != r.ID || !rs[0].CreatedAt.Equal(r.CreatedAt) {
		t.Fatalf("relations on the server: %+v (%v), want %+v", rs, err, r)
	}
	row = one("relation deletion", oneTrip("relation deletion", model.ChangeRelation, func() error { return ann.DeleteRelation(ctx, r.ID, "ann") }), "delete", "relation", r.ID)
	if row.After != nil || row.Before["id"] != r.ID {
		t.Fatalf("relation deletion's history row: %+v", row)
	}

	label := func(v string) model.DocLabel {
		return model.DocLabel{DocID: doc, Annotator: "ann", Set: "relevance", Value: v}
	}
	one("label", oneTrip("label", model.ChangeDocLabel, func() error { return ann.SetDocLabel(ctx, label("relevant")) }), "create", "doc_label", "relevance=relevant")
	// A set of one value: the new value replaces the old, one step.
	rows := oneTrip("relabel", model.ChangeDocLabel, func() error { return ann.SetDocLabel(ctx, label("irrelevant")) })
	if len(rows) != 2 || rows[0].Grp != rows[1].Grp ||
		rows[0].Action != "delete" || rows[0].ID != "relevance=relevant" || rows[0].After != nil ||
		rows[0].Before["annotator"] != "ann" || rows[0].Before["set"] != "relevance" || rows[0].Before["value"] != "relevant" || len(rows[0].Before) != 3 ||
		rows[1].Action != "create" || rows[1].ID != "relevance=irrelevant" || rows[1].Before != nil || rows[1].After["value"] != "irrelevant" {
		t.Fatalf("replacing the label: history %+v, want relevant's deletion and irrelevant's creation in one group", rows)
	}
	if err := ann.SetStatus(ctx, doc, "ann", model.StatusInProgress); err != nil { // makes sure of the layer's name
		t.Fatal(err)
	}
	if rows := oneTrip("status", model.ChangeStatus, func() error { return ann.SetStatus(ctx, doc, "ann", model.StatusDone) }); len(rows) != 0 {
		t.Fatalf("a status wrote history: %+v", rows)
	}
	if st, err := owner.Statuses(ctx); err != nil || st[doc]["ann"] != model.StatusDone {
		t.Fatalf("statuses %v (%v), want ann done", st, err)
	}

	// Undo, newest first: the replaced label comes back, then none, then
	// the relation; redo brings the deletion back.
	labels := func() []string {
		t.Helper()
		ls, err := owner.DocLabels(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		var vs []string
		for _, l := range ls {
			vs = append(vs, l.Value)
		}
		return vs
	}
	for i, want := range [][]string{{"relevant"}, nil} {
		if _, err := ann.Undo(ctx, "ann"); err != nil {
			t.Fatal(err)
		}
		if got := labels(); len(got) != len(want) || (len(want) == 1 && got[0] != want[0]) {
			t.Fatalf("after undo %d: labels %v, want %v", i+1, got, want)
		}
	}
	if _, err := ann.Undo(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if rs, err := owner.Relations(ctx, doc); err != nil || len(rs) != 1 || rs[0].ID != r.ID {
		t.Fatalf("undoing the relation's deletion: %+v (%v)", rs, err)
	}
	if _, err := ann.Redo(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if rs, err := owner.Relations(ctx, doc); err != nil || len(rs) != 0 {
		t.Fatalf("redoing the relation's deletion: %+v (%v)", rs, err)
	}

	// A span with a relation goes in one trip too, its relation first in
	// the same step, recorded as the long way records it; undo brings both
	// back, redo takes both.
	gaza := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Gaza")}
	if err := ann.CreateAnnotations(ctx, []*model.Annotation{gaza}); err != nil {
		t.Fatal(err)
	}
	_, seq = historySince(t, owner, "ann", seq)
	r2 := &model.Relation{Annotator: "ann", Type: "claimed_by", From: claim.ID, To: gaza.ID}
	made := one("second relation", oneTrip("second relation", model.ChangeRelation, func() error { return ann.CreateRelation(ctx, r2) }), "create", "relation", r2.ID)
	rows = oneTrip("span with a relation", model.ChangeAnnotation, func() error { return ann.DeleteAnnotation(ctx, gaza.ID, "ann") })
	if len(rows) != 2 || rows[0].Grp != rows[1].Grp || rows[0].Action != "delete" || rows[0].Entity != "relation" || rows[0].ID != r2.ID ||
		!reflect.DeepEqual(rows[0].Before, made.After) || rows[1].Action != "delete" || rows[1].Entity != "annotation" || rows[1].ID != gaza.ID {
		t.Fatalf("deleting a span with a relation: history %+v\nwant the relation's deletion (before %v), then the span's, in one group", rows, made.After)
	}
	if _, err := ann.Undo(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if rs, err := owner.Relations(ctx, doc); err != nil || len(rs) != 1 || rs[0].ID != r2.ID || rs[0].From != r2.From || rs[0].To != r2.To || !rs[0].CreatedAt.Equal(r2.CreatedAt) {
		t.Fatalf("after undoing the span's deletion: relations %+v (%v), want %+v", rs, err, *r2)
	}
	if _, err := ann.Redo(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if rs, err := owner.Relations(ctx, doc); err != nil || len(rs) != 0 {
		t.Fatalf("after redoing the span's deletion: relations %+v (%v)", rs, err)
	}

	// Bob heard nothing of ann: the first thing on any channel he can
	// name is the owner's new document.
	if _, err := owner.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "second", Text: "Talks resumed in Doha."}}}); err != nil {
		t.Fatal(err)
	}
	var p payload
	if heard := firstHeard(t, raw, 5*time.Second); json.Unmarshal([]byte(heard.Payload), &p) != nil || p != (payload{Kind: "document"}) {
		t.Fatalf("bob's first notification is %s on %s; want the new document", heard.Payload, heard.Channel)
	}

	// The owner relabels the claim with plain SQL behind ann's handle: her
	// handle still takes it for a CLAIM, the guard does not, and the long
	// way refuses claimed_by from an ACTOR.
	if _, err := owner.pool.Exec(ctx, `UPDATE annotations SET label = 'ACTOR' WHERE id = $1`, claim.ID); err != nil {
		t.Fatal(err)
	}
	if err := ann.CreateRelation(ctx, &model.Relation{Annotator: "ann", Type: "claimed_by", From: claim.ID, To: actor.ID}); err == nil {
		t.Fatal("a relation from an end relabeled behind the handle was made")
	}
	if rs, err := owner.Relations(ctx, doc); err != nil || len(rs) != 0 {
		t.Fatalf("relations after the refused one: %+v (%v)", rs, err)
	}
	if _, err := owner.pool.Exec(ctx, `UPDATE annotations SET label = 'CLAIM' WHERE id = $1`, claim.ID); err != nil {
		t.Fatal(err)
	}

	// The lead drops the relation type behind ann's handle: her handle's
	// schema still allows it, the server's guard does not, and the long
	// way refuses it with the schema it reads.
	sc.Relations = nil
	if err := owner.SetSchema(ctx, sc, "owner"); err != nil {
		t.Fatal(err)
	}
	if err := ann.CreateRelation(ctx, &model.Relation{Annotator: "ann", Type: "claimed_by", From: claim.ID, To: actor.ID}); err == nil {
		t.Fatal("a relation of a type the schema no longer has was made")
	}
	if rs, err := owner.Relations(ctx, doc); err != nil || len(rs) != 0 {
		t.Fatalf("relations after the refused one: %+v (%v)", rs, err)
	}
}
