package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// inspectorInput finds the input of the inspector's form item named name
// (the note, or an attribute) in the widget tree, the way a user finds it
// on screen.
func inspectorInput(t *testing.T, w *Window, name string) fyne.Focusable {
	t.Helper()
	var found fyne.Focusable
	eachObject(w.inspector.box, func(o fyne.CanvasObject) {
		f, ok := o.(*widget.Form)
		if !ok {
			return
		}
		for _, it := range f.Items {
			if it.Text != name {
				continue
			}
			eachObject(it.Widget, func(o fyne.CanvasObject) {
				if e, ok := o.(fyne.Focusable); ok && found == nil {
					found = e
				}
			})
		}
	})
	if found == nil {
		t.Fatalf("the inspector shows no %q input", name)
	}
	return found
}

// clickSpan presses and releases the mouse on offset off of the article
// view, as the desktop driver delivers a click.
func clickSpan(w *Window, off int) {
	v := w.View()
	pos := v.PositionOf(off).Add(fyne.NewPos(2, v.LineHeight()/2))
	ev := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}, Button: desktop.MouseButtonPrimary}
	v.MouseDown(ev)
	v.MouseUp(ev)
	v.Tapped(&ev.PointEvent)
}

// typeInto focuses in in the window's canvas and types s.
func typeInto(w *Window, in fyne.Focusable, s string) {
	w.win.Canvas().Focus(in)
	test.Type(in, s)
}

// notesProject is the demo project with two labelled spans of ana's: a
// claim and a territorial-control span (which has text attributes).
func notesProject(t *testing.T) (*storage.DB, *Window, *model.Annotation, *model.Annotation) {
	t.Helper()
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	t.Cleanup(func() { db.Close() })
	w := openWindow(t, db)
	s, e := span(assets.DemoArticle, phrase)
	w.View().SetSelection(s, e)
	w.applyLabel("CEASEFIRE_TERM")
	claim := *w.annotation(w.View().SelectedHighlight())
	s, e = span(assets.DemoArticle, "The White House")
	w.View().SetSelection(s, e)
	w.applyLabel("TERRITORIAL_CONTROL")
	place := *w.annotation(w.View().SelectedHighlight())
	return db, w, &claim, &place
}

func stored(t *testing.T, db *storage.DB, id string) *model.Annotation {
	t.Helper()
	a, err := db.Annotation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestTypedNoteIsSavedWhenTheUserMovesOn: a note typed into the inspector
// is in the project file once the user clicks another span, without
// "Save note" or Enter, as one undo step (issue 12, item 3).
func TestTypedNoteIsSavedWhenTheUserMovesOn(t *testing.T) {
	db, w, claim, place := notesProject(t)
	w.focusAnnotation(claim.ID)
	typeInto(w, inspectorInput(t, w, "note"), "hedged: only energy")
	clickSpan(w, place.Start()+1)
	if w.inspector.cur == nil || w.inspector.cur.ID != place.ID {
		t.Fatalf("the click did not select the other span: %+v", w.inspector.cur)
	}
	if got := stored(t, db, claim.ID).Note; got != "hedged: only energy" {
		t.Fatalf("note in the project after clicking another span: %q", got)
	}
	// One undo step brings the note back to empty, and the span stays.
	w.Undo()
	if got := stored(t, db, claim.ID); got.Note != "" || got.Label != "CEASEFIRE_TERM" {
		t.Fatalf("after one undo: %+v", got)
	}
}

// TestTypedTextAttributeIsSavedOnTab: a text attribute is saved when the
// user tabs out of it, and its note typed meanwhile with it, in one step.
func TestTypedTextAttributeIsSavedOnTab(t *testing.T) {
	db, w, _, place := notesProject(t)
	w.focusAnnotation(place.ID)
	ctrl := inspectorInput(t, w, "controller")
	typeInto(w, ctrl, "Russian forces")
	w.win.Canvas().FocusNext() // Tab out of the entry
	if got := stored(t, db, place.ID).Attributes["controller"]; got != "Russian forces" {
		t.Fatalf("controller after Tab: %v", got)
	}
}

// TestTypedNoteSurvivesDocumentModeSwitchAndClose: switching document or
// mode, or closing the window, saves the note typed just before.
func TestTypedNoteSurvivesDocumentModeSwitchAndClose(t *testing.T) {
	for _, c := range []struct {
		name string
		move func(w *Window)
	}{
		{"document switch", func(w *Window) { w.docList.Select(1) }},
		{"mode switch", func(w *Window) { w.modeSelect.SetSelected(modeCompare) }},
		{"Escape", func(w *Window) { w.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) }},
		{"window close", func(w *Window) { w.requestClose() }},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, w, claim, _ := notesProject(t)
			w.focusAnnotation(claim.ID)
			note := inspectorInput(t, w, "note")
			typeInto(w, note, "check the date")
			// Whatever the user does next, the note's focus may stay put
			// (a list tap or a shortcut does not take it).
			c.move(w)
			if got := stored(t, db, claim.ID).Note; got != "check the date" {
				t.Fatalf("note after %s: %q", c.name, got)
			}
			if c.name == "window close" {
				select {
				case <-closedChan(w):
				default:
					t.Fatal("the window did not close (nothing was running)")
				}
			}
		})
	}
}

// TestNumberAttributeSavedAndBadNumberStopsClose: a number typed into a
// number attribute is saved when the user moves on; text that is not a
// number is reported, and closing the window then asks before losing it.
func TestNumberAttributeSavedAndBadNumberStopsClose(t *testing.T) {
	db, w, claim, place := notesProject(t)
	sc, err := db.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range sc.Labels {
		if sc.Labels[i].Name == "CEASEFIRE_TERM" {
			sc.Labels[i].Attributes = append(sc.Labels[i].Attributes, model.AttributeDef{Name: "days", Type: model.AttrNumber})
		}
	}
	if err := db.SetSchema(context.Background(), sc, "ana"); err != nil {
		t.Fatal(err)
	}
	w.reloadSchema(func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	})
	w.focusAnnotation(claim.ID)
	typeInto(w, inspectorInput(t, w, "days"), "30")
	clickSpan(w, place.Start()+1)
	if got := stored(t, db, claim.ID).Attributes["days"]; got != 30.0 {
		t.Fatalf("days after moving on: %v", got)
	}

	w.focusAnnotation(claim.ID)
	days := inspectorInput(t, w, "days")
	w.win.Canvas().Focus(days)
	days.(interface{ SetText(string) }).SetText("thirty")
	w.requestClose()
	select {
	case <-closedChan(w):
		t.Fatal("the window closed and dropped the typed \"thirty\"")
	default:
	}
	if !strings.Contains(dialogText(w), "Close anyway and lose it?") {
		t.Fatalf("no question before losing the text: %q", dialogText(w))
	}
	test.Tap(dialogButton(t, w, "Yes"))
	select {
	case <-closedChan(w):
	default:
		t.Fatal("the window did not close after the user chose to")
	}
	if got := stored(t, db, claim.ID).Attributes["days"]; got != 30.0 {
		t.Fatalf("days after closing: %v", got)
	}
}
