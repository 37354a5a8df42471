package ui

import (
	"image/color"
	"math"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestKeptFormsFollowATheme: the inspector keeps a form per label, built
// in the theme of the launch. Switched from dark to light in
// Preferences, what the inspector kept out of sight kept the dark
// theme's colours when shown again: the hint after Esc, a form's field
// names ("label", "offsets", "side"), near-white on white. Every text of
// the hint and of the form shown after the switch is drawn in the new
// theme's colours, readable on its background.
func TestKeptFormsFollowATheme(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	addSpan(t, db, "ana", "ACTOR", "President Trump", nil)
	addSpan(t, db, "ana", "PRECONDITION", "immediate ceasefire", nil)
	w := openWindow(t, db)
	a := fyne.CurrentApp()
	a.Settings().SetTheme(&variantTheme{variant: variantDark})
	byLabel := func(label string) string {
		for _, x := range w.anns {
			if x.Label == label {
				return x.ID
			}
		}
		t.Fatalf("no %s span", label)
		return ""
	}
	w.selectAnnotation(byLabel("ACTOR"))
	w.ctl.Drain()
	for _, next := range []struct {
		variant fyne.ThemeVariant
		label   string
	}{{variantLight, "PRECONDITION"}, {variantDark, "ACTOR"}} {
		a.Settings().SetTheme(&variantTheme{variant: next.variant})
		bg := opaque(theme.DefaultTheme().Color(theme.ColorNameBackground, next.variant))
		// The hint, kept while a span is shown, is drawn in the new
		// theme when it shows again (Esc): it kept the old one in the
		// real window, pale grey on white.
		for _, o := range drawnObjects(w.inspector.hint[0]) {
			if txt, ok := o.(*canvas.Text); ok && txt.Text != "" {
				if c := opaque(txt.Color); contrastOf(c, bg) < 3 {
					t.Errorf("variant %d: the kept hint's %q drawn in %v on %v", next.variant, txt.Text, c, bg)
				}
			}
		}
		w.selectAnnotation(byLabel(next.label))
		w.ctl.Drain()
		n := 0
		for _, o := range test.LaidOutObjects(w.inspector.box) {
			txt, ok := o.(*canvas.Text)
			if !ok || !txt.Visible() || txt.Text == "" {
				continue
			}
			n++
			if c := opaque(txt.Color); contrastOf(c, bg) < 3 {
				t.Errorf("variant %d, %s form: %q drawn in %v on %v", next.variant, next.label, txt.Text, c, bg)
			}
		}
		if n < 3 {
			t.Fatalf("variant %d: %d texts in the inspector", next.variant, n)
		}
	}
}

func opaque(c color.Color) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = 0xff
	return n
}

// contrastOf is the WCAG contrast ratio of a and b.
func contrastOf(a, b color.NRGBA) float64 {
	lum := func(c color.NRGBA) float64 {
		f := func(v uint8) float64 {
			x := float64(v) / 255
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*f(c.R) + 0.7152*f(c.G) + 0.0722*f(c.B)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// drawnObjects is o and the objects its renderers hold, as they are now:
// test.LaidOutObjects lays each widget out first, which sets a text's
// colour again, as a window does only when the size changes.
func drawnObjects(o fyne.CanvasObject) []fyne.CanvasObject {
	out := []fyne.CanvasObject{o}
	switch x := o.(type) {
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, drawnObjects(c)...)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, drawnObjects(c)...)
		}
	}
	return out
}
