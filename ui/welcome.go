package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// AskAnnotatorName asks, on first run, under which name this person's
// annotations are stored (their layer), suggesting suggestion. done is
// called with a non-empty name that is not the reserved gold layer.
func AskAnnotatorName(win fyne.Window, suggestion string, done func(name string)) {
	intro := widget.NewLabel("Your annotations are saved under your name, so that a lead can\nmerge colleagues' files and compare them. Which name should Margin use?")
	win.SetContent(container.NewCenter(widget.NewLabel("Welcome to Margin.")))
	name := newEscEntry()
	name.SetText(suggestion)
	name.Validator = validAnnotatorName
	items := []*widget.FormItem{widget.NewFormItem("", intro), widget.NewFormItem("Your name", name)}
	d := dialog.NewForm("Welcome to Margin", "Continue", "Quit", items, func(ok bool) {
		if !ok {
			win.Close()
			return
		}
		// The form only enables Continue for a valid name.
		done(strings.TrimSpace(name.Text))
	}, win)
	d.Resize(fyne.NewSize(560, 220))
	name.OnSubmitted = func(string) { d.Submit() }
	showDialog(d, win)
	win.Canvas().Focus(name)
}

// validAnnotatorName accepts a name for a person's layer: not empty, not
// the reserved gold layer.
func validAnnotatorName(s string) error {
	switch s = strings.TrimSpace(s); {
	case s == "":
		return errEmptyName
	case s == model.GoldAnnotator:
		return errGoldName
	}
	return nil
}

type nameError string

func (e nameError) Error() string { return string(e) }

const (
	errEmptyName = nameError("a name is needed")
	errGoldName  = nameError(`"gold" is the adjudicated layer; choose your own name`)
)
