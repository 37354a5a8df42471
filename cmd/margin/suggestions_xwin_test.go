package main

import (
	"encoding/json"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// suggestionView is the article view's area in the 1280x800 window with
// the suggestions panel open (read off screenshots of this layout).
var (
	suggestionView = image.Rect(220, 80, 660, 740)
	plainText      = image.Pt(330, 122)
	// the suggestions panel, its Queue and Recommenders tabs and the
	// queue's Start button
	suggestionPanel = image.Rect(670, 130, 970, 750)
	queueTab        = image.Pt(795, 145)
	recommendersTab = image.Pt(892, 145)
	queueStart      = image.Pt(820, 185)
)

// decisionsInFile is the decision log as a fresh process reads it.
func decisionsInFile(t *testing.T, bin, home, project string) []cliDecision {
	t.Helper()
	var log []cliDecision
	if err := json.Unmarshal([]byte(xwin.CLI(t, bin, home, "suggestions", "log", project, "--json")), &log); err != nil {
		t.Fatal(err)
	}
	return log
}

func suggestionsInFile(t *testing.T, bin, home, project string) []cliSuggestion {
	t.Helper()
	var out []cliSuggestion
	if err := json.Unmarshal([]byte(xwin.CLI(t, bin, home, "suggestions", project, "--all", "--doc", "1", "--json")), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// waitFile polls the project file through the CLI until ok says yes.
func waitFile(t *testing.T, d *xwin.Display, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not in the file after 15 s; screenshot: %s", what, d.Keep("file"))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestRealWindowAcceptsAndRejectsSuggestionsWithKeys: a project whose
// first document (CoNLL-2003, unseen in training) has the tagger's
// suggestions, made with 'margin suggest' after training on 100 other
// CoNLL documents of a gold layer. In the real window "]" selects the
// first suggestion, Enter accepts it, Backspace rejects the next (selected
// after the accept), Ctrl+Z undoes the rejection; the Queue tab's Start
// serves the most uncertain suggestion and Enter accepts it. The file,
// read by the CLI after each key, says so. MARGIN_XWIN_SHOT=DIR keeps
// screenshots of each step.
func TestRealWindowAcceptsAndRejectsSuggestionsWithKeys(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	bin, home := xwin.BuildMargin(t), t.TempDir()
	work := filepath.Join(home, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	project := filepath.Join(work, "p.margin")
	xwin.CLI(t, bin, home, "init", project)
	acceptAndRejectSuggestionsWithKeys(t, bin, home, work, project, project)
}

// TestRealWindowSuggestionsOnAServerProject is the test above on a
// postgres:// project (issue 17): ana, a team member, trains the tagger
// and suggests for herself on her own login, and her window opened on
// that login accepts, rejects, undoes and serves the queue as on a file.
func TestRealWindowSuggestionsOnAServerProject(t *testing.T) {
	bin, home := xwin.BuildMargin(t), t.TempDir()
	work := filepath.Join(home, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	u := pgtest.FreshDatabase(t)
	xwin.CLI(t, bin, home, "init", u)
	out := xwin.CLI(t, bin, home, "team", "add", u, "--name", "ana", "--role", "annotator")
	ana, role := addedMember(t, out)
	t.Cleanup(func() { pgtest.DropRole(t, u, role) })
	acceptAndRejectSuggestionsWithKeys(t, bin, home, work, u, ana)
}

// acceptAndRejectSuggestionsWithKeys imports the documents with setup
// (the project's owner), then trains, suggests, opens the window and
// reads what it did with mine (ana's project: the same file, or her login
// to the server).
func acceptAndRejectSuggestionsWithKeys(t *testing.T, bin, home, work, setup, mine string) {
	xwin.CLI(t, bin, home, "import", setup, "--format", "conll", "--annotator", "ref", conllSlice(t, work, 59, 60)) // document 1
	xwin.CLI(t, bin, home, "import", setup, "--format", "conll", "--annotator", "gold", conllSlice(t, work, 100, 200))
	project := mine
	xwin.CLI(t, bin, home, "suggest", "train", project, "--recommender", "tagger", "--from", "gold")
	xwin.CLI(t, bin, home, "suggest", "run", project, "--recommender", "tagger", "--doc", "1", "--for", "ana")
	pending := suggestionsInFile(t, bin, home, project)
	if len(pending) < 5 {
		t.Fatalf("the tagger suggested %d spans in document 1", len(pending))
	}
	first, second := pending[0], pending[1]

	d := xwin.Start(t)
	d.Launch(t, bin, home, "^Margin", []string{"MARGIN_ANNOTATOR=ana"}, "open", project)
	waitStatusText(t, d)
	d.WaitStable(suggestionView, 15*time.Second)
	shot := func(name string) {
		if dir := os.Getenv("MARGIN_XWIN_SHOT"); dir != "" {
			d.SaveScreenshot(filepath.Join(dir, name+".png"))
		}
	}
	shot("1-opened")

	// A click on plain text ("general takes over") gives the view the
	// keyboard, as a user would.
	d.Click(plainText.X, plainText.Y)
	before := d.WaitStable(statusLine, 10*time.Second)
	d.Key("bracketright") // the first suggestion
	d.WaitChange(statusLine, before, 10*time.Second, "the status bar to name the selected suggestion")
	waitFile(t, d, "the first suggestion logged as shown", func() bool {
		for _, l := range decisionsInFile(t, bin, home, project) {
			if l.Action == "shown" && l.Suggestion == first.ID && l.By == "ana" {
				return true
			}
		}
		return false
	})
	shot("2-selected")

	d.Key("Return")
	waitFile(t, d, "Enter's accept", func() bool {
		for _, s := range suggestionsInFile(t, bin, home, project) {
			if s.ID == first.ID {
				return s.Status == "accepted"
			}
		}
		return false
	})
	out := xwin.CLI(t, bin, home, "export", project, "--format", "jsonl", "--annotator", "ana")
	if !strings.Contains(out, `"label":"`+first.Label+`"`) || !strings.Contains(out, first.Text) {
		t.Fatalf("ana's layer after Enter does not have %s %q:\n%s", first.Label, first.Text, out)
	}
	d.WaitStable(suggestionView, 10*time.Second)
	shot("3-accepted")

	d.Key("BackSpace") // the next suggestion, selected after the accept
	waitFile(t, d, "Backspace's reject", func() bool {
		for _, s := range suggestionsInFile(t, bin, home, project) {
			if s.ID == second.ID {
				return s.Status == "rejected"
			}
		}
		return false
	})
	d.WaitStable(suggestionView, 10*time.Second)
	shot("4-rejected")
	acts := map[string]bool{}
	for _, l := range decisionsInFile(t, bin, home, project) {
		if l.By != "ana" {
			t.Fatalf("decision by %q", l.By)
		}
		acts[l.Action] = true
	}
	if !acts["accepted"] || !acts["rejected"] {
		t.Fatalf("decision log after Enter and Backspace: %v", acts)
	}

	d.Key("ctrl+z") // the reject
	waitFile(t, d, "Ctrl+Z undoing the reject", func() bool {
		for _, s := range suggestionsInFile(t, bin, home, project) {
			if s.ID == second.ID {
				return s.Status == "pending"
			}
		}
		return false
	})
	// The accept stays.
	if !strings.Contains(xwin.CLI(t, bin, home, "export", project, "--format", "jsonl", "--annotator", "ana"), first.Text) {
		t.Fatal("undoing the reject took the accept too")
	}

	// The active-learning queue serves the most uncertain suggestion
	// (score nearest 0.5); Enter accepts it.
	var want cliSuggestion
	best := 2.0
	for _, sg := range suggestionsInFile(t, bin, home, project) {
		if u := abs(sg.Score - 0.5); sg.Status == "pending" && u < best {
			want, best = sg, u
		}
	}
	before = d.WaitStable(suggestionPanel, 10*time.Second)
	d.Click(queueTab.X, queueTab.Y)
	before = d.WaitChange(suggestionPanel, before, 10*time.Second, "the Queue tab")
	d.Click(queueStart.X, queueStart.Y)
	d.WaitChange(suggestionPanel, before, 10*time.Second, "the queue to serve a suggestion")
	d.WaitStable(suggestionView, 10*time.Second)
	shot("5-queue")
	d.Key("Return")
	waitFile(t, d, "Enter accepting the queue's suggestion", func() bool {
		for _, s := range suggestionsInFile(t, bin, home, project) {
			if s.ID == want.ID {
				return s.Status == "accepted"
			}
		}
		return false
	})
	before = d.WaitStable(suggestionPanel, 10*time.Second)
	d.Click(recommendersTab.X, recommendersTab.Y)
	d.WaitChange(suggestionPanel, before, 10*time.Second, "the Recommenders tab")
	d.WaitStable(suggestionPanel, 10*time.Second)
	shot("6-recommenders")
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
