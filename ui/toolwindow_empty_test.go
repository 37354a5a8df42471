package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestEmptyToolWindowsSaySo: on a project without a span the table says
// there are no annotations yet (it said "no annotations match", as if a
// filter were set; with one set it still says that), and Statistics says
// there is nothing to count instead of a legend over empty headings.
func TestEmptyToolWindowsSaySo(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	tb := w.newAnnTable(w.toolWindow("Annotations", tableWindowSize, func() { w.annTable = nil }))
	w.annTable = tb
	waitPager(t, tb, tb.apply)
	if !strings.HasPrefix(tb.count.Text, "no annotations yet") {
		t.Errorf("the empty table says %q", tb.count.Text)
	}
	waitPager(t, tb, func() { tb.text.SetText("trump") })
	if tb.count.Text != "no annotations match" {
		t.Errorf("filtered, the empty table says %q", tb.count.Text)
	}
	tb.win.Close()

	w.stats = w.newStatsWindow(w.toolWindow("Statistics", statsWindowSize, func() { w.stats = nil }))
	defer w.stats.win.Close()
	w.stats.draw(nil, nil, nil)
	var texts []string
	eachObject(w.stats.box, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	})
	if all := strings.Join(texts, "|"); !strings.HasPrefix(all, "Nothing to count yet|No document has a span") {
		t.Errorf("the empty statistics show %q", all)
	}
}
