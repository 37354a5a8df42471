package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/review"
)

// curateWindow opens ana's merged CoNLL project with the edit queue
// running off the UI goroutine, as in the app (the inline mode of the
// other ui tests answers every read before the call returns, which hid
// the order in which the counts were drawn).
func curateWindow(t *testing.T, db model.Store) (*Window, uiQueue) {
	t.Helper()
	q := make(uiQueue, 1024)
	postEdits = q.post
	t.Cleanup(func() { postEdits = nil })
	w := openWindow(t, db)
	q.settle(t, w)
	return w, q
}

// wantCounts checks that the panel's summary and the status bar show the
// document's counts as the file holds them (storedTally).
func wantCounts(t *testing.T, w *Window, db model.Store, when string) review.Tally {
	t.Helper()
	tl, gold := storedTally(t, db, w.doc.ID)
	status := fmt.Sprintf("%s · %d of %d groups decided", model.Plural(gold, "gold span", "gold spans"), tl.Decided, tl.Groups)
	if !strings.Contains(w.status.Text, status) {
		t.Errorf("%s: status bar %q, want %q", when, w.status.Text, status)
	}
	summary := fmt.Sprintf("Decided: %d of %d disagreements, %d of %d exact matches · %s.",
		tl.DisagreementsDecided, tl.Disagreements, tl.ExactDecided, tl.Exact, model.Plural(gold, "gold span", "gold spans"))
	if !strings.Contains(w.review.summary.Text, summary) {
		t.Errorf("%s: summary %q, want %q", when, w.review.summary.Text, summary)
	}
	return tl
}

func pressKey(w *Window, name fyne.KeyName, shift bool) {
	v := w.View()
	if shift {
		v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		defer v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	}
	v.TypedKey(&fyne.KeyEvent{Name: name})
}

// TestCurateCountsAgreeWithTheFile: ana curates her and bob's tags of a
// CoNLL-2003 article by keys (N, Enter, Shift+Enter, Delete, Ctrl+Z
// twice).
// After each decision the summary and the status bar show the same
// counts, and they are the file's. They drifted: the status bar said 48
// gold spans (her own layer's count) on entering Curate, the summary
// counted decided disagreements only (still "1 curated" after accepting
// every exact match), and back in Annotate the status bar said "0 of
// your spans" (gold's count) where the list said 48 (issue 15).
func TestCurateCountsAgreeWithTheFile(t *testing.T) {
	db := mergedConll(t, 1, 1)
	ctx := context.Background()
	w, q := curateWindow(t, db)
	mine := w.docs[w.docIdx].Annotations
	w.modeSelect.SetSelected(modeCurate)
	q.settle(t, w)
	before := wantCounts(t, w, db, "entering Curate")
	if before.Disagreements != 5 || before.Exact == 0 {
		t.Fatalf("the merged article has %d disagreements and %d exact matches, want ana's 5 changes and some agreement", before.Disagreements, before.Exact)
	}

	// N, then Enter: the outlined span (the first side's) goes into gold,
	// which decides the group, and the outline moves on by itself.
	w.View().TypedRune('n')
	first := w.review.at
	if first < 0 || w.review.clusters[first].Kind == review.Exact {
		t.Fatalf("N went to group %d", first)
	}
	pressKey(w, fyne.KeyReturn, false)
	q.settle(t, w)
	got := wantCounts(t, w, db, "after Enter")
	if got.DisagreementsDecided != 1 {
		t.Errorf("after accepting one group %d disagreements are decided, want 1", got.DisagreementsDecided)
	}
	if w.review.at == first || w.review.at < 0 || w.review.curated[w.review.at] {
		t.Errorf("after deciding group %d the panel is on group %d (decided %v), want the next undecided one", first, w.review.at, w.review.curated[w.review.at])
	}

	// Shift+Enter: every exact match into gold.
	pressKey(w, fyne.KeyReturn, true)
	q.settle(t, w)
	got = wantCounts(t, w, db, "after accepting every exact match")
	if got.ExactDecided != got.Exact {
		t.Errorf("%d of %d exact matches decided after accepting all of them", got.ExactDecided, got.Exact)
	}

	// Delete: the current group is rejected (nothing into gold).
	at := w.review.at
	_, goldBefore := storedTally(t, db, w.doc.ID)
	pressKey(w, fyne.KeyDelete, false)
	q.settle(t, w)
	got = wantCounts(t, w, db, "after Delete")
	if _, g := storedTally(t, db, w.doc.ID); g != goldBefore || got.DisagreementsDecided != 2 || !w.review.curated[at] {
		t.Errorf("Delete: gold %d → %d, %d disagreements decided, group %d decided %v", goldBefore, g, got.DisagreementsDecided, at, w.review.curated[at])
	}
	vs, _ := db.Verdicts(ctx, w.doc.ID)
	rejects := 0
	for _, v := range vs {
		if v.Verdict == model.VerdictReject {
			rejects++
		}
	}
	if rejects != 1 {
		t.Errorf("%d reject verdicts in the file, want 1", rejects)
	}

	// Ctrl+Z takes the reject back; the counts follow.
	w.Undo()
	q.settle(t, w)
	got = wantCounts(t, w, db, "after undo")
	if got.DisagreementsDecided != 1 {
		t.Errorf("after undoing the reject %d disagreements are decided, want 1", got.DisagreementsDecided)
	}

	// Ctrl+Z again: every exact match accepted by Shift+Enter goes in one
	// step (it was one step per match), after the bulk step's question.
	w.Undo()
	q.settle(t, w)
	test.Tap(dialogButton(t, w, "Undo"))
	q.settle(t, w)
	got = wantCounts(t, w, db, "after undoing the accept-all")
	if got.ExactDecided != 0 || got.DisagreementsDecided != 1 {
		t.Errorf("after one undo of the accept-all %d exact matches and %d disagreements are decided, want 0 and 1", got.ExactDecided, got.DisagreementsDecided)
	}

	// Back to Annotate: the status bar counts ana's layer, as the list.
	w.modeSelect.SetSelected(modeAnnotate)
	q.settle(t, w)
	own, _ := db.Annotations(ctx, w.doc.ID, "ana")
	if want := fmt.Sprintf("%d of your spans", len(own)); !strings.Contains(w.status.Text, want) || w.docs[w.docIdx].Annotations != len(own) || mine != len(own) {
		t.Errorf("annotating: status %q, list %d, want %s", w.status.Text, w.docs[w.docIdx].Annotations, want)
	}
}
