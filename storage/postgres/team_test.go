package postgres

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
)

var teamSchema = &model.Schema{AllowOverlap: true,
	Labels:       []model.Label{{Name: "ACTOR", Color: "#1f77b4"}, {Name: "CLAIM", Color: "#ff7f0e"}},
	Relations:    []model.RelationType{{Name: "claimed_by", From: []string{"CLAIM"}, To: []string{"ACTOR"}}},
	DocLabelSets: []model.DocLabelSet{{Name: "relevance", Values: []string{"relevant", "irrelevant"}}}}

// TestEveryCrossLayerWriteRefused: each kind of write an annotator could
// make in a colleague's layer, or to what only a lead or curator may
// change, through Margin's store (claiming the colleague's name where the
// API takes one, so that only the server can refuse), is refused by the
// server, and bob's layer is as it was.
func TestEveryCrossLayerWriteRefused(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, _ := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator})
	if err := owner.SetSchema(ctx, teamSchema, "owner"); err != nil {
		t.Fatal(err)
	}
	bob := as["bob"]
	claim := &model.Annotation{DocID: doc, Annotator: "bob", Label: "CLAIM", Fragments: span("agreed")}
	actor := &model.Annotation{DocID: doc, Annotator: "bob", Label: "ACTOR", Fragments: span("Israel")}
	if err := bob.CreateAnnotations(ctx, []*model.Annotation{claim, actor}); err != nil {
		t.Fatal(err)
	}
	rel := &model.Relation{DocID: doc, Annotator: "bob", Type: "claimed_by", From: claim.ID, To: actor.ID}
	if err := bob.CreateRelation(ctx, rel); err != nil {
		t.Fatal(err)
	}
	label := model.DocLabel{DocID: doc, Annotator: "bob", Set: "relevance", Value: "relevant"}
	if err := bob.SetDocLabel(ctx, label); err != nil {
		t.Fatal(err)
	}
	before := layerState(t, owner, doc)
	ann := as["ann"]
	edit := *claim
	edit.Label = "ACTOR"
	renamed := *teamSchema
	renamed.Labels = []model.Label{{Name: "ACTOR", Color: "#1f77b4"}, {Name: "STATEMENT", Color: "#ff7f0e"}}
	renamed.Relations = []model.RelationType{{Name: "claimed_by", From: []string{"STATEMENT"}, To: []string{"ACTOR"}}}
	attempts := map[string]func() error{
		"update bob's annotation": func() error { return ann.UpdateAnnotationAs(ctx, &edit, "bob") },
		"delete bob's annotation": func() error { return ann.DeleteAnnotation(ctx, claim.ID, "bob") },
		"create in bob's layer": func() error {
			return ann.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "bob", Label: "ACTOR", Fragments: span("Hamas")}})
		},
		"own and bob's at once": func() error {
			return ann.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Gaza")}, {DocID: doc, Annotator: "bob", Label: "ACTOR", Fragments: span("Hamas")}})
		},
		"relation in bob's layer": func() error {
			return ann.CreateRelation(ctx, &model.Relation{DocID: doc, Annotator: "bob", Type: "claimed_by", From: claim.ID, To: actor.ID})
		},
		"delete bob's relation": func() error { return ann.DeleteRelation(ctx, rel.ID, "bob") },
		"set bob's document label": func() error {
			return ann.SetDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: "bob", Set: "relevance", Value: "irrelevant"})
		},
		"remove bob's doc label": func() error { return ann.RemoveDocLabel(ctx, label) },
		"set bob's status":       func() error { return ann.SetStatus(ctx, doc, "bob", model.StatusDone) },
		"undo bob's step":        func() error { _, err := ann.Undo(ctx, "bob"); return err },
		"import into bob's layer": func() error {
			_, err := ann.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "gaza", Text: rolesText}, Annotations: []model.Annotation{{Annotator: "bob", Label: "ACTOR", Fragments: span("Gaza")}}}})
			return err
		},
		"change the schema": func() error { return ann.SetSchema(ctx, teamSchema, "ann") },
		"rename a label in use": func() error {
			_, err := ann.ChangeSchema(ctx, &renamed, "ann", map[string]string{"CLAIM": "STATEMENT"}, false)
			return err
		},
		"curate (gold, verdicts)": func() error {
			return ann.Curate(ctx, &model.Verdict{DocID: doc, Verdict: model.VerdictAccept, Curator: "ann", Sources: []model.SourceRef{{ID: claim.ID}}}, &model.Annotation{Label: "CLAIM", Fragments: span("agreed")})
		},
		"assign documents":   func() error { _, err := ann.Assign(ctx, []int64{doc}, "ann", "ann"); return err },
		"turn blind mode on": func() error { return ann.SetBlind(ctx, true) },
		"add a document": func() error {
			_, err := ann.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "new", Text: "Another article."}}})
			return err
		},
		"add a member": func() error { _, _, err := ann.AddMember(ctx, "eve", KindLead); return err },
	}
	for what, try := range attempts {
		err := try()
		if !errors.Is(err, ErrRefused) {
			t.Errorf("%s as ann: want the server's refusal (ErrRefused), got %v", what, err)
		}
	}
	// By now ann's client has the document's text cached, so a create is
	// one implicit-transaction batch: still all or nothing.
	if ann.ixCache.get(doc) == nil {
		t.Fatal("the document's index is not cached after ann's writes")
	}
	refused(t, "ann's span and bob's in one batch", attempts["own and bob's at once"]())
	if after := layerState(t, owner, doc); after != before {
		t.Fatalf("bob's layer changed:\n%s\n%s", before, after)
	}
}

// layerState is the document's layers and the project's schema, in words.
func layerState(t *testing.T, s *DB, doc int64) string {
	t.Helper()
	ctx := context.Background()
	anns, err := s.Annotations(ctx, doc, "")
	if err != nil {
		t.Fatal(err)
	}
	rels, err := s.Relations(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	labels, err := s.DocLabels(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Statuses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	asg, err := s.Assignments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	blind, err := s.Blind(ctx)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := s.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := fmt.Sprint(len(docs), st, asg, blind, len(sc.Labels), sc.Labels[1].Name)
	for _, a := range anns {
		out += fmt.Sprintf("\n%s %s %s %s", a.ID, a.Annotator, a.Label, a.UpdatedAt)
	}
	for _, r := range rels {
		out += "\n" + r.ID + " " + r.Annotator
	}
	for _, l := range labels {
		out += "\n" + l.Annotator + " " + l.Value
	}
	return out
}

// TestBlindMode: with blind mode on, an annotator reads only their own
// layer, through Margin's store and through psql as their role; a curator
// and the lead read everything; an annotator and a curator cannot turn
// it off; the lead does, and the layers are open again.
func TestBlindMode(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, urls := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator, "cur": KindCurator, "lea": KindLead})
	if err := owner.SetSchema(ctx, teamSchema, "owner"); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"ann", "bob"} {
		if err := as[who].CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: who, Label: "ACTOR", Fragments: span("Hamas")}}); err != nil {
			t.Fatal(err)
		}
		if err := as[who].SetDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: who, Set: "relevance", Value: "relevant"}); err != nil {
			t.Fatal(err)
		}
	}
	layers := func(who string) string {
		t.Helper()
		anns, err := as[who].Annotations(ctx, doc, "")
		if err != nil {
			t.Fatal(err)
		}
		labels, err := as[who].DocLabels(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range anns {
			out = append(out, a.Annotator)
		}
		for _, l := range labels {
			out = append(out, "label:"+l.Annotator)
		}
		return strings.Join(out, " ")
	}
	psqlCount := func(who string) string {
		t.Helper()
		out, err := exec.Command("psql", urls[who], "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c",
			"SELECT count(*) FROM annotations WHERE annotator = 'bob'").CombinedOutput()
		if err != nil {
			t.Fatalf("psql as %s: %v\n%s", who, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := layers("ann"); !strings.Contains(got, "bob") {
		t.Fatalf("before blind mode ann reads %q", got)
	}
	refused(t, "ann turning blind mode on", as["ann"].SetBlind(ctx, true))
	refused(t, "the curator turning blind mode on", as["cur"].SetBlind(ctx, true))
	if err := as["lea"].SetBlind(ctx, true); err != nil {
		t.Fatalf("the lead turning blind mode on: %v", err)
	}
	if on, err := as["ann"].Blind(ctx); err != nil || !on {
		t.Fatalf("blind mode as ann reads it: %v %v", on, err)
	}
	if got := layers("ann"); got != "ann label:ann" {
		t.Fatalf("in blind mode ann reads %q, want only her own layer", got)
	}
	if n := psqlCount("ann"); n != "0" {
		t.Fatalf("psql as ann in blind mode counts %s of bob's annotations, want 0", n)
	}
	for _, who := range []string{"cur", "lea"} {
		if got := layers(who); got != "ann bob label:ann label:bob" {
			t.Fatalf("in blind mode %s reads %q, want every layer", who, got)
		}
	}
	if n := psqlCount("cur"); n != "1" {
		t.Fatalf("psql as the curator counts %s of bob's annotations, want 1", n)
	}
	// An import by ann carrying the id of bob's span, which she cannot
	// see: the direct COPY meets it and the import takes the general
	// path, skipping it.
	bobs, err := as["bob"].Annotations(ctx, doc, "bob")
	if err != nil || len(bobs) != 1 {
		t.Fatalf("bob's layer %+v %v", bobs, err)
	}
	res, err := as["ann"].ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "gaza", Text: rolesText},
		Annotations: []model.Annotation{{ID: bobs[0].ID, Annotator: "ann", Label: "ACTOR", Fragments: span("Gaza")}, {Annotator: "ann", Label: "ACTOR", Fragments: span("ceasefire")}}}})
	if err != nil || res[0].Annotations != 1 || res[0].Skipped != 1 {
		t.Fatalf("ann importing over bob's unseen id: %+v %v", res, err)
	}
	if got, err := owner.Annotation(ctx, bobs[0].ID); err != nil || got.Annotator != "bob" {
		t.Fatalf("bob's span after ann's import: %+v %v", got, err)
	}
	// ann's own layer stays writable in blind mode.
	if err := as["ann"].CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Israel")}}); err != nil {
		t.Fatalf("ann annotating in blind mode: %v", err)
	}
	refused(t, "ann turning blind mode off", as["ann"].SetBlind(ctx, false))
	if err := as["lea"].SetBlind(ctx, false); err != nil {
		t.Fatal(err)
	}
	if n := psqlCount("ann"); n != "1" {
		t.Fatalf("psql as ann after the lead opened the layers counts %s, want 1", n)
	}
}

// TestAssignPerDocIsBalanced: 10 documents, 3 annotators (plus a curator,
// who is not given documents), 2 per document: every document has 2
// distinct annotators, each annotator 6 or 7 documents; running it again
// adds nothing; the same input gives the same assignment; a list assigns
// to one person, the queue (model.Queue) and the progress matrix follow.
func TestAssignPerDocIsBalanced(t *testing.T) {
	ctx := context.Background()
	owner, first, as, _ := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator, "cara": KindAnnotator, "cur": KindCurator, "lea": KindLead})
	var docs []model.DocumentImport
	for i := 1; i < 10; i++ {
		docs = append(docs, model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("d", i), Text: fmt.Sprintf("Article number %d.", i)}})
	}
	if _, err := owner.ImportDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	added, err := as["lea"].AssignPerDoc(ctx, 2, "lea")
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 10 {
		t.Fatalf("assigned %d documents, want 10", len(added))
	}
	asg, err := owner.Assignments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	perDoc := map[int64]int{}
	for _, p := range []string{"ann", "bob", "cara"} {
		if n := len(asg[p]); n != 6 && n != 7 {
			t.Fatalf("%s has %d documents, want 6 or 7 (%v)", p, n, asg)
		}
		for _, d := range asg[p] {
			perDoc[d]++
		}
	}
	if len(asg["cur"]) != 0 || len(asg["lea"]) != 0 || len(perDoc) != 10 {
		t.Fatalf("assignments %v", asg)
	}
	for d, n := range perDoc {
		if n != 2 {
			t.Fatalf("document %d has %d annotators", d, n)
		}
	}
	again, err := as["lea"].AssignPerDoc(ctx, 2, "lea")
	if err != nil || len(again) != 0 {
		t.Fatalf("assigning again added %v %v", again, err)
	}
	if _, err := as["lea"].AssignPerDoc(ctx, 4, "lea"); err == nil || !strings.Contains(err.Error(), "has 3 annotators") {
		t.Fatalf("4 per document with 3 annotators: %v", err)
	}
	// The same input balanced afresh gives the same result.
	existing := map[int64][]string{}
	ids := make([]int64, 0, 10)
	for i := int64(0); i < 10; i++ {
		ids = append(ids, first+i)
	}
	want, err := model.BalanceAssignments(ids, []string{"cara", "bob", "ann"}, existing, 2)
	if err != nil {
		t.Fatal(err)
	}
	for d, ps := range want {
		for _, p := range ps {
			found := false
			for _, x := range asg[p] {
				found = found || x == d
			}
			if !found {
				t.Fatalf("the server's assignment differs from the deterministic one: %v vs %v", asg, want)
			}
		}
	}
	// A list, to a curator.
	if n, err := as["lea"].Assign(ctx, []int64{first, first + 1}, "cur", "lea"); err != nil || n != 2 {
		t.Fatalf("assign a list: %d %v", n, err)
	}
	if _, err := as["lea"].Assign(ctx, []int64{first}, "nobody", "lea"); err == nil || !strings.Contains(err.Error(), "not a member") {
		t.Fatalf("assign to a non-member: %v", err)
	}
	if _, err := as["lea"].Assign(ctx, []int64{first + 100}, "cur", "lea"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("assign a missing document: %v", err)
	}
	asg, err = as["ann"].Assignments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	queue, all := model.Queue(asg, "ann")
	if all || len(queue) != len(asg["ann"]) {
		t.Fatalf("ann's queue %v %v", queue, all)
	}
	if err := as["ann"].SetStatus(ctx, queue[0], "ann", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := as["ann"].SetStatus(ctx, queue[1], "ann", model.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	list, err := owner.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := owner.Statuses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := model.Progress(list, nil, asg, st)
	if len(rows) != 4 || rows[0].Person != "ann" || rows[0].Done != 1 || rows[0].InProgress != 1 || rows[0].Todo != len(queue)-2 || rows[3].Person != "cur" || rows[3].Assigned != 2 {
		t.Fatalf("progress %+v", rows)
	}
}
