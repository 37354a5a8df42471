package articleview

import (
	"image/color"
	"sort"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// levelsView is a one-line text with a span per word and the connectors
// cs between them (ids are the words), relation space on.
func levelsView(t *testing.T, text string, words []string, cs []Connector) (*View, *renderer) {
	t.Helper()
	v := newTestView(t, text, 900, 200)
	var hs []Highlight
	for _, w := range words {
		s, e := runeSpan(t, text, w)
		hs = append(hs, Highlight{ID: w, Start: s, End: e, Color: color.NRGBA{R: 0x43, G: 0xa0, B: 0x47, A: 0xff}})
	}
	v.SetHighlights(hs)
	v.SetRelationSpace(true)
	v.SetConnectors(cs)
	return v, test.WidgetRenderer(v).(*renderer)
}

// elbowsByY groups the horizontals drawn (elbows and the margin routes'
// runs) by their y.
func elbowsByY(r *renderer) map[float32][][2]float32 {
	out := map[float32][][2]float32{}
	w := connStroke / 2 // keepSeg widens each line into a box by w
	for _, s := range r.segs {
		if s.elbow {
			y := (s.y0 + s.y1) / 2
			out[y] = append(out[y], [2]float32{s.x0 + w, s.x1 - w})
		}
	}
	return out
}

// TestElbowsOnOneLevelNeverOverlap: a line's relation row has three
// levels; the fourth relation of a line took the first one's level in
// the order they were drawn, so a relation nested in another ran on the
// outer one's line and the two read as one (issue 15). Levels now go by
// where the horizontals run: two on one level never overlap, and one
// inside another's extent lies below it.
func TestElbowsOnOneLevelNeverOverlap(t *testing.T) {
	text := "alpha bravo charlie delta echo foxtrot golf hotel india juliet"
	words := []string{"alpha", "bravo", "charlie", "delta", "echo", "golf", "hotel", "juliet"}
	v, r := levelsView(t, text, words, []Connector{
		{ID: "outer", FromID: "alpha", ToID: "juliet", Label: "a"},
		{ID: "b", FromID: "bravo", ToID: "charlie", Label: "b"},
		{ID: "c", FromID: "delta", ToID: "echo", Label: "c"},
		{ID: "d", FromID: "golf", ToID: "hotel", Label: "d"},
	})
	if v.lay.lineOf(0) != v.lay.lineOf(len([]rune(text))-1) {
		t.Fatal("the text wraps: the test needs it on one line")
	}
	byY := elbowsByY(r)
	n := 0
	for y, runs := range byY {
		n += len(runs)
		sort.Slice(runs, func(i, j int) bool { return runs[i][0] < runs[j][0] })
		for i := 1; i < len(runs); i++ {
			if runs[i][0] < runs[i-1][1]+elbowGap {
				t.Errorf("at y %v two horizontals overlap: x %v and %v", y, runs[i-1], runs[i])
			}
		}
	}
	if n != 4 {
		t.Fatalf("%d horizontals drawn, want 4 (one a relation): %v", n, byY)
	}
	// The outer relation runs above the three inside it.
	var outerY float32 = -1
	for y, runs := range byY {
		for _, x := range runs {
			if x[1]-x[0] > 300 {
				outerY = y
			}
		}
	}
	for y := range byY {
		if y < outerY {
			t.Errorf("a relation inside the outer one runs above it (y %v < %v)", y, outerY)
		}
	}
	if len(byY) != 2 {
		t.Errorf("the horizontals take %d levels, want 2 (the outer, and the three inside it, apart): %v", len(byY), byY)
	}
}

// TestMoreElbowsThanLevels: where more horizontals cover one x than the
// row has levels, every level is used and the extra one shares the level
// whose runs end first, so drawing goes on (no level past the row).
func TestMoreElbowsThanLevels(t *testing.T) {
	text := "alpha bravo charlie delta echo foxtrot golf hotel india juliet"
	words := []string{"alpha", "bravo", "charlie", "delta", "india", "juliet"}
	_, r := levelsView(t, text, words, []Connector{
		{ID: "1", FromID: "alpha", ToID: "juliet"},
		{ID: "2", FromID: "bravo", ToID: "india"},
		{ID: "3", FromID: "charlie", ToID: "india"},
		{ID: "4", FromID: "delta", ToID: "india"},
	})
	byY := elbowsByY(r)
	if len(byY) != connLevels {
		t.Fatalf("%d levels used for 4 nested relations, want all %d: %v", len(byY), connLevels, byY)
	}
	for _, e := range r.levels {
		if e.level < 0 || e.level >= connLevels {
			t.Errorf("connector %d given level %d, outside the row's %d", e.conn, e.level, connLevels)
		}
	}
}

// TestRelationLabelsAreReadableInBothThemes: a yellow relation's label
// was drawn in the yellow itself, about 1.5:1 on the light theme's page.
// Its text reaches 4.5:1 on the page in the light and the dark theme, as
// the label tags do.
func TestRelationLabelsAreReadableInBothThemes(t *testing.T) {
	yellow := color.NRGBA{R: 0xf1, G: 0xc4, B: 0x0f, A: 0xff}
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		text := "alpha bravo charlie"
		v, r := levelsView(t, text, []string{"alpha", "charlie"}, []Connector{
			{ID: "rel", FromID: "alpha", ToID: "charlie", Label: "claimed_by", Color: yellow},
		})
		fyne.CurrentApp().Settings().SetTheme(variantTheme{theme.DefaultTheme(), variant})
		v.Refresh()
		page := withAlpha(theme.DefaultTheme().Color(theme.ColorNameBackground, variant), 0xff)
		found := false
		for _, x := range r.labelTexts {
			if x.Text != "claimed_by" || !x.Visible() {
				continue
			}
			found = true
			if c := withAlpha(x.Color, 0xff); contrast(c, page) < 4.5 {
				t.Errorf("variant %d: the label's text %v has contrast %.1f on the page %v", variant, c, contrast(c, page), page)
			}
		}
		if !found {
			t.Fatalf("variant %d: no relation label drawn", variant)
		}
	}
}

// variantTheme is th always in one variant.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (v variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return v.Theme.Color(n, v.variant)
}

// TestNoSpanTooltipOverARelationLabel: the pointer on a relation's label
// (drawn in the relation row, over the line of text) showed the label of
// the span whose text is nearest as a tooltip, "ACTOR" over "claimed_by"
// just clicked. Over a relation's label no span's tooltip shows; over the
// span's text it does.
func TestNoSpanTooltipOverARelationLabel(t *testing.T) {
	text := "alpha bravo charlie delta echo"
	v := newTestView(t, text, 900, 200)
	var hs []Highlight
	for _, w := range []string{"alpha", "bravo", "charlie", "delta", "echo"} {
		s, e := runeSpan(t, text, w)
		hs = append(hs, Highlight{ID: w, Start: s, End: e, Color: color.NRGBA{R: 0x43, G: 0xa0, B: 0x47, A: 0xff}, Tooltip: "ACTOR " + w})
	}
	v.SetHighlights(hs)
	v.SetRelationSpace(true)
	v.SetConnectors([]Connector{{ID: "rel", FromID: "alpha", ToID: "echo", Label: "claimed_by"}})
	test.WidgetRenderer(v).Layout(v.Size())
	var label *connHit
	for i, h := range v.connHits {
		if h.id == "rel" && (label == nil || h.x1-h.x0 > label.x1-label.x0) && h.y1-h.y0 > 4 {
			label = &v.connHits[i] // the widest tall box: the label's
		}
	}
	if label == nil {
		t.Fatal("no hit box for the relation's label")
	}
	at := fyne.NewPos((label.x0+label.x1)/2, (label.y0+label.y1)/2)
	v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at}})
	if tip := v.Tooltip(); tip != "" {
		t.Errorf("over the relation's label at %v the tooltip is %q", at, tip)
	}
	p := v.PositionOf(hs[2].Start)
	v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p.Add(fyne.NewPos(4, v.LineHeight()/2))}})
	if tip := v.Tooltip(); tip != "ACTOR charlie" {
		t.Errorf("over charlie's text the tooltip is %q", tip)
	}
}
