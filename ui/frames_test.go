package ui

import (
	"fmt"
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// nextFrame stands in for what the glfw driver does before painting a
// frame (fyne v2.7.1 internal/driver/common/canvas.go:84, EnsureMinSize):
// it keeps each object's last minimum size and lays out again the parent
// of each one whose minimum size changed. Such a layout marks the window
// dirty, so the frame after paints the whole window again, when it moves
// a *fyne.Container (container.go:97 repaints even at the same place), is
// a Scroll's (internal/widget/scroller.go:477 refreshes its bar), or
// moves or resizes anything (for a widget's own renderer, this judges
// by what moved: it cannot see a Move to the same place). The test driver has no frames; this counts
// those layouts: each key with one costs a second frame in the window.
type nextFrame struct {
	root  *frameNode
	paths bool // name each layout by its path from the root (for a test's log)
}

// frameNode is Fyne's RenderCacheNode: the object and its minimum size
// when last measured. Fyne keeps a node while the same object stays at
// its place among the visible children; an object shown again, or after
// a changed sibling, gets a new node whose minimum size counts as changed
// (internal/driver/common/canvas.go:415, walkTree).
type frameNode struct {
	obj      fyne.CanvasObject
	min      fyne.Size
	measured bool
	kids     []*frameNode
}

func newNextFrame(c fyne.CanvasObject) *nextFrame {
	f := &nextFrame{root: &frameNode{obj: c}}
	f.dirtying(c)
	return f
}

func frameChildren(o fyne.CanvasObject) []fyne.CanvasObject {
	switch c := o.(type) {
	case *fyne.Container:
		return c.Objects
	case fyne.Widget:
		return test.WidgetRenderer(c).Objects()
	}
	return nil
}

// dirtying walks the tree as the frame does and names the layouts that
// mark the window dirty again.
func (f *nextFrame) dirtying(root fyne.CanvasObject) []string {
	var out []string
	if f.root.obj != root {
		f.root = &frameNode{obj: root}
	}
	f.walk(f.root, "", &out)
	return out
}

func (f *nextFrame) walk(n *frameNode, path string, out *[]string) bool {
	o := n.obj
	if f.paths {
		path += "/" + frameName(o)
	}
	relayout := false
	var changed []string
	var kids []*frameNode
	fresh := false
	for _, ch := range frameChildren(o) {
		if ch == nil || !ch.Visible() {
			continue
		}
		i := len(kids)
		var k *frameNode
		if !fresh && i < len(n.kids) && n.kids[i].obj == ch {
			k = n.kids[i]
		} else {
			fresh = true
			k = &frameNode{obj: ch}
		}
		kids = append(kids, k)
		if f.walk(k, path, out) {
			relayout = true
			changed = append(changed, frameName(ch))
		}
	}
	n.kids = kids
	if relayout {
		if why := f.layout(o); why != "" {
			*out = append(*out, fmt.Sprintf("%s%s laid out again (%s changed size) %s", path, frameName(o), changed, why))
		}
	}
	m := o.MinSize()
	was := n.measured && n.min == m
	n.min, n.measured = m, true
	return !was
}

// layout lays o out as the frame would and says why that marks the
// window dirty, or "".
func (f *nextFrame) layout(o fyne.CanvasObject) string {
	kids := frameChildren(o)
	pos := make([]fyne.Position, len(kids))
	size := make([]fyne.Size, len(kids))
	for i, k := range kids {
		pos[i], size[i] = k.Position(), k.Size()
	}
	switch c := o.(type) {
	case *fyne.Container:
		if c.Layout == nil {
			return ""
		}
		c.Layout.Layout(c.Objects, c.Size())
	case fyne.Widget:
		test.WidgetRenderer(c).Layout(c.Size())
	}
	if sc, ok := o.(*container.Scroll); ok {
		return "a Scroll (of " + frameName(sc.Content) + ") refreshes its bar"
	}
	for i, k := range kids {
		if !k.Visible() {
			continue
		}
		// Fyne's layouts move every child; a widget's renderer is judged
		// by what it changed (the List's row only resizes its content).
		if _, ok := k.(*fyne.Container); ok {
			if _, layout := o.(*fyne.Container); layout {
				return "it moves a *fyne.Container"
			}
		}
		if k.Position() != pos[i] || k.Size() != size[i] {
			return "it moves " + frameName(k)
		}
	}
	return ""
}

func frameName(o fyne.CanvasObject) string {
	s := reflect.TypeOf(o).String()
	if l, ok := o.(*widget.Label); ok {
		s += fmt.Sprintf("%.20q", l.Text)
	}
	return s
}

// Tab through spans of one label shows each in the same form: the frame
// after the key must lay out nothing that marks the window dirty again.
// Before, every such Tab laid out the inspector's scroll again (its
// content's height changed with the quote) and the offsets' row (its
// width changed with the digits): two frames of the whole window per key.
func TestTabInOneLabelNeedsNoSecondFrame(t *testing.T) {
	w := windowWithSpans(t, "1111", "Trump", "Putin", "Ukraine", "Kremlin")
	tab := func() { w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab}) }
	content := w.win.Canvas().Content()
	// One round first: what is shown for the first time (the rows'
	// highlight, a scroll's shadow) is measured once in a window's life.
	f := newNextFrame(content)
	for range 4 {
		tab()
		f.dirtying(content)
		f.dirtying(content)
	}
	dirty := 0
	for i := range 6 {
		tab()
		for _, why := range f.dirtying(content) {
			t.Logf("Tab %d: %s", i+1, why)
			dirty++
		}
		if again := f.dirtying(content); len(again) != 0 {
			t.Errorf("Tab %d: the second frame laid out again too: %v", i+1, again)
		}
	}
	if dirty != 0 {
		t.Errorf("6 Tabs through spans of one label: %d layouts in the frame after the key marked the window dirty again, want 0", dirty)
	}
}

// TestShorterFormLeavesNoBlankToScrollInto: Tab through spans of three
// labels; after each, the inspector's scroll extends exactly to its form
// (or the pane, when the form is shorter). An earlier version kept the
// tallest form's height to spare Fyne a second frame, and a shorter form
// then left blank space to scroll into, with the note elsewhere on each
// Tab.
func TestShorterFormLeavesNoBlankToScrollInto(t *testing.T) {
	w := windowWithSpans(t, "123", "Trump", "Putin", "Ukraine")
	tab := func() { w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab}) }
	box, ok := w.inspector.scroll.Content.(*steadyBox)
	if !ok {
		t.Fatalf("the inspector's scroll holds %T", w.inspector.scroll.Content)
	}
	heights := map[float32]bool{}
	for i := range 6 {
		tab()
		form := box.obj.MinSize().Height
		want := max(form, w.inspector.scroll.Size().Height)
		heights[form] = true
		if got := box.MinSize().Height; got != want {
			t.Errorf("Tab %d: the scroll extends %.0f px for a form of %.0f in a pane of %.0f, want %.0f",
				i+1, got, form, w.inspector.scroll.Size().Height, want)
		}
	}
	if len(heights) < 2 {
		t.Fatalf("the three labels' forms are all %v px tall: nothing to test", heights)
	}
}
