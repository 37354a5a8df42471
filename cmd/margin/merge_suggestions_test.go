package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/model"
)

type cliDecision struct {
	Suggestion   int64  `json:"suggestion"`
	Action       string `json:"action"`
	By           string `json:"by"`
	Label        string `json:"label"`
	Text         string `json:"text"`
	AnnotationID string `json:"annotation"`
}

// Two real project files, each made the way a person makes theirs: the
// same 12 CoNLL-2003 documents imported as "gold", the string matcher
// trained on gold and run for each person; bo decides on some of his
// suggestions. Merging bo's file into ana's carries his suggestions with
// their status (his rejection sticks in ana's file), his decision log,
// and the origin of the annotation he accepted; merging again adds
// nothing.
func TestMergeCarriesSuggestionsAndTheDecisionLog(t *testing.T) {
	dir := t.TempDir()
	corpus := conllSlice(t, dir, 0, 12)
	ana, bo := filepath.Join(dir, "ana.margin"), filepath.Join(dir, "bo.margin")
	for _, p := range []string{ana, bo} {
		mustRun(t, "init", p)
		mustRun(t, "import", p, "--format", "conll", "--annotator", "gold", corpus)
		mustRun(t, "suggest", "train", p, "--recommender", "strings", "--from", "gold")
	}
	// Documents 1-10 are gold's; the matcher suggests in 11 and 12 for
	// someone whose layer is empty.
	mustRun(t, "suggest", "run", ana, "--recommender", "strings", "--doc", "11", "--for", "ana")
	mustRun(t, "suggest", "run", bo, "--recommender", "strings", "--doc", "12", "--for", "bo")
	boSugg := listSuggestions(t, bo)
	if len(boSugg) < 3 {
		t.Fatalf("bo has %d suggestions", len(boSugg))
	}
	t.Setenv("MARGIN_ANNOTATOR", "bo")
	accepted, rejected := boSugg[0], boSugg[1]
	mustRun(t, "suggestions", "accept", bo, "--id", fmt.Sprint(accepted.ID))
	mustRun(t, "suggestions", "reject", bo, "--id", fmt.Sprint(rejected.ID))
	boLeft := listSuggestions(t, bo)

	t.Setenv("MARGIN_ANNOTATOR", "ana")
	before := len(listSuggestions(t, ana, "--all"))
	var rep model.MergeReport
	var reps []model.MergeReport
	if err := json.Unmarshal([]byte(mustRun(t, "merge", ana, bo, "--json")), &reps); err != nil || len(reps) != 1 {
		t.Fatalf("merge report: %v", err)
	}
	rep = reps[0]
	all := listSuggestions(t, ana, "--all", "--doc", "12")
	if rep.Suggestions != len(all) || len(all) == 0 || len(listSuggestions(t, ana, "--all")) != before+len(all) {
		t.Fatalf("report says %d suggestions carried; ana's file has %d of document 12 (had %d in all)", rep.Suggestions, len(all), before)
	}
	status := map[string]string{}
	for _, s := range all {
		status[s.Label+" "+s.Text+" "+fmt.Sprint(s.Start)] = s.Status
	}
	if st := status[accepted.Label+" "+accepted.Text+" "+fmt.Sprint(accepted.Start)]; st != "accepted" {
		t.Fatalf("bo's accepted suggestion is %q in ana's file", st)
	}
	if st := status[rejected.Label+" "+rejected.Text+" "+fmt.Sprint(rejected.Start)]; st != "rejected" {
		t.Fatalf("bo's rejected suggestion is %q in ana's file", st)
	}
	if p := listSuggestions(t, ana, "--doc", "12"); len(p) != len(boLeft) {
		t.Fatalf("%d pending in ana's document 12, bo had %d", len(p), len(boLeft))
	}
	// bo's decisions are in ana's log, pointing at ana's copies.
	var log []cliDecision
	if err := json.Unmarshal([]byte(mustRun(t, "suggestions", "log", ana, "--json")), &log); err != nil {
		t.Fatal(err)
	}
	ids := map[int64]bool{}
	for _, s := range all {
		ids[s.ID] = true
	}
	var boActs []string
	var annID string
	for _, d := range log {
		if d.By == "bo" {
			boActs = append(boActs, d.Action)
			if !ids[d.Suggestion] {
				t.Fatalf("bo's decision points at suggestion %d, not one of ana's file", d.Suggestion)
			}
			if d.Action == "accepted" {
				annID = d.AnnotationID
			}
		}
	}
	if len(boActs) != 2 || boActs[0] != "accepted" || boActs[1] != "rejected" || rep.Decisions != 2 {
		t.Fatalf("bo's decisions in ana's log: %v (report %d)", boActs, rep.Decisions)
	}
	// The annotation bo accepted came along with its origin.
	db := openDB(t, ana)
	o, err := db.AnnotationOrigin(context.Background(), annID)
	if err != nil || o.Recommender != "strings" || !ids[o.SuggestionID] {
		t.Fatalf("origin of bo's annotation in ana's file: %+v, %v", o, err)
	}
	db.Close()
	// bo's rejection sticks in ana's file: running the matcher again for
	// ana does not bring it back.
	mustRun(t, "suggest", "run", ana, "--recommender", "strings", "--doc", "12", "--for", "ana")
	for _, s := range listSuggestions(t, ana, "--doc", "12") {
		if s.Label == rejected.Label && s.Text == rejected.Text {
			t.Fatalf("bo's rejected %s %q came back: %+v", rejected.Label, rejected.Text, s)
		}
	}
	// Merging again adds nothing.
	if err := json.Unmarshal([]byte(mustRun(t, "merge", ana, bo, "--json")), &reps); err != nil {
		t.Fatal(err)
	}
	if reps[0].Suggestions != 0 || reps[0].Decisions != 0 {
		t.Fatalf("a second merge carried %d suggestions, %d decisions", reps[0].Suggestions, reps[0].Decisions)
	}
}
