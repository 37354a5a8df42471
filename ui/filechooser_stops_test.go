package ui

import (
	"fmt"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// tab is the Tab key as the real window gives it: to the focused widget
// when it takes Tab (the chooser's stops), else to Fyne's focus chain.
func tab(c fyne.Canvas) {
	if t, ok := c.Focused().(fyne.Tabbable); ok && t.AcceptsTab() {
		press(c, fyne.KeyTab)
		return
	}
	c.FocusNext()
}

// chooserStopName names the focused widget of a chooser: a stop by the
// widget it stands for.
func chooserStopName(c fyne.Canvas) string {
	if s, ok := c.Focused().(*focusStop); ok {
		if b, ok := s.target.(*widget.Button); ok {
			return fmt.Sprintf("stop of button %q", b.Text)
		}
		return fmt.Sprintf("stop of %T", s.target)
	}
	return focusedText(c)
}

// TestEveryChooserWidgetAnswersEnterAndEsc: Fyne's file chooser keeps its
// places list, its file grid, the folder path's buttons, its header's
// buttons and Open to itself, and once Tab reached one of them Enter and
// Esc did nothing. With Tab onto each widget of an Open chooser in turn,
// Esc closes it; Tab visits each widget once (the places list, the file
// grid, a folder button, Open) and comes round; on the file grid, after
// the arrow to a file, Enter opens that file.
func TestEveryChooserWidgetAnswersEnterAndEsc(t *testing.T) {
	dir := t.TempDir()
	w, c, opened, show := talksChooser(t, dir)
	show()
	c.Unfocus()
	tab(c)
	first := c.Focused()
	seen := map[string]bool{}
	n := 0
	for ; n < 60; n++ {
		seen[chooserStopName(c)] = true
		tab(c)
		if c.Focused() == first {
			break
		}
		if c.Focused() == nil {
			t.Fatalf("Tab %d focused nothing", n+1)
		}
	}
	n++
	// Shift+Tab steps back: from the grid's stop to the widget before it.
	for i := 0; i < n; i++ {
		if s, ok := c.Focused().(*focusStop); ok {
			if _, ok := s.target.(*widget.GridWrap); ok {
				break
			}
		}
		tab(c)
	}
	grid, ok := c.Focused().(*focusStop)
	if !ok {
		t.Fatal("Tab never reached the file grid")
	}
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	grid.KeyDown(shift)
	press(c, fyne.KeyTab)
	grid.KeyUp(shift)
	back := c.Focused()
	tab(c)
	if c.Focused() != fyne.Focusable(grid) || back == fyne.Focusable(grid) {
		t.Errorf("Shift+Tab from the file grid went to %T, and Tab from there to %T, not back to the grid", back, c.Focused())
	}
	for len(c.Overlays().List()) > 0 {
		c.Overlays().Top().Hide()
	}
	t.Logf("%d widgets on Tab: %v", n, seen)
	for _, want := range []string{"*ui.keyList", "stop of *widget.GridWrap", `stop of button "Open"`} {
		if !seen[want] {
			t.Errorf("Tab never reached the %s; it reached %v", want, seen)
		}
	}
	for k := 0; k < n; k++ {
		show()
		c.Unfocus()
		for i := 0; i <= k; i++ {
			tab(c)
		}
		on := chooserStopName(c)
		press(c, fyne.KeyEscape)
		if overlays(w) != 0 {
			t.Errorf("Esc with the focus on %s (Tab %d) left the chooser open", on, k+1)
			for overlays(w) > 0 {
				c.Overlays().Top().Hide()
			}
		}
	}
	if *opened != "" {
		t.Fatalf("Esc opened %s", *opened)
	}

	// Enter on the file grid opens the file the arrows moved to.
	show()
	c.Unfocus()
	for i := 0; i < n; i++ {
		tab(c)
		if s, ok := c.Focused().(*focusStop); ok {
			if _, ok := s.target.(*widget.GridWrap); ok {
				break
			}
		}
	}
	if _, ok := c.Focused().(*focusStop); !ok {
		t.Fatalf("Tab never reached the file grid")
	}
	for i := 0; i < 3 && *opened == ""; i++ { // past the parent folder's icon
		press(c, fyne.KeyRight)
		press(c, fyne.KeyReturn)
	}
	if want := filepath.Join(dir, "talks.txt"); *opened != want {
		t.Fatalf("Enter on the file grid opened %q, want %q (dialogs %q)", *opened, want, overlayTexts(w))
	}
	if overlays(w) != 0 {
		t.Fatalf("Enter left %q", overlayTexts(w))
	}
}
