// Command framefloor is the floor of bench/gui.py: the least a Fyne window
// of Margin's size does to answer a key under the same Xvfb and software
// GL, so that Margin's real-window figures can be read as ratios against
// what Fyne itself costs on this machine in the same run.
//
//	framefloor [-title T] TEXTFILE
//
// The window (1280×800, like cmd/margin) shows a page of TEXTFILE's lines
// where Margin shows the article, one canvas.Text per line as
// ui/articleview draws it, and a status label along the bottom:
//
//   - any key except the two below changes the status label (the frame of
//     Tab, a hotkey, Delete… in Margin: one label's text changes);
//   - Page Down replaces every line by the next page (every line's text
//     is rasterised anew: the floor of a scroll that changes each text);
//   - the wheel moves the lines by 40 px, reusing the text objects of the
//     lines still on screen (the floor of a scroll by moving objects).
//
// It is a benchmark tool, not part of the product; like cmd/margin it is a
// main package, so it may start a Fyne app.
package main

import (
	"fmt"
	"image/color"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func main() {
	title := "Framefloor"
	args := os.Args[1:]
	if len(args) >= 2 && args[0] == "-title" {
		title, args = args[1], args[2:]
	}
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: framefloor [-title T] TEXTFILE")
		os.Exit(2)
	}
	raw, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, "framefloor:", err)
		os.Exit(1)
	}
	a := app.NewWithID("app.margin.framefloor")
	w := a.NewWindow(title)
	p := newPage(wrap(string(raw), 95))
	status := widget.NewLabel("ready")
	keys := 0
	// The page has the focus, as Margin's article view has: it takes Tab,
	// runes, keys and Ctrl shortcuts.
	p.widget.onKey = func(what string) {
		if what == string(fyne.KeyPageDown) {
			p.pageDown()
			return
		}
		keys++
		status.SetText(fmt.Sprintf("key %d: %s", keys, what))
	}
	// Margin's geometry: documents 17% on the left, the text in the
	// middle, panels on the right, the status bar along the bottom.
	left := widget.NewLabel("Documents")
	right := widget.NewLabel("Labels")
	inner := container.NewHSplit(p.widget, right)
	inner.Offset = 0.72
	main := container.NewHSplit(left, inner)
	main.Offset = 0.17
	w.SetContent(container.NewBorder(widget.NewLabel(title), status, nil, nil, main))
	w.Resize(fyne.NewSize(1280, 800))
	w.Canvas().Focus(p.widget)
	w.ShowAndRun()
}

// wrap cuts the text into lines of at most n runes at spaces (the floor
// needs lines of Margin's length, not Margin's line breaking).
func wrap(text string, n int) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && len([]rune(line))+1+len([]rune(word)) > n {
				out = append(out, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		out = append(out, line)
	}
	return out
}

// page draws lines[top:] one canvas.Text per line, like ui/articleview.
type page struct {
	widget *scrollArea
	lines  []string
	texts  []*canvas.Text
	top    int     // first line of the page
	y      float32 // wheel offset in px within the text
	lh     float32
	bg     *canvas.Rectangle
}

func newPage(lines []string) *page {
	p := &page{lines: lines, lh: float32(int(theme.TextSize()*1.4 + 0.5)), bg: canvas.NewRectangle(color.Transparent)}
	p.widget = &scrollArea{p: p}
	p.widget.ExtendBaseWidget(p.widget)
	return p
}

// pageDown shows the next page: every visible text gets a new string.
func (p *page) pageDown() {
	p.top += len(p.texts)
	if p.top >= len(p.lines) {
		p.top = 0
	}
	p.y = 0
	p.place(true)
}

// wheel moves by 40 px: texts are reassigned so that a line keeps its
// object (and its texture) while it stays on screen.
func (p *page) wheel() {
	p.y += 40
	p.place(false)
}

func (p *page) place(all bool) {
	size := p.widget.Size()
	n := int(size.Height/p.lh) + 2
	for len(p.texts) < n {
		t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
		p.texts = append(p.texts, t)
	}
	p.texts = p.texts[:n]
	first := p.top + int(p.y/p.lh)
	off := p.y - float32(int(p.y/p.lh))*p.lh
	for k := range p.texts {
		i := first + k
		// The object for line i is texts[i % n]: a line that stays on
		// screen keeps its object across wheel steps.
		t := p.texts[i%n]
		s := ""
		if i < len(p.lines) {
			s = p.lines[i]
		}
		if all || t.Text != s {
			t.Text = s
			t.Color = theme.Color(theme.ColorNameForeground)
			canvas.Refresh(t)
		}
		t.Move(fyne.NewPos(14, 10+float32(k)*p.lh-off))
		t.Resize(fyne.NewSize(size.Width-28, p.lh))
	}
	canvas.Refresh(p.bg) // marks the canvas dirty: moved objects alone do not
}

// scrollArea is the widget holding the page; it takes the wheel.
type scrollArea struct {
	widget.BaseWidget
	p     *page
	onKey func(what string)
}

func (s *scrollArea) Scrolled(*fyne.ScrollEvent)     { s.p.wheel() }
func (s *scrollArea) FocusGained()                   {}
func (s *scrollArea) FocusLost()                     {}
func (s *scrollArea) AcceptsTab() bool               { return true }
func (s *scrollArea) TypedRune(r rune)               { s.onKey(string(r)) }
func (s *scrollArea) TypedKey(ev *fyne.KeyEvent)     { s.onKey(string(ev.Name)) }
func (s *scrollArea) TypedShortcut(sc fyne.Shortcut) { s.onKey(sc.ShortcutName()) }

func (s *scrollArea) CreateRenderer() fyne.WidgetRenderer { return &pageRenderer{s: s} }

type pageRenderer struct{ s *scrollArea }

func (r *pageRenderer) Layout(fyne.Size)   { r.s.p.place(false) }
func (r *pageRenderer) MinSize() fyne.Size { return fyne.NewSize(120, 80) }
func (r *pageRenderer) Refresh()           {}
func (r *pageRenderer) Destroy()           {}
func (r *pageRenderer) Objects() []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, 0, len(r.s.p.texts)+1)
	out = append(out, r.s.p.bg)
	for _, t := range r.s.p.texts {
		out = append(out, t)
	}
	return out
}
