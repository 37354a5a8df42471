package postgres

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

const rolesText = "Hamas said Israel agreed to a ceasefire in Gaza."

// team makes a project as its owner with one document, and members
// person -> kind, each connected as their own role with the password
// AddMember printed. Roles belong to the whole server, so they are
// dropped when the test ends.
func team(t testing.TB, kinds map[string]string) (owner *DB, docID int64, as map[string]*DB, urls map[string]string) {
	t.Helper()
	return teamAt(t, pgtest.FreshDatabase(t), kinds)
}

// teamAt is team on the project at u (the owner's URL).
func teamAt(t testing.TB, u string, kinds map[string]string) (owner *DB, docID int64, as map[string]*DB, urls map[string]string) {
	t.Helper()
	ctx := context.Background()
	owner, err := Create(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close() })
	res, err := owner.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "gaza", Text: rolesText}}})
	if err != nil {
		t.Fatal(err)
	}
	as, urls = map[string]*DB{}, map[string]string{}
	for person, kind := range kinds {
		m, password, err := owner.AddMember(ctx, person, kind)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pgtest.DropRole(t, u, m.Role) })
		if urls[person], err = MemberURL(u, m, password); err != nil {
			t.Fatal(err)
		}
		if as[person], err = Open(ctx, urls[person]); err != nil {
			t.Fatalf("%s connecting with the printed password: %v", person, err)
		}
		t.Cleanup(func() { as[person].Close() })
	}
	return owner, res[0].DocID, as, urls
}

func span(sub string) []model.Fragment {
	i := strings.Index(rolesText, sub) // ASCII text: bytes are code points
	return []model.Fragment{{Start: i, End: i + len(sub)}}
}

func refused(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("%s: want the server's refusal (ErrRefused), got %v", what, err)
	}
}

// TestAnnotatorCannotChangeColleaguesLayer: the server refuses ann's
// change of bob's annotation whichever way it comes: through Margin's
// store claiming to act as bob, through plain SQL with pgx, and through
// psql. ann's own layer stays writable.
func TestAnnotatorCannotChangeColleaguesLayer(t *testing.T) {
	ctx := context.Background()
	_, doc, as, urls := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator})
	bobs := &model.Annotation{DocID: doc, Annotator: "bob", Label: "ACTOR", Fragments: span("Hamas")}
	if err := as["bob"].CreateAnnotations(ctx, []*model.Annotation{bobs}); err != nil {
		t.Fatal(err)
	}
	// Through the store: the client-side check is passed by claiming to
	// be bob; the server still refuses.
	edit := *bobs
	edit.Label = "CLAIM"
	refused(t, "update of bob's annotation by ann", as["ann"].UpdateAnnotationAs(ctx, &edit, "bob"))
	refused(t, "delete of bob's annotation by ann", as["ann"].DeleteAnnotation(ctx, bobs.ID, "bob"))
	forged := &model.Annotation{DocID: doc, Annotator: "bob", Label: "ACTOR", Fragments: span("Israel")}
	refused(t, "ann creating in bob's layer", as["ann"].CreateAnnotations(ctx, []*model.Annotation{forged}))
	refused(t, "ann setting bob's status", as["ann"].SetStatus(ctx, doc, "bob", model.StatusDone))
	if _, err := as["ann"].Undo(ctx, "bob"); !errors.Is(err, ErrRefused) {
		t.Fatalf("ann undoing bob's step: %v", err)
	}
	// Through plain SQL, as any client would send it.
	c, err := pgx.Connect(ctx, urls["ann"])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	for _, q := range []string{
		`UPDATE annotations SET label = 'CLAIM' WHERE id = $1`,
		`DELETE FROM annotations WHERE id = $1`,
		`UPDATE annotations SET annotator = 'ann' WHERE id = $1`,
		`UPDATE history SET state = 'dropped' WHERE entity_id = $1`,
	} {
		_, err := c.Exec(ctx, q, bobs.ID)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Fatalf("%s as ann: want insufficient_privilege from the server, got %v", q, err)
		}
	}
	if _, err := c.Exec(ctx, `INSERT INTO documents (name, text, sha256, length, created_at) VALUES ('x', 'x', 'x', 1, now())`); err == nil {
		t.Fatal("an annotator added a document")
	}
	// Through psql.
	out, err := exec.Command("psql", urls["ann"], "-v", "ON_ERROR_STOP=1", "-c", "DELETE FROM annotations WHERE annotator = 'bob'").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "ann is an annotator and may not delete spans in bob's layer") {
		t.Fatalf("psql as ann deleting bob's layer: %v\n%s", err, out)
	}
	got, err := as["bob"].Annotation(ctx, bobs.ID)
	if err != nil || got.Label != "ACTOR" || got.Annotator != "bob" {
		t.Fatalf("bob's annotation after the attempts: %+v %v", got, err)
	}
	// ann's own layer, status and undo work.
	own := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Israel")}
	if err := as["ann"].CreateAnnotations(ctx, []*model.Annotation{own}); err != nil {
		t.Fatal(err)
	}
	own.Note = "checked"
	if err := as["ann"].UpdateAnnotation(ctx, own); err != nil {
		t.Fatal(err)
	}
	if err := as["ann"].SetStatus(ctx, doc, "ann", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	if step, err := as["ann"].Undo(ctx, "ann"); err != nil || step == nil {
		t.Fatalf("ann's own undo: %+v %v", step, err)
	}
	if err := as["ann"].DeleteAnnotation(ctx, own.ID, "ann"); err != nil {
		t.Fatal(err)
	}
}

// TestCuratorAndLeadRights: a curator writes gold and verdicts but no
// one else's layer and not the schema; a lead also changes the schema and
// adds documents; an annotator may import their own layer onto the
// project's documents but add none.
func TestCuratorAndLeadRights(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, _ := team(t, map[string]string{"ann": KindAnnotator, "cur": KindCurator, "lea": KindLead})
	sc := &model.Schema{AllowOverlap: true, Labels: []model.Label{{Name: "ACTOR", Color: "#1f77b4"}}}
	if err := owner.SetSchema(ctx, sc, "owner"); err != nil {
		t.Fatal(err)
	}
	anns := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Hamas")}
	if err := as["ann"].CreateAnnotations(ctx, []*model.Annotation{anns}); err != nil {
		t.Fatal(err)
	}
	accept := func(by string) error {
		return as[by].Curate(ctx, &model.Verdict{DocID: doc, Verdict: model.VerdictAccept, Curator: by, Sources: []model.SourceRef{{ID: anns.ID}}},
			&model.Annotation{Label: "ACTOR", Fragments: span("Hamas")})
	}
	refused(t, "an annotator curating", accept("ann"))
	if err := accept("cur"); err != nil {
		t.Fatalf("the curator curating: %v", err)
	}
	gold, err := as["cur"].Annotations(ctx, doc, model.GoldAnnotator)
	if err != nil || len(gold) != 1 {
		t.Fatalf("gold %+v %v", gold, err)
	}
	gold[0].Note = "edited by the curator"
	if err := as["cur"].UpdateAnnotationAs(ctx, &gold[0], "cur"); err != nil {
		t.Fatalf("the curator editing gold: %v", err)
	}
	g := gold[0]
	g.Note = "edited by an annotator"
	refused(t, "an annotator editing gold", as["ann"].UpdateAnnotationAs(ctx, &g, "ann"))
	edit := *anns
	edit.Note = "the curator"
	refused(t, "the curator editing ann's layer", as["cur"].UpdateAnnotationAs(ctx, &edit, "ann"))
	refused(t, "the curator changing the schema", as["cur"].SetSchema(ctx, sc, "cur"))
	if err := as["lea"].SetSchema(ctx, sc, "lea"); err != nil {
		t.Fatalf("the lead changing the schema: %v", err)
	}
	newDoc := []model.DocumentImport{{Doc: model.NewDocument{Name: "new", Text: "A second article."}}}
	_, err = as["ann"].ImportDocuments(ctx, newDoc)
	refused(t, "an annotator adding a document", err)
	if _, err := as["lea"].ImportDocuments(ctx, newDoc); err != nil {
		t.Fatalf("the lead adding a document: %v", err)
	}
	layer := []model.DocumentImport{{Doc: model.NewDocument{Name: "gaza", Text: rolesText},
		Annotations: []model.Annotation{{Annotator: "ann", Label: "ACTOR", Fragments: span("Israel")}}}}
	res, err := as["ann"].ImportDocuments(ctx, layer)
	if err != nil || !res[0].Reused || res[0].Annotations != 1 {
		t.Fatalf("ann importing her layer onto the project's document: %+v %v", res, err)
	}
}

// TestAddMemberRefusals: a person added twice, an unknown kind and a
// wrong password are refused.
func TestAddMemberRefusals(t *testing.T) {
	ctx := context.Background()
	owner, _, _, urls := team(t, map[string]string{"ann": KindAnnotator})
	if _, _, err := owner.AddMember(ctx, "ann", KindCurator); !errors.Is(err, ErrMemberExists) {
		t.Fatalf("adding ann twice: %v", err)
	}
	if _, _, err := owner.AddMember(ctx, "zed", "admin"); err == nil {
		t.Fatal("an unknown kind was accepted")
	}
	members, err := owner.Members(ctx)
	if err != nil || len(members) != 1 || members[0].Person != "ann" || members[0].Kind != KindAnnotator {
		t.Fatalf("members %+v %v", members, err)
	}
	wrong := strings.Replace(urls["ann"], "@", "x@", 1) // the password with one more character
	if db, err := Open(ctx, wrong); err == nil {
		db.Close()
		t.Fatal("a wrong password was accepted")
	}
}

// TestLeadManagesMembership: a lead (not the owner, and without
// CREATEROLE) adds a member, who connects with the printed password and
// writes in their own layer; an annotator and a curator are refused by
// the server, and nothing is added for them.
func TestLeadManagesMembership(t *testing.T) {
	ctx := context.Background()
	u := pgtest.FreshDatabase(t)
	owner, doc, as, _ := teamAt(t, u, map[string]string{"lee": KindLead, "ann": KindAnnotator, "cara": KindCurator})
	var db string
	if err := owner.pool.QueryRow(ctx, `SELECT current_database()`).Scan(&db); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pgtest.DropRole(t, u, db+"_zoe") })
	m, password, err := as["lee"].AddMember(ctx, "zoe", KindAnnotator)
	if err != nil {
		t.Fatalf("the lead adding zoe: %v", err)
	}
	zurl, err := MemberURL(u, m, password)
	if err != nil {
		t.Fatal(err)
	}
	zoe, err := Open(ctx, zurl)
	if err != nil {
		t.Fatalf("zoe connecting with the password the lead was given: %v", err)
	}
	defer zoe.Close()
	if err := zoe.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "zoe", Label: "ACTOR", Fragments: span("Israel")}}); err != nil {
		t.Fatalf("zoe's own span: %v", err)
	}
	refused(t, "zoe writing in ann's layer", zoe.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Israel")}}))
	for _, who := range []string{"ann", "cara"} {
		_, _, err := as[who].AddMember(ctx, "eve"+who, KindLead)
		refused(t, who+" adding a member", err)
		var n int
		if err := owner.pool.QueryRow(ctx, `SELECT count(*) FROM pg_roles WHERE rolname = $1`, db+"_eve"+who).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%s's refused member has a role: %d %v", who, n, err)
		}
	}
	members, err := owner.Members(ctx)
	if err != nil || len(members) != 4 {
		t.Fatalf("members after the attempts: %+v %v", members, err)
	}
}

// TestLeadsEditInAnnotatorsLayerIsTheLeads: lead lee creates, changes
// and deletes spans in ann's layer (as `margin annotate` or the window
// does, naming ann's layer): the history rows are lee's, so lee's undo
// takes them back and ann has nothing to undo, her own span untouched.
func TestLeadsEditInAnnotatorsLayerIsTheLeads(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, _ := team(t, map[string]string{"lee": KindLead, "ann": KindAnnotator})
	if err := owner.SetSchema(ctx, teamSchema, "owner"); err != nil {
		t.Fatal(err)
	}
	ann, lee := as["ann"], as["lee"]
	own := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Israel")}
	if err := ann.CreateAnnotations(ctx, []*model.Annotation{own}); err != nil {
		t.Fatal(err)
	}
	// ann's own step is undone and redone first, so that her history's
	// next undo is her span.
	leeSpan := &model.Annotation{DocID: doc, Annotator: "ann", Label: "CLAIM", Fragments: span("agreed")}
	if err := lee.CreateAnnotations(ctx, []*model.Annotation{leeSpan}); err != nil {
		t.Fatal(err)
	}
	leeSpan.Label = "ACTOR"
	if err := lee.UpdateAnnotationAs(ctx, leeSpan, "ann"); err != nil {
		t.Fatal(err)
	}
	var rows []string
	r, err := owner.pool.Query(ctx, `SELECT annotator || ':' || action FROM history WHERE entity_id = $1 ORDER BY seq`, leeSpan.ID)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var s string
		if err := r.Scan(&s); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, s)
	}
	r.Close()
	if strings.Join(rows, ",") != "lee:create,lee:update" {
		t.Fatalf("history of lee's span in ann's layer: %v, want lee's rows", rows)
	}
	for range 2 {
		if step, err := lee.Undo(ctx, "lee"); err != nil || step == nil {
			t.Fatalf("lee's undo: %+v %v", step, err)
		}
	}
	if _, err := owner.Annotation(ctx, leeSpan.ID); err == nil {
		t.Fatal("lee's span in ann's layer is still there after his two undos")
	}
	step, err := ann.Undo(ctx, "ann")
	if err != nil || step == nil {
		t.Fatalf("ann's undo: %+v %v", step, err)
	}
	if _, err := owner.Annotation(ctx, own.ID); err == nil {
		t.Fatal("ann's undo did not take back her own span")
	}
	if step, err := ann.Undo(ctx, "ann"); err != nil || step != nil {
		t.Fatalf("ann's second undo: %+v %v, want nothing to undo", step, err)
	}
}
