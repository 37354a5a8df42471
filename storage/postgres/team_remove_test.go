package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/margin-app/margin/model"
)

// heardNothing fails if conn hears anything within d.
func heardNothing(t *testing.T, what string, conn *pgx.Conn, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if n, err := conn.WaitForNotification(ctx); err == nil {
		t.Fatalf("%s heard %s on %s", what, n.Payload, n.Channel)
	}
}

// TestRemovedMemberCanNeitherLogInWriteNorHear: in blind mode, lead lee
// removes curator cara. Her open sessions are ended, she can no longer
// log in, her window's next write is refused as a removal (ErrRemoved,
// in words), her window's listener stops trying to log in, her layer's
// span stays hers, and the team channel's name
// she knew is silent: annotator ann, LISTENing on it with cara's notes,
// hears nothing of bob's edit, which the remaining curator's window
// hears within a second (it follows the renamed channels). Bob and ann
// still write.
func TestRemovedMemberCanNeitherLogInWriteNorHear(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, urls := team(t, map[string]string{"lee": KindLead, "ann": KindAnnotator, "bob": KindAnnotator, "cara": KindCurator, "cur": KindCurator})
	if err := owner.SetBlind(ctx, true); err != nil {
		t.Fatal(err)
	}
	cara := as["cara"]
	mine := &model.Annotation{DocID: doc, Annotator: "cara", Label: "ACTOR", Fragments: span("Hamas")}
	if err := cara.CreateAnnotations(ctx, []*model.Annotation{mine}); err != nil {
		t.Fatal(err)
	}
	// What cara knew: the team's private channel.
	raw, err := pgx.Connect(ctx, urls["cara"])
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close(context.Background())
	var known []string
	if err := raw.QueryRow(ctx, `SELECT margin_listen_channels()`).Scan(&known); err != nil || len(known) != 2 {
		t.Fatalf("cara's channels %v (%v)", known, err)
	}
	annRaw, err := pgx.Connect(ctx, urls["ann"])
	if err != nil {
		t.Fatal(err)
	}
	defer annRaw.Close(context.Background())
	if _, err := annRaw.Exec(ctx, "LISTEN "+pgx.Identifier{known[1]}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	curCh := watch(t, as["cur"])
	watch(t, cara) // her window's listener: a session of its own

	r, err := as["lee"].RemoveMember(ctx, "cara")
	if err != nil {
		t.Fatalf("the lead removing cara: %v", err)
	}
	if r.Role == "" || r.Kind != KindCurator || !r.Dropped || r.Sessions < 2 {
		t.Fatalf("removal %+v: want cara's role dropped and her sessions (window, listener, psql-like) ended", r)
	}
	if err := raw.Ping(ctx); err == nil {
		t.Fatal("cara's open session still answers")
	}
	err = cara.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "cara", Label: "ACTOR", Fragments: span("Israel")}})
	if !errors.Is(err, ErrRemoved) || !errors.Is(err, ErrRefused) || errors.Is(err, model.ErrOffline) {
		t.Fatalf("cara's write after her removal: want ErrRemoved (not offline), got %v", err)
	}
	if !strings.HasPrefix(err.Error(), "refused by the server: your membership in this project was removed: the server no longer accepts this login") {
		t.Fatalf("the message the window shows: %q", err)
	}
	// A session ended under a write (57P01) is her removal, found by a
	// new login; for bob, who may still log in, it is a lost connection.
	ended := &pgconn.PgError{Severity: "FATAL", Code: "57P01", Message: "terminating connection due to administrator command"}
	if err := cara.wrap(ended); !errors.Is(err, ErrRemoved) {
		t.Fatalf("cara's write ended by the server: want ErrRemoved, got %v", err)
	}
	if err := as["bob"].wrap(ended); !errors.Is(err, model.ErrOffline) || errors.Is(err, ErrRemoved) {
		t.Fatalf("bob's write ended by the server: want ErrOffline, got %v", err)
	}
	if db, err := Open(ctx, urls["cara"]); !errors.Is(err, ErrLoginRefused) {
		if db != nil {
			db.Close()
		}
		t.Fatalf("cara opening the project again: want ErrLoginRefused, got %v", err)
	}
	select {
	case <-cara.live.done: // her window's listener gave up logging in
	case <-time.After(5 * time.Second):
		t.Fatal("cara's listener still tries to log in 5 s after her removal")
	}
	var roles int
	if err := owner.pool.QueryRow(ctx, `SELECT count(*) FROM pg_roles WHERE rolname = $1`, r.Role).Scan(&roles); err != nil || roles != 0 {
		t.Fatalf("cara's role is still on the server (%d, %v)", roles, err)
	}
	for _, m := range mustMembers(t, owner) {
		if m.Person == "cara" {
			t.Fatal("cara is still listed")
		}
	}
	kept, err := owner.Annotations(ctx, doc, "cara")
	if err != nil || len(kept) != 1 || kept[0].ID != mine.ID || kept[0].Annotator != "cara" {
		t.Fatalf("cara's layer after her removal: %+v %v", kept, err)
	}

	// The renamed channels: cur's window follows, cara's old name is dead.
	waitChange(t, curCh, model.Change{Kind: model.ChangeAll}, 2*time.Second)
	b := &model.Annotation{DocID: doc, Annotator: "bob", Label: "ACTOR", Fragments: span("Gaza")}
	if err := as["bob"].CreateAnnotations(ctx, []*model.Annotation{b}); err != nil {
		t.Fatalf("bob after cara's removal: %v", err)
	}
	waitChange(t, curCh, model.Change{DocID: doc, Kind: model.ChangeAnnotation, Layer: "bob"}, time.Second)
	heardNothing(t, "ann on the team channel cara knew", annRaw, time.Second)
	if err := as["ann"].SetStatus(ctx, doc, "ann", model.StatusDone); err != nil {
		t.Fatalf("ann after cara's removal: %v", err)
	}
	waitChange(t, curCh, model.Change{DocID: doc, Kind: model.ChangeStatus, Layer: "ann"}, time.Second)
}

// TestLeadRemovesAnnotatorsNotLeadsOrOwner: a lead removes an annotator
// and changes a curator's role, but is refused (by the server) the
// removal of another lead, of the owner and of themselves; a curator may
// remove no one; the owner removes a lead. A removal cut after its first
// step is finished by the next. A removed annotator added again gets her
// layer back with a new password.
func TestLeadRemovesAnnotatorsNotLeadsOrOwner(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, _ := team(t, map[string]string{"lee": KindLead, "lea": KindLead, "ann": KindAnnotator, "cara": KindCurator})
	span0 := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Hamas")}
	if err := as["ann"].CreateAnnotations(ctx, []*model.Annotation{span0}); err != nil {
		t.Fatal(err)
	}
	var ownerRole string
	if err := owner.pool.QueryRow(ctx, `SELECT current_user`).Scan(&ownerRole); err != nil {
		t.Fatal(err)
	}
	lee := as["lee"]
	for what, err := range map[string]error{
		"lee removing lea (a lead)":   func() error { _, err := lee.RemoveMember(ctx, "lea"); return err }(),
		"lee removing the owner":      func() error { _, err := lee.RemoveMember(ctx, ownerRole); return err }(),
		"lee removing lee":            func() error { _, err := lee.RemoveMember(ctx, "lee"); return err }(),
		"cara (curator) removing ann": func() error { _, err := as["cara"].RemoveMember(ctx, "ann"); return err }(),
		"ann making herself a lead":   as["ann"].SetMemberKind(ctx, "ann", KindLead),
		"lee making lea an annotator": lee.SetMemberKind(ctx, "lea", KindAnnotator),
	} {
		refused(t, what, err)
	}
	if _, err := lee.RemoveMember(ctx, "nobody"); !errors.Is(err, ErrNoMember) {
		t.Fatalf("removing nobody: want ErrNoMember, got %v", err)
	}
	if got := len(mustMembers(t, owner)); got != 4 {
		t.Fatalf("%d members after the refusals, want 4", got)
	}

	// A role change takes effect on the member's next statement.
	if err := lee.SetMemberKind(ctx, "cara", KindAnnotator); err != nil {
		t.Fatalf("lee making cara an annotator: %v", err)
	}
	refused(t, "cara's gold span as an annotator", as["cara"].Curate(ctx,
		&model.Verdict{DocID: doc, Verdict: model.VerdictAccept, Curator: "cara", Sources: []model.SourceRef{{ID: span0.ID}}},
		&model.Annotation{Label: "ACTOR", Fragments: span("Hamas")}))
	if err := lee.SetMemberKind(ctx, "cara", KindCurator); err != nil {
		t.Fatal(err)
	}
	if err := as["cara"].Curate(ctx, &model.Verdict{DocID: doc, Verdict: model.VerdictAccept, Curator: "cara", Sources: []model.SourceRef{{ID: span0.ID}}},
		&model.Annotation{Label: "ACTOR", Fragments: span("Hamas")}); err != nil {
		t.Fatalf("cara curating as a curator again: %v", err)
	}

	// A removal cut after its first step (the command killed, the
	// network lost) is finished by running it again.
	var annRole string
	if err := lee.pool.QueryRow(ctx, `SELECT role FROM margin_team_remove('ann')`).Scan(&annRole); err != nil {
		t.Fatal(err)
	}
	if r, err := lee.RemoveMember(ctx, "ann"); err != nil || r.Role != annRole || !r.Dropped || r.Sessions < 1 {
		t.Fatalf("lee finishing ann's removal: %+v %v; want her role dropped and her window's session ended", r, err)
	}
	if _, err := lee.RemoveMember(ctx, "ann"); !errors.Is(err, ErrNoMember) {
		t.Fatalf("removing ann once more: want ErrNoMember, got %v", err)
	}
	if _, err := owner.RemoveMember(ctx, "lea"); err != nil {
		t.Fatalf("the owner removing lead lea: %v", err)
	}
	// lea's rights went with her: her membership functions too.
	if got := len(mustMembers(t, owner)); got != 2 {
		t.Fatalf("%d members after two removals, want 2", got)
	}

	m, password, err := owner.AddMember(ctx, "ann", KindAnnotator)
	if err != nil {
		t.Fatalf("adding ann again: %v", err)
	}
	u, err := MemberURL(owner.pool.Config().ConnString(), m, password)
	if err != nil {
		t.Fatal(err)
	}
	ann, err := Open(ctx, u)
	if err != nil {
		t.Fatalf("ann with her new password: %v", err)
	}
	defer ann.Close()
	back, err := ann.Annotations(ctx, doc, "ann")
	if err != nil || len(back) != 1 || back[0].ID != span0.ID {
		t.Fatalf("ann's layer after she was added again: %+v %v", back, err)
	}
	if err := ann.DeleteAnnotation(ctx, span0.ID, "ann"); err != nil {
		t.Fatalf("ann deleting her own old span: %v", err)
	}
}
