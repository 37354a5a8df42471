package ui

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Texts in narrow panes that are cut to the width they get instead of
// asking for their own: a Fyne button or label is as wide as its text,
// and a pane that clips (panes.go) then scrolls sideways, hiding what is
// beside the text (the inspector's relation lines did that).

// clipButton is a flat button whose text is cut with an ellipsis at the
// width it is given; the whole text shows as a tooltip.
func clipButton(text string, tapped func()) fyne.CanvasObject {
	b := newTipButton("", text, tapped)
	b.Importance = widget.LowImportance
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	// The label takes no taps: they reach the button under it.
	return container.NewStack(b, l)
}

// midLabel shows a name cut in the middle to its width, keeping its start
// and its end ("PMID-10…04" and "PMID-10…98" stay apart where an ellipsis
// at the end made both "PMID-…"), and the whole name as a tooltip while
// the pointer rests on it. It takes no taps (a list row gets them).
type midLabel struct {
	widget.BaseWidget
	full  string
	label *widget.Label
	// cut says how a name that shares much with another is cut (SetCut).
	cut nameCut
}

func newMidLabel(text string) *midLabel {
	m := &midLabel{full: text, label: widget.NewLabel(text)}
	m.label.Truncation = fyne.TextTruncateClip
	m.ExtendBaseWidget(m)
	return m
}

// SetText shows another name (a reused list row).
func (m *midLabel) SetText(s string) { m.SetCut(s, nameCut{}) }

// SetCut shows another name, cut as c says when it does not fit
// (cutApart). A list whose names share long starts and ends keeps what
// differs in view: "…-talks-in-istanbul-first-round" and "…-second-round"
// both showed "synth…ound" in the document list at 1024 px.
func (m *midLabel) SetCut(s string, c nameCut) {
	if s == m.full && c == m.cut {
		return
	}
	m.full, m.cut = s, c
	if l := tooltipLayerOf(m); l != nil {
		l.hideFor(m)
	}
	m.Refresh()
}

// Shown is the text drawn now.
func (m *midLabel) Shown() string { return m.label.Text }

func (m *midLabel) MouseIn(*desktop.MouseEvent) {
	if m.label.Text == m.full {
		return // shown whole
	}
	full := m.full
	hoverTip(m, full, func() bool { return m.full == full })
}

func (m *midLabel) MouseMoved(*desktop.MouseEvent) {}

func (m *midLabel) MouseOut() {
	if l := tooltipLayerOf(m); l != nil {
		l.hideFor(m)
	}
}

func (m *midLabel) CreateRenderer() fyne.WidgetRenderer { return &midLabelRenderer{m: m} }

type midLabelRenderer struct {
	m    *midLabel
	size fyne.Size
}

func (r *midLabelRenderer) Layout(size fyne.Size) {
	r.size = size
	text := cutApart(r.m.full, size.Width-2*theme.InnerPadding(), func(s string) float32 {
		return fyne.MeasureText(s, theme.TextSize(), r.m.label.TextStyle).Width
	}, r.m.cut)
	if text != r.m.label.Text {
		r.m.label.SetText(text)
	}
	r.m.label.Resize(size)
}

func (r *midLabelRenderer) MinSize() fyne.Size {
	// A few characters wide: the list's column decides the width.
	return fyne.NewSize(fyne.MeasureText("ab…yz", theme.TextSize(), r.m.label.TextStyle).Width+2*theme.InnerPadding(),
		r.m.label.MinSize().Height)
}

func (r *midLabelRenderer) Refresh()                     { r.Layout(r.size) }
func (r *midLabelRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.m.label} }
func (r *midLabelRenderer) Destroy()                     {}

// midEllipsis is s if it is at most width wide (measured by width), else
// the longest start and end of s, about as long as each other, joined by
// "…", that fit.
func midEllipsis(s string, width float32, measure func(string) float32) string {
	return midEllipsisHead(s, width, measure, 0)
}

// midEllipsisHead is midEllipsis keeping at most most runes of the start
// (0: no limit), the end getting the rest.
func midEllipsisHead(s string, width float32, measure func(string) float32, most int) string {
	if measure(s) <= width {
		return s
	}
	rs := []rune(s)
	cut := func(keep int) string {
		head := (keep + 1) / 2
		if most > 0 {
			head = min(head, most)
		}
		return string(rs[:head]) + "…" + string(rs[len(rs)-(keep-head):])
	}
	lo, hi := 0, len(rs) // keeping lo runes fits (or is the least), hi does not
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if measure(cut(mid)) <= width {
			lo = mid
		} else {
			hi = mid
		}
	}
	return cut(lo)
}

// cutApart is s cut to width as c says: with no other name like it
// (c.to 0), in the middle (midEllipsis); else keeping at most c.head
// runes of the start and as much of the end as fits, when that end
// reaches into the runes [c.from, c.to) where s differs from the other;
// else the start, "…", as much of the differing runes and what follows
// them as fits, and "…".
func cutApart(s string, width float32, measure func(string) float32, c nameCut) string {
	if c.to == 0 {
		return midEllipsis(s, width, measure)
	}
	if measure(s) <= width {
		return s
	}
	rs := []rune(s)
	cut := midEllipsisHead(s, width, measure, c.head)
	if i := strings.Index(cut, "…"); i >= 0 && len(rs)-utf8.RuneCountInString(cut[i+len("…"):]) < c.to {
		return cut // its end shows where the names differ
	}
	head := string(rs[:min(c.head, c.from)]) + "…"
	mid := func(k int) string { return head + string(rs[c.from:c.from+k]) + "…" }
	lo, hi := 0, len(rs)-c.from // keeping lo runes from c.from fits (or is the least)
	for lo+1 < hi {
		k := (lo + hi) / 2
		if measure(mid(k)) <= width {
			lo = k
		} else {
			hi = k
		}
	}
	return mid(max(lo, 1))
}
