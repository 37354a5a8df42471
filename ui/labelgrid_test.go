package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// wholeLabelCells is the labels whose cell is laid out whole inside the
// Labels grid's visible area.
func wholeLabelCells(w *Window) []string {
	var out []string
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(w.labels.list)
	bottom := top.Y + w.labels.list.Size().Height
	walk(w.labels.list, func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 3 || !c.Visible() {
			return
		}
		if _, ok := c.Objects[1].(*tipButton); !ok {
			return
		}
		row, ok := c.Objects[2].(*fyne.Container)
		if !ok || len(row.Objects) != 3 {
			return
		}
		l, ok := row.Objects[0].(*widget.Label)
		p := d.AbsolutePositionForObject(c)
		if ok && c.Size().Height > 0 && p.Y >= top.Y-0.5 && p.Y+c.Size().Height <= bottom+0.5 {
			out = append(out, l.Text)
		}
	})
	return out
}

// TestLabelsShowWholeAfterASchemaChange: the tester's 9th label, added by
// a merge, showed half cut until the window was laid out again, and the
// Labels pane showed 7 of 9 labels at 1024 px. The Labels grid (two
// columns where the pane has room) shows every label of a 9-label schema
// whole at 1280×800 right after the schema changed. At 1024×640 the pane
// gives the annotation list its rows (TestAnnotationListShowsSeveralRows)
// and scrolls: it shows at least 5 labels whole, and scrolled to its end
// the new label whole.
func TestLabelsShowWholeAfterASchemaChange(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	ctx := context.Background()
	sc, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc.Labels = append(sc.Labels, model.Label{Name: "Disease", Color: "#a0c040"})
	if _, err := db.ChangeSchema(ctx, sc, "bob", nil, false); err != nil { // as a merge of bob's file does
		t.Fatal(err)
	}
	for _, size := range []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(1024, 640)} {
		w.win.Resize(size)
		w.reloadSchema(nil)
		w.ctl.Drain()
		for i := 0; i < 200 && len(w.schema.Labels) != len(sc.Labels); i++ {
			time.Sleep(10 * time.Millisecond)
		}
		got := wholeLabelCells(w)
		if size.Height < 800 {
			if len(got) < 5 {
				t.Errorf("%v: the Labels pane shows %d of %d labels whole: %q", size, len(got), len(sc.Labels), got)
			}
			w.labels.list.ScrollToBottom()
			got = wholeLabelCells(w)
			w.labels.list.ScrollToTop()
		} else if len(got) != len(sc.Labels) {
			t.Errorf("%v: the Labels pane shows %d of %d labels whole: %q", size, len(got), len(sc.Labels), got)
		}
		if !strings.Contains(strings.Join(got, "|"), "Disease") {
			t.Errorf("%v: the new label is not whole in the Labels pane (scrolled to its end): %q", size, got)
		}
	}
}

// TestLabelsPaneAndAnnotationsMeetAfterAResize is the real window's
// live resize (seen under Xvfb with xdotool windowsize): after 1280×800
// → 800×600 the annotations pane was drawn over the Labels pane's last
// five labels, and after growing back it sat below a blank gap. The
// Labels pane moved its divider from inside the split's own layout, so
// the annotations pane kept the place the outer pass had given it. After
// each resize the annotations pane starts where the Labels pane ends
// (plus the divider), and the Labels pane holds its labels.
func TestLabelsPaneAndAnnotationsMeetAfterAResize(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	w.showGuidelines(true)
	s := w.shell.labelsSplit
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 800, Height: 600}, {Width: 1024, Height: 640}, {Width: 1280, Height: 800}} {
		w.win.Resize(size)
		end := s.Leading.Position().Y + s.Leading.Size().Height
		if gap := s.Trailing.Position().Y - end; gap < 0 || gap > 8 {
			t.Errorf("at %v the Labels pane ends at y %.0f and the annotations pane starts at %.0f (offset %.3f)",
				size, end, s.Trailing.Position().Y, s.Offset)
		}
		if got, want := s.Trailing.Position().Y+s.Trailing.Size().Height, s.Size().Height; got > want+1 {
			t.Errorf("at %v the annotations pane ends at y %.0f, below its column's %.0f", size, got, want)
		}
	}
}
