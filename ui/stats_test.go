package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// TestStatisticsWindow: ana has 2 ACTOR and 1 CEASEFIRE_TERM spans in
// the demo article and marked it done; ben has 1 ACTOR in the second
// document. The window shows a bar per annotator and per document with
// those totals, and today's progress.
func TestStatisticsWindow(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	addSpan(t, db, "ana", "ACTOR", "President Trump", nil)
	addSpan(t, db, "ana", "ACTOR", "Putin", nil)
	addSpan(t, db, "ana", "CEASEFIRE_TERM", phrase, nil)
	b := &model.Annotation{DocID: 2, Annotator: "ben", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{b}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, 1, "ana", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db)
	s := w.newStatsWindow(test.NewWindow(nil))
	posted := make(chan func(), 4)
	s.post = func(fn func()) { posted <- fn }
	s.load()
	drainUntil(t, posted, func() bool { return s.shown })
	var texts []string
	bars := 0
	eachObject(s.box, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
		if m, ok := o.(*midLabel); ok { // a bar's name
			texts = append(texts, m.full)
		}
		if c, ok := o.(*fyne.Container); ok {
			if _, ok := c.Layout.(*stackedLayout); ok {
				bars++
			}
		}
	})
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Labels per annotator", "ana\n3", "ben\n1", "Labels per document", "Progress over time", "max 4", "max 1"} {
		if !strings.Contains(all, want) {
			t.Errorf("statistics lack %q:\n%s", want, all)
		}
	}
	if bars != 4 { // ana, ben; two documents
		t.Errorf("%d stacked bars, want 4", bars)
	}
}

func TestTallyLabelsAndProgressByDay(t *testing.T) {
	counts := []model.LabelCount{
		{DocID: 1, Annotator: "ana", Label: "A", Count: 2},
		{DocID: 1, Annotator: "ben", Label: "B", Count: 5},
		{DocID: 2, Annotator: "ana", Label: "B", Count: 1},
		{DocID: 2, Annotator: model.GoldAnnotator, Label: "A", Count: 9},
	}
	who, docs := tallyLabels(counts, map[int64]string{1: "one", 2: "two"})
	if len(who) != 2 || who[0].Name != "ben" || who[0].Total != 5 || who[1].Name != "ana" || who[1].Total != 3 || who[1].Counts["B"] != 1 {
		t.Errorf("by annotator: %+v", who)
	}
	if len(docs) != 2 || docs[0].Name != "one" || docs[0].Total != 7 || docs[1].Total != 1 {
		t.Errorf("by document (gold left out): %+v", docs)
	}
	days := progressByDay([]model.DayCount{
		{Day: "2026-11-29", Annotator: "ana", Annotations: 3},
		{Day: "2026-12-01", Annotator: "ana", Annotations: 1, DocsDone: 1},
		{Day: "2026-12-01", Annotator: "ben", Annotations: 2},
	})
	var got []string
	for _, d := range days {
		got = append(got, d.Day)
	}
	if !reflect.DeepEqual(got, []string{"2026-11-29", "2026-11-30", "2026-12-01"}) || days[1].Spans != 0 || days[2].Spans != 3 || days[2].Done != 1 || days[2].SpansBy["ben"] != 2 {
		t.Errorf("progress: %+v", days)
	}
}

// TestColumnChartWritesItsDays: under a chart of days, the first, the
// middle and the last day are written under their columns, left to
// right and apart; one day is written once.
func TestColumnChartWritesItsDays(t *testing.T) {
	days := make([]dayTotal, 15)
	for i := range days {
		days[i] = dayTotal{Day: fmt.Sprintf("2026-11-%02d", i+1), Spans: i}
	}
	axis := newDayAxis(days).(*fyne.Container)
	axis.Resize(fyne.NewSize(600, axis.MinSize().Height))
	var shown []string
	end := float32(-1)
	for _, o := range axis.Objects {
		tx := o.(*canvas.Text)
		if !tx.Visible() {
			continue
		}
		if tx.Position().X < end {
			t.Errorf("%q starts at %.0f, before the text before it ends (%.0f)", tx.Text, tx.Position().X, end)
		}
		end = tx.Position().X + tx.MinSize().Width
		shown = append(shown, tx.Text)
	}
	if want := []string{"2026-11-01", "2026-11-08", "2026-11-15"}; strings.Join(shown, " ") != strings.Join(want, " ") {
		t.Errorf("days written %q, want %q", shown, want)
	}
	if last := axis.Objects[2]; last.Position().X > 15*40 {
		t.Errorf("the last day is at x=%.0f, past its column (15 columns of 40 px)", last.Position().X)
	}
	one := newDayAxis(days[:1]).(*fyne.Container)
	if len(one.Objects) != 1 {
		t.Errorf("one day written %d times", len(one.Objects))
	}
}
