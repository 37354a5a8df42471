package storetest

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// testImportUpdates: an import's updates (a push or pull) replace the
// stored annotation only when it is still the one decided against; a
// stale one fails the whole import, and an applied one is undone with
// the import.
func testImportUpdates(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	a := annotate(t, s, doc, "ann", "ACTOR", "Putin")
	newer := *a
	newer.Label = "EVENT"
	newer.Note = "from the train"
	newer.UpdatedAt = a.UpdatedAt.Add(time.Hour)
	in := model.DocumentImport{Doc: model.NewDocument{Name: "a", Text: Article},
		Annotations: []model.Annotation{{Annotator: "ann", Label: "CLAIM", Fragments: []model.Fragment{span(Article, "talks")}}},
		Updates:     []model.AnnotationUpdate{{Annotation: newer, Was: a.UpdatedAt.Add(-time.Second)}}}
	if _, err := s.Import(ctx, []model.DocumentImport{in}, nil, "ann"); !errors.Is(err, model.ErrStale) {
		t.Fatalf("an update decided on an old reading: %v, want ErrStale", err)
	}
	if got := labels(t, s, doc, ""); got != "ann:ACTOR:Putin" {
		t.Fatalf("a refused import left %s", got)
	}
	in.Updates[0].Was = a.UpdatedAt
	res, err := s.Import(ctx, []model.DocumentImport{in}, nil, "ann")
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Annotations != 1 {
		t.Fatalf("result %+v", res)
	}
	got, err := s.Annotation(ctx, a.ID)
	if err != nil || got.Label != "EVENT" || got.Note != "from the train" || got.Text != "Putin" || got.UpdatedAt.Sub(newer.UpdatedAt).Abs() >= time.Microsecond {
		t.Fatalf("updated %+v %v", got, err)
	}
	if _, err := s.Undo(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if got := labels(t, s, doc, ""); got != "ann:ACTOR:Putin" {
		t.Fatalf("after undo of the import with its update: %s", got)
	}
}

// testTransferBothWays: storage.Transfer (margin push and pull) from a
// project file into the store under test and back into a new file copies
// every layer, is idempotent both ways, carries a newer edit, copies one
// layer alone with Annotator, and refuses a layer the source lacks.
func testTransferBothWays(t *testing.T, s model.Store) {
	file, err := storage.Create(ctx, filepath.Join(t.TempDir(), "train.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	sc, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc.Labels = sc.Labels[:2] // EVENT comes with the push
	if err := file.SetSchema(ctx, sc, "ann"); err != nil {
		t.Fatal(err)
	}
	full, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetSchema(ctx, full, "lead"); err != nil {
		t.Fatal(err)
	}
	fdoc := importText(t, file, "a", Article)
	claim := annotate(t, file, fdoc, "ann", "CLAIM", "agreed")
	actor := annotate(t, file, fdoc, "ann", "ACTOR", "Trump")
	annotate(t, file, fdoc, "bob", "ACTOR", "Putin")
	if err := file.CreateRelation(ctx, &model.Relation{DocID: fdoc, Annotator: "ann", Type: "claimed_by", From: claim.ID, To: actor.ID}); err != nil {
		t.Fatal(err)
	}
	if err := file.SetDocLabel(ctx, model.DocLabel{DocID: fdoc, Annotator: "ann", Set: "relevance", Value: "relevant"}); err != nil {
		t.Fatal(err)
	}

	if _, err := storage.Transfer(ctx, s, file, storage.TransferOptions{Annotator: "cara"}); !errors.Is(err, storage.ErrNoSuchLayer) {
		t.Fatalf("a layer the file lacks: %v", err)
	}
	rep, err := storage.Transfer(ctx, s, file, storage.TransferOptions{Annotator: "ann", By: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents != 1 || rep.Annotations != 2 || rep.Relations != 1 || rep.DocLabels != 1 {
		t.Fatalf("push of ann's layer: %+v", rep)
	}
	docs, err := s.Documents(ctx)
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents %+v %v", docs, err)
	}
	doc := docs[0].ID
	if got := labels(t, s, doc, ""); got != "ann:ACTOR:Trump, ann:CLAIM:agreed" {
		t.Fatalf("after pushing ann's layer: %s", got)
	}
	rep, err = storage.Transfer(ctx, s, file, storage.TransferOptions{By: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Annotations != 1 || rep.Documents != 0 || rep.Relations != 0 || len(rep.Conflicts) != 0 {
		t.Fatalf("push of every layer after ann's: %+v", rep)
	}
	before := snapshot(t, s)
	rep, err = storage.Transfer(ctx, s, file, storage.TransferOptions{By: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	if (rep.Documents + rep.Annotations + rep.Updated + rep.Relations + rep.DocLabels + len(rep.Conflicts) + len(rep.Labels)) != 0 {
		t.Fatalf("a second push did something: %+v", rep)
	}
	if after := snapshot(t, s); after != before {
		t.Fatalf("a second push changed the project:\n%s\n%s", before, after)
	}

	// An edit on the server, pulled into a new file, then edited there
	// and pushed back: the newer edit wins each way.
	srv, err := s.Annotation(ctx, claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	srv.Note = "edited on the server"
	if err := s.UpdateAnnotation(ctx, srv); err != nil {
		t.Fatal(err)
	}
	back, err := storage.Create(ctx, filepath.Join(t.TempDir(), "back.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if rep, err = storage.Transfer(ctx, back, s, storage.TransferOptions{By: "ann"}); err != nil {
		t.Fatal(err)
	}
	if rep.Annotations != 3 || rep.Relations != 1 || rep.DocLabels != 1 || len(rep.Labels) != 3 {
		t.Fatalf("pull into a new file: %+v", rep)
	}
	bdocs, err := back.Documents(ctx)
	if err != nil || len(bdocs) != 1 {
		t.Fatalf("pulled documents %+v %v", bdocs, err)
	}
	if got := labels(t, back, bdocs[0].ID, ""); got != "ann:ACTOR:Trump, bob:ACTOR:Putin, ann:CLAIM:agreed" {
		t.Fatalf("pulled: %s", got)
	}
	if again, err := storage.Transfer(ctx, back, s, storage.TransferOptions{By: "ann"}); err != nil || again.Annotations+again.Updated+again.Relations+again.DocLabels+again.Documents+len(again.Labels) != 0 {
		t.Fatalf("a second pull: %+v %v", again, err)
	}
	mine, err := back.Annotation(ctx, claim.ID)
	if err != nil || mine.Note != "edited on the server" {
		t.Fatalf("pulled claim %+v %v", mine, err)
	}
	mine.Label = "EVENT"
	if err := back.UpdateAnnotation(ctx, mine); err != nil {
		t.Fatal(err)
	}
	if rep, err = storage.Transfer(ctx, s, back, storage.TransferOptions{Annotator: "ann", By: "ann"}); err != nil {
		t.Fatal(err)
	}
	if rep.Updated != 1 || rep.Annotations != 0 || len(rep.Conflicts) != 1 {
		t.Fatalf("push of an edit made in the file: %+v", rep)
	}
	if got, err := s.Annotation(ctx, claim.ID); err != nil || got.Label != "EVENT" || got.Note != "edited on the server" {
		t.Fatalf("after pushing the newer edit: %+v %v", got, err)
	}
	before = snapshot(t, s)
	if rep, err = storage.Transfer(ctx, s, back, storage.TransferOptions{Annotator: "ann", By: "ann"}); err != nil || rep.Updated != 0 {
		t.Fatalf("pushing the edit again: %+v %v", rep, err)
	}
	if after := snapshot(t, s); after != before {
		t.Fatalf("pushing the edit again changed the project:\n%s\n%s", before, after)
	}
}

// snapshot is everything of s a transfer could change, in words.
func snapshot(t *testing.T, s model.Store) string {
	t.Helper()
	docs, err := s.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	toml, err := sc.TOML()
	if err != nil {
		t.Fatal(err)
	}
	out := string(toml)
	for _, d := range docs {
		anns, err := s.Annotations(ctx, d.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range anns {
			out += "\n" + a.ID + " " + a.Annotator + " " + a.Label + " " + a.Note + " " + a.UpdatedAt.String()
		}
		rels, err := s.Relations(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rels {
			out += "\nrel " + r.ID
		}
		dl, err := s.DocLabels(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range dl {
			out += "\nlabel " + l.Annotator + l.Set + l.Value
		}
	}
	for _, who := range []string{"ann", "bob"} {
		p, err := s.PreviewHistory(ctx, who, true)
		if err != nil {
			t.Fatal(err)
		}
		if p != nil {
			out += "\nundo " + who + " " + p.Group
		}
	}
	return out
}

// testAssignmentsOfAFreshProject: a project nobody has assigned anything
// in gives everyone every document (model.Queue), and the progress matrix
// counts each person's statuses over all of them.
func testAssignmentsOfAFreshProject(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	importText(t, s, "b", "Another article.")
	annotate(t, s, doc, "ann", "ACTOR", "Putin")
	if err := s.SetStatus(ctx, doc, "ann", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	asg, err := s.Assignments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, all := model.Queue(asg, "ann"); !all || len(asg) != 0 {
		t.Fatalf("assignments of a fresh project %v", asg)
	}
	docs, err := s.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Statuses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	people, err := s.Annotators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := model.Progress(docs, people, asg, st)
	if len(rows) != 1 || rows[0] != (model.ProgressRow{Person: "ann", Assigned: 2, Todo: 1, Done: 1}) {
		t.Fatalf("progress %+v", rows)
	}
}
