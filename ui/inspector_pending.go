package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// Typed text in the inspector (the note, text and number attributes) is
// saved when the user moves on, never only by a button or Enter: a
// researcher who types a note and clicks the next span expects it kept
// (issue 12, item 3). Each save is one update, so one undo step.

// commitEntry is an Entry that saves its text when it loses focus. Tab
// leaves it (in a multi-line note too), as in a form.
type commitEntry struct {
	widget.Entry
	onFocusLost func() bool
}

func newCommitEntry(multiLine bool, onFocusLost func() bool) *commitEntry {
	e := &commitEntry{onFocusLost: onFocusLost}
	e.MultiLine = multiLine
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // as widget.NewEntry
	e.ExtendBaseWidget(e)
	return e
}

// FocusLost saves the typed text (after the Entry's own bookkeeping).
func (e *commitEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onFocusLost != nil {
		e.onFocusLost()
	}
}

// sayUnsaved makes the status bar say, while the user types into e, that
// the text is not saved yet: until they move on, a crash would lose it,
// and the status bar must not still read "saved" (the tester's kill -9
// after typing lost a note the status called saved). Set after the
// entry's initial SetText, so showing a span says nothing.
func (in *inspector) sayUnsaved(e *commitEntry, what string) {
	e.OnChanged = func(string) {
		if in.committing || in.loading {
			return
		}
		in.w.setStatusText(what + " typed, not saved yet · Tab, Enter or a click elsewhere saves it")
	}
}

// AcceptsTab is false: Tab moves to the next input, which saves this one.
func (e *commitEntry) AcceptsTab() bool { return false }

// errSpanGone: the span typed for was deleted (an undo, another window).
var errSpanGone = errors.New("not saved")

// discard forgets what was typed (the user chose to close without it).
func (in *inspector) discard() { in.pending = nil }

// pendingInput is one typed input of the inspector: the note, or a text
// or number attribute (def).
type pendingInput struct {
	entry *commitEntry
	note  bool
	def   model.AttributeDef
}

// draft is the shown annotation as stored now with every typed input
// that differs from what was shown applied, and the names of those
// inputs; nil when no annotation is shown or it is gone. It starts from
// the layer as last read (another edit, a nudge or a relabel, may have
// changed the span since it was shown) and applies only what the user
// typed, so it never reverts an edit made meanwhile.
func (in *inspector) draft() (*model.Annotation, []string, error) {
	if in.cur == nil {
		return nil, nil, nil
	}
	base := in.w.annotation(in.cur.ID)
	if base == nil {
		var typed []string
		for _, p := range in.pending {
			if p.changed(in.cur) {
				typed = append(typed, fmt.Sprintf("%s %q", p.name(), p.entry.Text))
			}
		}
		if len(typed) > 0 {
			return nil, nil, fmt.Errorf("%w: the %s span was removed meanwhile; what you typed: %s", errSpanGone, in.cur.Label, strings.Join(typed, ", "))
		}
		return nil, nil, nil
	}
	upd := *base
	upd.Attributes = make(map[string]any, len(base.Attributes))
	for k, v := range base.Attributes {
		upd.Attributes[k] = v
	}
	var what []string
	for _, p := range in.pending {
		// Pending: typed since shown, and not saved meanwhile by another
		// control of the inspector (which includes the typed inputs).
		if !p.changed(in.cur) || !p.changed(base) {
			continue
		}
		if p.note {
			upd.Note = p.entry.Text
			// The text in the status bar: each save reads differently.
			what = append(what, fmt.Sprintf("note “%s”", shorten(p.entry.Text, 30)))
			continue
		}
		v, err := p.value()
		if err != nil {
			return nil, nil, err
		}
		if v == nil {
			delete(upd.Attributes, p.def.Name)
		} else {
			upd.Attributes[p.def.Name] = v
		}
		what = append(what, fmt.Sprintf("%s=%v", p.def.Name, p.entry.Text))
	}
	return &upd, what, nil
}

func (p pendingInput) name() string {
	if p.note {
		return "note"
	}
	return p.def.Name
}

// value is the attribute value typed (nil: empty, which removes it).
func (p pendingInput) value() (any, error) {
	s := p.entry.Text
	if s == "" {
		return nil, nil
	}
	if p.def.Type != model.AttrNumber {
		return s, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return nil, fmt.Errorf("%s not saved: %q is not a number", p.def.Name, s)
	}
	return f, nil
}

// changed says whether the input's text differs from shown's value.
func (p pendingInput) changed(shown *model.Annotation) bool {
	if p.note {
		return p.entry.Text != shown.Note
	}
	cur, has := shown.Attributes[p.def.Name]
	if p.entry.Text == "" {
		return has
	}
	if !has {
		return true
	}
	if p.def.Type == model.AttrNumber {
		f, err := strconv.ParseFloat(strings.TrimSpace(p.entry.Text), 64)
		return err != nil || f != toFloat(cur)
	}
	s, _ := cur.(string)
	return p.entry.Text != s
}

// commit saves the typed inputs that changed, as one update, and keeps
// the inspector as it is (the user may be moving to another of its
// inputs). It reports an input it cannot save, naming it and what was
// typed, instead of dropping it, and then returns false.
func (in *inspector) commit() bool {
	if in == nil || in.committing { // nil: the window is still being built
		return true
	}
	upd, what, err := in.draft()
	w := in.w
	if errors.Is(err, errSpanGone) {
		// Nowhere to save it: the message shows the text, once.
		in.pending = nil
		w.showError(err)
		return true
	}
	if err != nil {
		w.showError(err)
		return false
	}
	if len(what) == 0 {
		return true
	}
	if !w.canEdit() {
		return false
	}
	in.committing = true
	defer func() { in.committing = false }()
	// Shown at once and written in the edit queue; a write the store
	// refuses is reported (naming what was typed) and taken back.
	w.ctl.Update(upd, strings.Join(what, ", "))
	saved := *upd
	in.cur = &saved
	w.markInProgress()
	if w.doc != nil && w.doc.ID == upd.DocID {
		w.annList.selectID(upd.ID)
	}
	w.updateStatus()
	return true
}
