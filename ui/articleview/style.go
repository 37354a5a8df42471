package articleview

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Colours of the marks. A span is drawn in its label colour: a band of it
// behind the text, dense enough that a pale schema colour (a yellow, a
// grey) still reads as that colour, plus a solid edge along the bottom
// that carries the colour at full strength. Nested spans are solid
// underlines. The selection must never look like a span: it is the
// system selection colour inside an outline in the text colour, which no
// span, match or emphasis uses.
const (
	bandAlpha  = 0x6a
	bandEdgeH  = float32(2)
	selStrokeW = float32(1.5)
	selAlpha   = 0x70 // of the theme's selection colour, kept translucent so the text shows
)

// spanBand is the fill behind the text of a depth-0 span.
func spanBand(c color.Color) color.NRGBA { return withAlpha(c, bandAlpha) }

// spanEdge is the solid colour of a span's bottom edge and of nested
// spans' underlines.
func spanEdge(c color.Color) color.NRGBA { return withAlpha(c, 0xff) }

// selectionStyle returns the selection's fill and outline for the theme.
func selectionStyle(th fyne.Theme, variant fyne.ThemeVariant) (fill, stroke color.NRGBA) {
	sel := color.NRGBAModel.Convert(th.Color(theme.ColorNameSelection, variant)).(color.NRGBA)
	sel.A = max(sel.A, selAlpha)
	return sel, withAlpha(th.Color(theme.ColorNameForeground, variant), 0xe0)
}

// luminance is the WCAG relative luminance of c (alpha ignored).
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		f := float64(v) / 255
		if f <= 0.03928 {
			return f / 12.92
		}
		return math.Pow((f+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is the WCAG contrast ratio of a and b (1..21).
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// readableOn returns c, darkened (on a light background) or lightened (on a
// dark one) just enough to reach a contrast of 4.5:1 against bg, so a
// label tag in a yellow or light green label colour is still legible.
func readableOn(c color.Color, bg color.Color) color.NRGBA {
	n := withAlpha(c, 0xff)
	b := withAlpha(bg, 0xff)
	toward := color.NRGBA{A: 0xff} // black
	if luminance(b) < 0.5 {
		toward = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	}
	out := n
	for k := 1; k <= 10 && contrast(out, b) < 4.5; k++ {
		f := float64(k) / 10
		mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-f) + float64(y)*f)) }
		out = color.NRGBA{R: mix(n.R, toward.R), G: mix(n.G, toward.G), B: mix(n.B, toward.B), A: 0xff}
	}
	return out
}
