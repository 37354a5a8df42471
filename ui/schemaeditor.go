package ui

import (
	"errors"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/ui/schemaedit"
)

// The schema editor is a dialog over a schemaedit.Edit (the working copy
// and everything a change means for the annotations): this file builds
// the dialog and saves; schemaeditor_labels.go, _guideline.go, _attrs.go,
// _relations.go, _docsets.go and _codebook.go hold one tab or control each.

// SchemaSaveFunc stores an edited schema and then calls done with the
// error, on the UI goroutine (the window stores it in its edit queue, off
// that goroutine; done may also be called before the func returns).
// renames maps old label names to new ones so that annotations can
// follow; force deletes the annotations of labels that were removed. An
// error keeps the editor open; when the edit removed labels, the editor
// then offers to retry with force.
type SchemaSaveFunc func(next *model.Schema, renames map[string]string, force bool, done func(error))

// ShowSchemaEditor opens the schema editor on a copy of current: labels
// (name, colour, hotkey, guideline, attributes), relation types,
// document label sets and allow_overlap, validated after every change.
// Save is disabled while the copy is invalid; it calls onSave.
// The codebook it exports is named after the project the window guards
// (GuardProjectFiles); ShowSchemaEditorFor names the project outright.
func ShowSchemaEditor(win fyne.Window, current *model.Schema, onSave SchemaSaveFunc) {
	ShowSchemaEditorFor(win, current, lastGuardedProject(), onSave)
}

// ShowSchemaEditorFor is ShowSchemaEditor for the project file project:
// the codebook is named after it and never written onto it.
func ShowSchemaEditorFor(win fyne.Window, current *model.Schema, project string, onSave SchemaSaveFunc) {
	ed := newSchemaEditor(win, current, onSave)
	ed.project = project
	ed.show()
}

type schemaEditor struct {
	e       *schemaedit.Edit
	win     fyne.Window
	onSave  SchemaSaveFunc
	project string // the project file: the codebook's name, never its target

	dlg         *dialog.CustomDialog
	errLabel    *widget.Label
	saveBtn     *keyButton
	codebookBtn *keyButton

	labelList *keyList
	cur       int // selected label, -1 none
	detail    *fyne.Container
	relBox    *fyne.Container
	docBox    *fyne.Container
	overlap   *keyCheck

	// the current label's inputs (for tests)
	nameEntry, colorEntry, hotkeyEntry *escEntry
	guideline                          *guidelineEditor
	mergeTarget                        *escSelect
	mergeBtn                           *keyButton
	confirm                            *dialog.ConfirmDialog
	saved                              bool
}

func newSchemaEditor(win fyne.Window, current *model.Schema, onSave SchemaSaveFunc) *schemaEditor {
	ed := &schemaEditor{e: schemaedit.New(current), win: win, onSave: onSave, cur: -1}
	ed.build()
	return ed
}

// labels is the working copy's label list (read only: edits go through ed.e).
func (ed *schemaEditor) labels() []model.Label { return ed.e.Schema().Labels }

func (ed *schemaEditor) build() {
	ed.errLabel = widget.NewLabel("")
	ed.errLabel.Importance = widget.DangerImportance
	ed.errLabel.Wrapping = fyne.TextWrapWord
	ed.saveBtn = newKeyButton("Save", theme.DocumentSaveIcon(), ed.save)
	ed.saveBtn.Importance = widget.HighImportance
	ed.codebookBtn = newKeyButton("Codebook…", theme.DocumentIcon(), ed.exportCodebook)

	ed.overlap = newKeyCheck("Allow overlapping spans", func(on bool) {
		ed.e.SetAllowOverlap(on)
		ed.changed()
	})
	ed.overlap.Checked = ed.e.Schema().AllowOverlap
	generalTab := container.NewVBox(ed.overlap,
		widget.NewLabel("Renamed labels keep their annotations; a label merged into another gives it\nits annotations. Removing a label that is in use asks before its annotations\nare deleted (they stay in the history)."))

	tabs := container.NewAppTabs(
		container.NewTabItem("Labels", ed.buildLabelsTab()),
		container.NewTabItem("Relations", ed.buildRelationsTab()),
		container.NewTabItem("Document labels", ed.buildDocSetsTab()),
		container.NewTabItem("General", generalTab),
	)
	cancel := newKeyButton("Cancel", theme.CancelIcon(), ed.cancel)
	content := container.NewBorder(nil, ed.errLabel, nil, nil, tabs)
	ed.dlg = dialog.NewCustomWithoutButtons("Label schema", content, ed.win)
	ed.dlg.SetButtons([]fyne.CanvasObject{ed.codebookBtn, cancel, ed.saveBtn})

	if len(ed.labels()) > 0 {
		ed.labelList.Select(0)
		ed.selectLabel(0)
	} else {
		ed.selectLabel(-1)
	}
	ed.changed()
}

// rowsTab is a tab of rows (relation types, document label sets) in box,
// laid out by rebuild, with a button under them that adds one.
func (ed *schemaEditor) rowsTab(box *fyne.Container, addText string, add, rebuild func()) fyne.CanvasObject {
	btn := newKeyButton(addText, theme.ContentAddIcon(), func() {
		add()
		rebuild()
		ed.changed()
	})
	rebuild()
	return container.NewBorder(nil, container.NewHBox(btn), nil, nil, container.NewVScroll(box))
}

// cancel closes the editor; with unsaved changes it asks first, since
// Cancel (and Esc from any of the editor's widgets) would drop them.
func (ed *schemaEditor) cancel() {
	if !ed.e.Modified() {
		ed.dlg.Hide()
		return
	}
	d := dialog.NewConfirm("Discard changes?", "The label schema has changes that are not saved.\nDiscard them?", func(discard bool) {
		if discard {
			ed.dlg.Hide()
		}
	}, ed.win)
	d.SetConfirmText("Discard")
	d.SetDismissText("Keep editing")
	showDialog(d, ed.win)
}

func (ed *schemaEditor) show() {
	ed.dlg.Resize(fyne.NewSize(960, 700))
	ed.dlg.Show()
}

// changed revalidates the working copy: the first problem is shown in red
// and Save (and the codebook, which prints the copy) is disabled until it
// is fixed.
func (ed *schemaEditor) changed() {
	ed.e.Normalize()
	if err := ed.e.Validate(); err != nil {
		ed.errLabel.SetText(strings.TrimPrefix(err.Error(), "schema: "))
		ed.saveBtn.Disable()
		ed.codebookBtn.Disable()
		return
	}
	ed.errLabel.SetText("")
	ed.saveBtn.Enable()
	ed.codebookBtn.Enable()
}

// save hands the copy to onSave. If that fails and labels were removed,
// it asks whether to delete their annotations and retries with force.
// Save stays disabled while the store has not answered.
func (ed *schemaEditor) save() {
	if err := ed.e.Validate(); err != nil {
		ed.changed()
		return
	}
	next, renames := ed.e.Result(), ed.e.Renames()
	ed.store(next, renames, false, func(err error) {
		ed.errLabel.SetText(err.Error())
		removed := ed.e.Removed()
		if len(removed) == 0 {
			return
		}
		var inUse *model.LabelsInUseError
		if !errors.As(err, &inUse) {
			return // refused for another reason: shown above, nothing to confirm
		}
		msg := fmt.Sprintf("%s.\n\nDelete the annotations of %s as well?\nThey are kept in the history, so Undo brings them back.",
			inUse.Error(), strings.Join(removed, ", "))
		c := dialog.NewConfirm("Delete annotations?", msg, func(ok bool) {
			ed.confirm = nil
			if !ok {
				return
			}
			ed.store(next, renames, true, func(err error) { ed.errLabel.SetText(err.Error()) })
		}, ed.win)
		c.SetConfirmText("Delete them")
		c.SetConfirmImportance(widget.DangerImportance)
		ed.confirm = c
		showDialog(c, ed.win)
	})
}

// store calls onSave and closes the editor once it stored the schema, or
// calls refused with the error.
func (ed *schemaEditor) store(next *model.Schema, renames map[string]string, force bool, refused func(error)) {
	ed.saveBtn.Disable()
	ed.errLabel.SetText("saving…")
	ed.onSave(next, renames, force, func(err error) {
		ed.errLabel.SetText("")
		ed.saveBtn.Enable() // the copy was valid when Save was pressed
		if err != nil {
			refused(err)
			return
		}
		ed.done()
	})
}

func (ed *schemaEditor) done() {
	ed.saved = true
	ed.dlg.Hide()
}

func hexOf(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02x%02x%02x", n.R, n.G, n.B)
}
