package articleview

import (
	"bytes"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Measuring the article's text (issue 14). fyne.MeasureText caches its
// results by string, but every string it has not seen is shaped with a
// new HarfbuzzShaper (fyne 2.7.1, internal/painter.walkString), so with
// a new harfbuzz font: its GSUB and GPOS lookup accelerators built again
// for each word of a first page and each line prefix a click measures. A
// launch on the 1 MB document spent 77 ms of its CPU there (profile in
// BENCHMARKS.md). shapedMeasure keeps one shaper, so one harfbuzz font,
// and adds the advances as Fyne does; what it cannot do exactly as Fyne
// (a tab, a rune the theme's font lacks, which Fyne takes from a
// fallback font) it leaves to fyne.MeasureText.

// shapedMeasure measures with the current theme's regular text font at
// size, falling back to fallback.
func shapedMeasure(size float32, fallback measureFunc) measureFunc {
	if m := newShaped(size, fallback); m != nil {
		return m.width
	}
	return fallback
}

// newShaped is the measure of shapedMeasure; nil when the theme's font
// does not parse (Fyne then measures with its default font).
func newShaped(size float32, fallback measureFunc) *shaped {
	res := theme.Current().Font(fyne.TextStyle{})
	face, err := font.ParseTTF(bytes.NewReader(res.Content()))
	if err != nil {
		return nil
	}
	return &shaped{face: face, size: fixed.Int26_6(float64(size) * (1 << 6)), fallback: fallback}
}

type shaped struct {
	mu       sync.Mutex // the shaper keeps buffers
	face     *font.Face
	shaper   shaping.HarfbuzzShaper
	seg      shaping.Segmenter
	size     fixed.Int26_6
	fallback measureFunc
}

// ResolveFace is the one face (shaping.Fontmap for the segmenter): width
// only gets here with text the face has every rune of.
func (m *shaped) ResolveFace(rune) *font.Face { return m.face }

// width is Fyne's measure of s (painter.MeasureString: the advances of
// each segmenter run, shaped, summed as float32), or fallback's.
func (m *shaped) width(s string) float32 {
	runes := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '\t' || r == '\r' {
			return m.fallback(s) // tab stops, and Fyne drops \r
		}
		if _, ok := m.face.NominalGlyph(r); !ok {
			return m.fallback(s) // Fyne's fallback fonts
		}
		runes = append(runes, r)
	}
	if len(runes) == 0 {
		return m.fallback(s)
	}
	in := shaping.Input{Text: runes, RunStart: 0, RunEnd: len(runes), Direction: di.DirectionLTR, Face: m.face, Size: m.size}
	m.mu.Lock()
	defer m.mu.Unlock()
	x := float32(0)
	for _, run := range m.seg.Split(in, m) {
		out := m.shaper.Shape(run)
		adv := fixed.I(0)
		for _, g := range out.Glyphs {
			if g.GlyphID == 0 {
				return m.fallback(s) // .notdef: Fyne draws it apart
			}
			adv += g.XAdvance
		}
		x += float32(float64(adv) / (1 << 6))
	}
	return x
}
