package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestAssignProgressAndBlindCommands: the lead assigns the brat
// documents (2 per document over 3 annotators, then one more to a
// person), the progress matrix shows each person's queue and statuses as
// a table and as JSON; an annotator may neither assign nor switch blind
// mode; with blind mode on an annotator's agreement sees only her layer.
func TestAssignProgressAndBlindCommands(t *testing.T) {
	u := pgtest.FreshDatabase(t)
	mustRun(t, "init", u)
	mustRun(t, "import", u, realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), "--format", "brat", "--annotator", "bob")
	lead := teamMember(t, u, "lea", "lead")
	annURL := teamMember(t, u, "ann", "annotator")
	teamMember(t, u, "bob", "annotator")
	teamMember(t, u, "cara", "annotator")

	out := mustRun(t, "assign", lead, "--per-doc", "2")
	if !strings.Contains(out, "6 new assignments in 3 documents") || !strings.Contains(out, "ann: +2") || !strings.Contains(out, "bob: +2") || !strings.Contains(out, "cara: +2") {
		t.Fatalf("assign --per-doc 2:\n%s", out)
	}
	if out := mustRun(t, "assign", lead, "--per-doc", "2"); !strings.Contains(out, "0 new assignments") {
		t.Fatalf("assigning again:\n%s", out)
	}
	if out := mustRun(t, "assign", lead, "--docs", "1,2,3", "--to", "ann"); !strings.Contains(out, "1 new assignments to ann (2 already assigned)") {
		t.Fatalf("assign --docs:\n%s", out)
	}
	if _, err := run(t, "assign", annURL, "--docs", "1", "--to", "cara"); !errors.Is(err, postgres.ErrRefused) {
		t.Fatalf("an annotator assigning: %v", err)
	}
	if _, err := run(t, "assign", lead); err == nil || !strings.Contains(err.Error(), "--per-doc N") {
		t.Fatalf("assign without what: %v", err)
	}
	if _, err := run(t, "assign", lead, "--per-doc", "9"); err == nil || !strings.Contains(err.Error(), "has 3 annotators") {
		t.Fatalf("assign --per-doc 9: %v", err)
	}
	mustRun(t, "status", annURL, "--doc", "1", "--set", "done")
	mustRun(t, "status", annURL, "--doc", "2", "--set", "in_progress")
	table := mustRun(t, "progress", lead)
	for _, want := range []string{"PERSON  ASSIGNED  TODO  IN PROGRESS  DONE", "ann         3     1            1     1", "bob         2     2            0     0"} {
		if !strings.Contains(table, want) {
			t.Fatalf("progress table lacks %q:\n%s", want, table)
		}
	}
	var rows []model.ProgressRow
	if err := json.Unmarshal([]byte(mustRun(t, "progress", lead, "--json")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0] != (model.ProgressRow{Person: "ann", Assigned: 3, Todo: 1, InProgress: 1, Done: 1}) || rows[1].Assigned+rows[2].Assigned != 4 {
		t.Fatalf("progress --json %+v", rows)
	}

	if _, err := run(t, "team", "blind", annURL, "on"); !errors.Is(err, postgres.ErrRefused) {
		t.Fatalf("an annotator turning blind mode on: %v", err)
	}
	if _, err := run(t, "team", "blind", lead, "maybe"); err == nil || !strings.Contains(err.Error(), "want on or off") {
		t.Fatalf("team blind maybe: %v", err)
	}
	if out := mustRun(t, "team", "blind", lead, "on"); !strings.Contains(out, "blind mode is on") {
		t.Fatalf("team blind on: %s", out)
	}
	if _, n := docCounts(t, annURL); n != 0 {
		t.Fatalf("in blind mode ann's docs count %d annotations of bob's", n)
	}
	if _, n := docCounts(t, lead); n != 31 {
		t.Fatalf("in blind mode the lead counts %d annotations, want 31", n)
	}
	mustRun(t, "team", "blind", lead, "off")
	if _, n := docCounts(t, annURL); n != 31 {
		t.Fatalf("after blind mode ann counts %d annotations, want 31", n)
	}
	// A project file assigns nothing: everyone's queue is every document.
	file := t.TempDir() + "/p.margin"
	mustRun(t, "init", file)
	mustRun(t, "import", file, realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), "--format", "brat", "--annotator", "zoe")
	if out := mustRun(t, "progress", file); !strings.Contains(out, "zoe         3     3            0     0") {
		t.Fatalf("progress of a project file:\n%s", out)
	}
}
