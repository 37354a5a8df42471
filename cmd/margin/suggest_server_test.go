package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestSuggestionsOnAServerProject runs the suggestion commands on a
// postgres:// URL, as README's team section says (issue 17), on CoNLL-2003
// documents: ann trains a tagger on the gold layer and suggests for
// herself on her own login; bob's login sees none of it; ann's accept is
// one undo step of hers; her reject does not hide bob's suggestion of the
// same span; the lead reads the team's decision log, bob only his own;
// the owner, acting for ann with --annotator, lists hers.
func TestSuggestionsOnAServerProject(t *testing.T) {
	u := pgtest.FreshDatabase(t)
	dir := t.TempDir()
	mustRun(t, "init", u)
	mustRun(t, "import", u, "--format", "conll", "--annotator", "gold", conllSlice(t, dir, 0, 30))
	mustRun(t, "import", u, "--format", "conll", "--annotator", "ref", conllSlice(t, dir, 30, 36))
	ann, bob, lea := teamMember(t, u, "ann", "annotator"), teamMember(t, u, "bob", "annotator"), teamMember(t, u, "lea", "lead")

	var res struct {
		Version   int `json:"version"`
		Documents int `json:"documents"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "suggest", "train", ann, "--recommender", "tagger", "--from", "gold", "--json")), &res); err != nil || res.Version != 1 || res.Documents != 30 {
		t.Fatalf("ann's training: %+v, %v", res, err)
	}
	if out := mustRun(t, "suggest", "models", bob, "--recommender", "tagger", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("bob sees models he never trained: %s", out)
	}
	if _, err := run(t, "suggest", "run", bob, "--recommender", "tagger"); err == nil || !strings.Contains(err.Error(), "no trained model") {
		t.Fatalf("bob running ann's tagger: %v", err)
	}
	out := mustRun(t, "suggest", "run", ann, "--recommender", "tagger", "--doc", "31", "--doc", "32")
	if !strings.Contains(out, "suggestions stored for 2 documents") {
		t.Fatalf("ann's run: %s", out)
	}
	anns := listSuggestions(t, ann)
	if len(anns) < 2 {
		t.Fatalf("ann has %d suggestions", len(anns))
	}
	if got := listSuggestions(t, bob); len(got) != 0 {
		t.Fatalf("bob sees %d of ann's suggestions", len(got))
	}
	if got := listSuggestions(t, u, "--annotator", "ann"); len(got) != len(anns) {
		t.Fatalf("the owner acting for ann lists %d, ann %d", len(got), len(anns))
	}

	// Accept one, undo it: pending again, and ann's layer as before.
	first := anns[0]
	mustRun(t, "suggestions", "accept", ann, "--id", fmt.Sprint(first.ID))
	if n, _ := docCountsOf(t, ann, first.Doc, "ann"); n != 1 {
		t.Fatalf("ann's layer after the accept has %d spans", n)
	}
	mustRun(t, "undo", ann)
	if n, _ := docCountsOf(t, ann, first.Doc, "ann"); n != 0 {
		t.Fatalf("ann's layer after undo has %d spans", n)
	}
	for _, s := range listSuggestions(t, ann, "--all") {
		if s.ID == first.ID && s.Status != "pending" {
			t.Fatalf("after undo the suggestion is %s", s.Status)
		}
	}

	// bob trains and runs his own; ann's reject of a span leaves bob's.
	mustRun(t, "suggest", "train", bob, "--recommender", "tagger", "--from", "gold")
	mustRun(t, "suggest", "run", bob, "--recommender", "tagger", "--doc", "31", "--doc", "32")
	mustRun(t, "suggestions", "reject", ann, "--id", fmt.Sprint(first.ID))
	found := false
	for _, s := range listSuggestions(t, bob) {
		if s.Doc == first.Doc && s.Start == first.Start && s.End == first.End && s.Label == first.Label {
			found = true
		}
	}
	if !found {
		t.Fatalf("ann's reject of %q hid bob's suggestion of it", first.Text)
	}

	// The decision log: the lead's is the team's, bob's his own.
	var log []struct {
		By     string `json:"by"`
		Action string `json:"action"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "suggestions", "log", lea, "--json")), &log); err != nil || len(log) != 2 || log[0].By != "ann" || log[1].Action != "rejected" {
		t.Fatalf("the lead's decision log: %+v, %v", log, err)
	}
	if err := json.Unmarshal([]byte(mustRun(t, "suggestions", "log", bob, "--json")), &log); err != nil || len(log) != 0 {
		t.Fatalf("bob's decision log: %+v, %v", log, err)
	}
	// ann's settings are hers.
	mustRun(t, "suggest", "set", ann, "--recommender", "tagger", "--off")
	if _, err := run(t, "suggest", "run", ann, "--recommender", "tagger"); err == nil {
		t.Fatal("ann's tagger ran switched off")
	}
	mustRun(t, "suggest", "run", bob, "--recommender", "tagger", "--doc", "33")
}

// docCountsOf is how many spans who's layer of document doc has, read
// from the server project at u.
func docCountsOf(t *testing.T, u string, doc int64, who string) (int, error) {
	t.Helper()
	db, err := postgres.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	anns, err := db.Annotations(context.Background(), doc, who)
	return len(anns), err
}
