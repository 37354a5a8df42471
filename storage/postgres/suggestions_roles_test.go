package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// TestSuggestionsArePerPerson: on a server project each member has their
// own suggestions, decisions, models and settings (migration 016). ann's
// reject does not touch bob's suggestion of the same span; bob neither
// reads nor decides on ann's, through the store or plain SQL; the decision
// log is append-only for members; a curator and a lead read the team's
// log but may not change ann's suggestions; the owner acting for ann
// sees hers.
func TestSuggestionsArePerPerson(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, urls := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator, "cat": KindCurator, "lea": KindLead})
	batch := func(forWho string) model.SuggestionBatch {
		return model.SuggestionBatch{DocID: doc, Recommender: "tagger", For: forWho, Items: []model.Suggestion{
			{Label: "ACTOR", Fragments: span("Hamas"), Score: 0.9},
			{Label: "ACTOR", Fragments: span("Israel"), Score: 0.6},
		}}
	}
	// ann's connection stores hers whatever For says: the server fixes
	// who she is.
	for who, forWho := range map[string]string{"ann": "bob", "bob": ""} {
		if n, err := as[who].AddSuggestions(ctx, batch(forWho)); err != nil || n != 2 {
			t.Fatalf("%s storing suggestions: %d, %v", who, n, err)
		}
	}
	mine := func(who string) []model.Suggestion {
		t.Helper()
		list, err := as[who].Suggestions(ctx, model.SuggestionQuery{DocID: doc, AnyStatus: true})
		if err != nil {
			t.Fatalf("%s's suggestions: %v", who, err)
		}
		return list
	}
	anns, bobs := mine("ann"), mine("bob")
	if len(anns) != 2 || len(bobs) != 2 || anns[0].ID == bobs[0].ID {
		t.Fatalf("ann's %+v, bob's %+v", anns, bobs)
	}
	// bob asking for ann's gets his own: he is who his connection is.
	if got, _ := as["bob"].Suggestions(ctx, model.SuggestionQuery{DocID: doc, For: "ann"}); len(got) != 2 || got[0].ID != bobs[0].ID {
		t.Fatalf("bob asking for ann's got %+v", got)
	}
	if _, err := as["bob"].Suggestion(ctx, anns[0].ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("bob reading ann's suggestion: %v", err)
	}
	if _, err := as["bob"].AcceptSuggestion(ctx, anns[0].ID, "bob", model.AcceptOptions{}); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("bob accepting ann's suggestion: %v", err)
	}
	if err := as["bob"].RejectSuggestion(ctx, anns[0].ID, "ann"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("bob rejecting ann's suggestion in her name: %v", err)
	}
	// ann rejects "Hamas": bob's "Hamas" stays pending, and comes back in
	// his next run, not in hers.
	if err := as["ann"].RejectSuggestion(ctx, anns[0].ID, "ann"); err != nil {
		t.Fatal(err)
	}
	if got := mine("bob"); got[0].Status != model.SuggestionPending || got[1].Status != model.SuggestionPending {
		t.Fatalf("ann's reject changed bob's: %+v", got)
	}
	if n, _ := as["ann"].AddSuggestions(ctx, batch("")); n != 1 {
		t.Fatalf("ann's rerun stored %d, want 1 (Hamas rejected)", n)
	}
	if n, _ := as["bob"].AddSuggestions(ctx, batch("")); n != 2 {
		t.Fatalf("bob's rerun stored %d, want 2", n)
	}
	// ann accepts "Israel" into her layer; undo is hers.
	p, _ := as["ann"].Suggestions(ctx, model.SuggestionQuery{DocID: doc})
	a, err := as["ann"].AcceptSuggestion(ctx, p[0].ID, "ann", model.AcceptOptions{})
	if err != nil || a.Annotator != "ann" || a.Text != "Israel" {
		t.Fatalf("ann's accept: %+v, %v", a, err)
	}
	if step, err := as["bob"].Undo(ctx, "bob"); err != nil || step != nil {
		t.Fatalf("bob's undo took %+v, %v", step, err)
	}
	// The decision log: each annotator reads her own; the curator and the
	// lead read the team's.
	for who, want := range map[string]int{"ann": 2, "bob": 0, "cat": 2, "lea": 2} {
		log, err := as[who].Decisions(ctx, doc)
		if err != nil || len(log) != want {
			t.Fatalf("%s reads %d decisions, want %d: %+v %v", who, len(log), want, log, err)
		}
	}
	bobs = mine("bob") // his rerun replaced his pending ones
	if err := as["bob"].LogDecision(ctx, bobs[0].ID, model.DecisionShown, "bob"); err != nil {
		t.Fatal(err)
	}
	if log, _ := as["lea"].Decisions(ctx, 0); len(log) != 3 || log[2].By != "bob" {
		t.Fatalf("the lead's log: %+v", log)
	}
	// Plain SQL on bob's own login: another person's rows are refused by
	// the server, colleagues' are not even seen, the log cannot be
	// rewritten.
	c, err := pgx.Connect(ctx, urls["bob"])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, `INSERT INTO suggestions (person, doc_id, recommender, label, score, created_at) VALUES ('ann', $1, 'x', 'ACTOR', 0.5, now())`, doc)
	if err == nil || !strings.Contains(err.Error(), "may not change ann's suggestions") {
		t.Fatalf("bob inserting a suggestion for ann: %v", err)
	}
	tag, err := c.Exec(ctx, `UPDATE suggestions SET status = 'rejected' WHERE person = 'ann'`)
	if err != nil || tag.RowsAffected() != 0 {
		t.Fatalf("bob's update of ann's suggestions: %v rows, %v", tag.RowsAffected(), err)
	}
	var seen int
	if err := c.QueryRow(ctx, `SELECT count(*) FROM suggestions WHERE person <> 'bob'`).Scan(&seen); err != nil || seen != 0 {
		t.Fatalf("bob sees %d of colleagues' suggestions (%v)", seen, err)
	}
	for _, q := range []string{`DELETE FROM suggestion_decisions`, `UPDATE suggestion_decisions SET action = 'accepted'`} {
		if _, err := c.Exec(ctx, q); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Fatalf("bob: %s: %v", q, err)
		}
	}
	if _, err := c.Exec(ctx, `INSERT INTO recommender_models (person, recommender, version, kind, data, created_at) VALUES ('ann', 'tagger', 9, 'tagger', '\x00', now())`); err == nil {
		t.Fatal("bob wrote a model in ann's name")
	}
	// The curator reads ann's suggestions but may not change them.
	cc, err := pgx.Connect(ctx, urls["cat"])
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close(ctx)
	if err := cc.QueryRow(ctx, `SELECT count(*) FROM suggestions WHERE person = 'ann'`).Scan(&seen); err != nil || seen == 0 {
		t.Fatalf("the curator reads %d of ann's suggestions (%v)", seen, err)
	}
	if _, err := cc.Exec(ctx, `UPDATE suggestions SET status = 'pending' WHERE person = 'ann'`); err == nil || !strings.Contains(err.Error(), "may not change ann's suggestions") {
		t.Fatalf("the curator changing ann's suggestions: %v", err)
	}
	// Nor may the lead: a reject stays the rejecter's.
	lc, err := pgx.Connect(ctx, urls["lea"])
	if err != nil {
		t.Fatal(err)
	}
	defer lc.Close(ctx)
	if _, err := lc.Exec(ctx, `UPDATE suggestions SET status = 'rejected' WHERE person = 'ann'`); err == nil || !strings.Contains(err.Error(), "may not change ann's suggestions") {
		t.Fatalf("the lead changing ann's suggestions: %v", err)
	}
	// Models and settings are each person's.
	if err := as["ann"].SaveModel(ctx, &model.RecommenderModel{Recommender: "tagger", Kind: "tagger", Data: []byte{1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := as["bob"].LatestModel(ctx, "tagger"); !errors.Is(err, model.ErrNoModel) {
		t.Fatalf("bob reading ann's model: %v", err)
	}
	if m, err := as["ann"].LatestModel(ctx, "tagger"); err != nil || m.Version != 1 || m.CreatedBy != "ann" {
		t.Fatalf("ann's model: %+v, %v", m, err)
	}
	if err := as["bob"].SetRecommenderSettings(ctx, model.RecommenderSettings{Name: "tagger", Enabled: false}); err != nil {
		t.Fatal(err)
	}
	if st, _ := as["ann"].RecommenderSettings(ctx, "tagger"); !st.Enabled {
		t.Fatal("bob switching his tagger off switched ann's off")
	}
	// The owner is no member: acting for ann, the owner's handle sees hers.
	owner.ActAs("ann")
	if got, _ := owner.Suggestions(ctx, model.SuggestionQuery{DocID: doc, AnyStatus: true}); len(got) != 2 {
		t.Fatalf("the owner acting for ann sees %d suggestions, want ann's 2", len(got))
	}
	if m, err := owner.LatestModel(ctx, "tagger"); err != nil || m.CreatedBy != "ann" {
		t.Fatalf("the owner acting for ann: model %+v, %v", m, err)
	}
}
