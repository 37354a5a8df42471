package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// TestPreferencesTurnRelationRowsOff: the article gets relation rows while
// it has relations; the Preferences form's "Relation rows" switch turns
// them off (the relation then drawn in the margin, its label the
// tooltip), keeps the choice, and a reload keeps it off; on again, the
// rows are back.
func TestPreferencesTurnRelationRowsOff(t *testing.T) {
	db, _ := relProject(t, "ana")
	w := openWindow(t, db)
	if !w.View().RelationSpace() {
		t.Fatal("no relation rows with a relation drawn")
	}
	w.showPreferences()
	var rows *keyCheck
	for _, it := range formItems(w.win.Canvas().Overlays().Top()) {
		if c, ok := it.Widget.(*keyCheck); ok && it.Text == "Relation rows" {
			rows = c
		}
	}
	if rows == nil {
		t.Fatal("the Preferences form has no relation-rows switch")
	}
	if !rows.Checked {
		t.Error("the switch is off while the rows are shown")
	}
	rows.SetChecked(false)
	w.shell.prefs.(*dialog.FormDialog).Submit()
	if w.View().RelationSpace() {
		t.Fatal("Save did not turn the relation rows off")
	}
	if fyne.CurrentApp().Preferences().BoolWithFallback(PrefRelationSpace, true) {
		t.Fatal("the choice was not kept")
	}
	w.relationsChanged() // what every relation edit and reload does
	if w.View().RelationSpace() {
		t.Error("redrawing the relations turned the rows back on")
	}
	w.SetRelationSpace(true)
	if !w.View().RelationSpace() {
		t.Error("the rows did not come back")
	}
}
