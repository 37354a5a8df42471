package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/ui/articleview"
)

// Preference keys (Fyne's preferences API: per user, per app id). The
// annotator name and the backup interval are read by cmd/margin when a
// project opens.
const (
	PrefAnnotator     = "annotator"
	PrefBackupMinutes = "backupMinutes"
	prefFontSize      = "articleFontSize"
	prefLineSpacing   = "articleLineSpacing"
	prefTheme         = "theme"
)

// Defaults and bounds of the preferences.
const (
	DefaultBackupMinutes = 10
	defaultFontSize      = 14
	minFontSize          = 9
	maxFontSize          = 32
	minLineSpacing       = 1.0
	maxLineSpacing       = 3.0
)

const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

// shellState is the window shell's own state: the dialogs it shows once
// at a time, the article's theme override and the remembered splits.
type shellState struct {
	sheet   dialog.Dialog
	prefs   dialog.Dialog
	article *container.ThemeOverride
	splits  []namedSplit
	// cols decides the three columns' widths (panes.go); body is the
	// window's content below the minimum-size cap.
	cols    *paneColumns
	columns *fyne.Container // laid out by cols
	body    fyne.CanvasObject
	// layoutSave saves the splits and window size a moment after they
	// last changed (prefs_layout.go).
	layoutSave *time.Timer
	// labelsSplit is the Labels | annotations split; labelsAuto the
	// position fitLabels gave it last and labelsUser the one the user gave
	// it (0 for none; panes_right.go). annotateSplit, annotateAuto and
	// annotateUser, the same for the annotations | inspector split.
	labelsSplit   *container.Split
	labelsAuto    float64
	labelsUser    float64
	annotateSplit *container.Split
	annotateAuto  float64
	annotateUser  float64
}

// preferences is the store SetPreferences gave (cmd/margin's file that is
// replaced whole, internal/prefstore); nil under the test driver, where
// the test app's in-memory preferences serve.
var preferences fyne.Preferences

// SetPreferences makes p the window's preferences instead of the app's
// own (cmd/margin calls it before any window is made).
func SetPreferences(p fyne.Preferences) { preferences = p }

// Preferences is the store the window's preferences are kept in.
func Preferences() fyne.Preferences { return prefs() }

func prefs() fyne.Preferences {
	if preferences != nil {
		return preferences
	}
	if a := fyne.CurrentApp(); a != nil {
		return a.Preferences()
	}
	return nil
}

// BackupInterval is the backup interval the user chose, in minutes
// (DefaultBackupMinutes when unset; 0 turns periodic backups off).
func BackupInterval(p fyne.Preferences) int {
	return p.IntWithFallback(PrefBackupMinutes, DefaultBackupMinutes)
}

// articleArea wraps the article view in a theme override that carries
// the font size preference (the view takes its text size from its theme)
// and applies the line spacing preference.
func (w *Window) articleArea(v *articleview.View) fyne.CanvasObject {
	w.shell.article = container.NewThemeOverride(v, &articleTheme{size: defaultFontSize})
	w.applyArticlePrefs()
	return w.shell.article
}

// applyArticlePrefs shows the article with the font size and line spacing
// in the preferences.
func (w *Window) applyArticlePrefs() {
	p := prefs()
	if p == nil || w.shell.article == nil {
		return
	}
	size := clamp(p.FloatWithFallback(prefFontSize, defaultFontSize), minFontSize, maxFontSize)
	w.shell.article.Theme = &articleTheme{size: float32(size)}
	w.view.SetLineSpacing(float32(clamp(p.FloatWithFallback(prefLineSpacing, float64(articleview.DefaultLineSpacing)), minLineSpacing, maxLineSpacing)))
	w.shell.article.Refresh()
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }

// ApplyThemePreference sets the app's theme from the preferences (light,
// dark, or the system's); cmd/margin calls it at start.
func ApplyThemePreference(a fyne.App) {
	p := prefs()
	if p == nil {
		p = a.Preferences()
	}
	switch p.String(prefTheme) {
	case themeLight:
		a.Settings().SetTheme(&variantTheme{variant: variantLight})
	case themeDark:
		a.Settings().SetTheme(&variantTheme{variant: variantDark})
	default:
		a.Settings().SetTheme(&variantTheme{system: true})
	}
}

// showPreferences edits the preferences; Save applies them at once (the
// annotator name from the next project opened: the open layer stays).
func (w *Window) showPreferences() {
	p := prefs()
	if p == nil || w.shell.prefs != nil {
		return
	}
	fontSize := newEscEntry()
	fontSize.SetText(strconv.FormatFloat(p.FloatWithFallback(prefFontSize, defaultFontSize), 'f', -1, 64))
	fontSize.Validator = numberIn(minFontSize, maxFontSize)
	spacing := newEscEntry()
	spacing.SetText(strconv.FormatFloat(p.FloatWithFallback(prefLineSpacing, float64(articleview.DefaultLineSpacing)), 'f', -1, 32))
	spacing.Validator = numberIn(minLineSpacing, maxLineSpacing)
	themes := newEscSelect([]string{themeSystem, themeLight, themeDark})
	themes.SetSelected(p.StringWithFallback(prefTheme, themeSystem))
	// Focused (by Tab or a click), the box passes Enter and Esc on.
	tags := newKeyCheck("show each span's label above it", nil)
	tags.SetChecked(w.view.ShowLabelTags())
	relRows := newKeyCheck("room above lines for relation arrows", nil)
	relRows.SetChecked(relationSpacePref())
	name := newEscEntry()
	name.SetText(p.StringWithFallback(PrefAnnotator, w.annotator))
	name.Validator = validAnnotatorName
	backup := newEscEntry()
	backup.SetText(strconv.Itoa(BackupInterval(p)))
	backup.Validator = numberIn(0, 24*60)
	items := []*widget.FormItem{
		widget.NewFormItem("Article font size", fontSize),
		widget.NewFormItem("Line spacing", spacing),
		widget.NewFormItem("Theme", themes),
		widget.NewFormItem("Label tags", tags),
		widget.NewFormItem("Relation rows", relRows),
		widget.NewFormItem("Your name", name),
		widget.NewFormItem("Backup every (minutes)", backup),
	}
	items[0].HintText = fmt.Sprintf("%d–%d points", minFontSize, maxFontSize)
	items[1].HintText = "1.0–3.0 times the font size"
	items[4].HintText = "off: in the left margin, labels on hover"
	items[5].HintText = "your annotation layer, from the next project you open"
	items[6].HintText = "0 turns the periodic backup off; from the next start"
	var d *dialog.FormDialog
	d = dialog.NewForm("Preferences", "Save", "Cancel", items, func(ok bool) {
		w.shell.prefs = nil
		if !ok {
			return
		}
		fs, _ := strconv.ParseFloat(strings.TrimSpace(fontSize.Text), 64)
		ls, _ := strconv.ParseFloat(strings.TrimSpace(spacing.Text), 64)
		bm, _ := strconv.Atoi(strings.TrimSpace(backup.Text))
		p.SetFloat(prefFontSize, fs)
		p.SetFloat(prefLineSpacing, ls)
		p.SetString(prefTheme, themes.Selected)
		p.SetString(PrefAnnotator, strings.TrimSpace(name.Text))
		p.SetInt(PrefBackupMinutes, bm)
		if a := fyne.CurrentApp(); a != nil {
			ApplyThemePreference(a)
		}
		w.applyArticlePrefs()
		w.SetShowLabelTags(tags.Checked)    // kept in PrefLabelTags (labeltags.go)
		w.SetRelationSpace(relRows.Checked) // kept in PrefRelationSpace (relspace.go)
		w.setStatusText("preferences saved")
	}, w.win)
	w.shell.prefs = d
	for _, e := range []*escEntry{fontSize, spacing, name, backup} {
		e.onEscape = d.Hide
		e.OnSubmitted = func(string) { d.Submit() }
	}
	themes.onEscape, themes.onEnter = d.Hide, d.Submit
	d.SetOnClosed(func() { w.shell.prefs = nil })
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	showDialog(d, w.win)
	w.win.Canvas().Focus(fontSize)
}

// numberIn validates a number from lo to hi.
func numberIn(lo, hi float64) fyne.StringValidator {
	return func(s string) error {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return fmt.Errorf("a number is needed")
		}
		if v < lo || v > hi {
			return fmt.Errorf("from %g to %g", lo, hi)
		}
		return nil
	}
}
