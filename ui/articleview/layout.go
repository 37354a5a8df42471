package articleview

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"github.com/rivo/uniseg"
)

// vline is one visual (wrapped) line: the rune range [start, end). end
// excludes the paragraph terminator ("\n" or "\r\n"); a wrapped line keeps
// its trailing spaces, which hang past the wrap width. All lines share one
// height, so line i sits at y = i*lineHeight and y -> line is a division.
type vline struct{ start, end int32 }

// segWidth is the cached measurement of one line-break segment (a word plus
// its trailing spaces).
type segWidth struct {
	w     float32 // width including trailing spaces
	trim  float32 // width without trailing spaces (what must fit)
	runes int32
}

// lineGeom holds a visual line's grapheme boundaries and the x of each,
// measured lazily as prefixes of the whole line so that hit-testing and
// drawing agree to the pixel (summing word widths would drift by kerning).
type lineGeom struct {
	text   string
	bounds []int     // absolute rune offsets of grapheme boundaries, incl. start and end
	xs     []float32 // x of bounds[k] relative to the line start; -1 = not measured
}

// measureFunc measures a string in the view's font; a variable so layout
// can be exercised with the real fyne.MeasureText only.
type measureFunc func(s string) float32

// layout wraps a document into visual lines for one width and text size.
type layout struct {
	doc     *document
	width   float32 // wrap width of the text column
	size    float32 // text size the widths were measured at
	measure measureFunc

	lines []vline

	segCache  map[string]segWidth // survives reflow: a document has few distinct words
	cacheSize float32
	geoms     map[int]*lineGeom // per visual line; cleared on reflow

	// A progressive reflow (begin, then more until done) has wrapped the
	// paragraphs before byte pos (rune runeOff) so far: lines holds them,
	// exactly as a whole reflow would, since wrapping is per paragraph.
	pos, runeOff int
	done         bool
}

func fyneMeasure(size float32) measureFunc {
	return func(s string) float32 {
		return fyne.MeasureText(s, size, fyne.TextStyle{}).Width
	}
}

// reflow recomputes the visual lines for doc at width.
func (l *layout) reflow(doc *document, width, size float32) {
	l.begin(doc, width, size)
	l.more(-1)
}

// begin starts a reflow for doc at width; more wraps the paragraphs.
func (l *layout) begin(doc *document, width, size float32) {
	if l.segCache == nil || l.cacheSize != size {
		l.segCache = make(map[string]segWidth, 4096)
		l.cacheSize = size
	}
	if len(l.segCache) > 200000 { // pathological inputs (e.g. random tokens): bound memory
		l.segCache = make(map[string]segWidth, 4096)
	}
	if l.measure == nil || l.size != size {
		l.measure = shapedMeasure(size, fyneMeasure(size)) // measure.go
	}
	l.doc, l.width, l.size = doc, width, size
	l.geoms = make(map[int]*lineGeom)
	l.lines = l.lines[:0]
	l.pos, l.runeOff, l.done = 0, 0, false
}

// more wraps paragraphs until the layout holds at least lines visual lines
// (all of them when lines < 0) or the text ends, and reports whether it
// ended. A paragraph is never cut: lines only grow by whole paragraphs.
func (l *layout) more(lines int) bool {
	if l.done {
		return true
	}
	text := l.doc.text
	pos, runeOff := l.pos, l.runeOff
	defer func() { l.pos, l.runeOff = pos, runeOff }()
	for lines < 0 || len(l.lines) < lines {
		nl := strings.IndexByte(text[pos:], '\n')
		last := nl < 0
		para := text[pos:]
		if !last {
			para = text[pos : pos+nl]
		}
		paraRunes := utf8.RuneCountInString(para)
		content, contentRunes := para, paraRunes
		if strings.HasSuffix(content, "\r") {
			// "\r\n": the \r is not drawn but still counts as an offset.
			content = content[:len(content)-1]
			contentRunes--
		}
		l.wrapPara(content, runeOff, contentRunes)
		runeOff += paraRunes
		if last {
			l.done = true
			return true
		}
		runeOff++ // the '\n'
		pos += nl + 1
	}
	return false
}

// covered is the rune offset up to which the lines are laid out (the
// start of the first paragraph not wrapped yet).
func (l *layout) covered() int {
	if l.done {
		return l.doc.runes()
	}
	return l.runeOff
}

func (l *layout) emit(a, b int) { l.lines = append(l.lines, vline{int32(a), int32(b)}) }

func (l *layout) seg(s string) segWidth {
	if v, ok := l.segCache[s]; ok {
		return v
	}
	// A copy, measured and kept: fyne.MeasureText caches by the string it
	// is given, and a slice of the document held there (for a minute)
	// pinned the whole text; a long-lived window reopening a 1 MB
	// document held one more megabyte per reopening (issue 14's soak).
	s = strings.Clone(s)
	v := segWidth{w: l.measure(s), runes: int32(utf8.RuneCountInString(s))}
	switch t := strings.TrimRightFunc(s, unicode.IsSpace); {
	case t == s:
		v.trim = v.w
	case t == "":
		v.trim = 0
	default:
		v.trim = l.measure(t)
	}
	l.segCache[s] = v
	return v
}

// wrapPara greedily wraps one paragraph s (no line terminators) that starts
// at rune offset start, using UAX #14 break opportunities.
func (l *layout) wrapPara(s string, start, n int) {
	if n == 0 {
		l.emit(start, start)
		return
	}
	lineStart, cur := start, start
	var lineW float32
	state := -1
	for len(s) > 0 {
		var sg string
		sg, s, _, state = uniseg.FirstLineSegmentInString(s, state)
		sw := l.seg(sg)
		if cur > lineStart && lineW+sw.trim > l.width {
			l.emit(lineStart, cur)
			lineStart, lineW = cur, 0
		}
		if cur == lineStart && sw.trim > l.width {
			lineStart, lineW = l.splitLong(sg, cur)
		} else {
			lineW += sw.w
		}
		cur += int(sw.runes)
	}
	l.emit(lineStart, cur)
}

// splitLong breaks a segment wider than the column between grapheme
// clusters (never inside one). It emits the full lines and returns the
// start and width of the unfinished last piece.
func (l *layout) splitLong(sg string, off int) (int, float32) {
	pieceStart := off
	var w float32
	state := -1
	for len(sg) > 0 {
		var c string
		c, sg, _, state = uniseg.FirstGraphemeClusterInString(sg, state)
		cw := l.seg(c)
		r, _ := utf8.DecodeRuneInString(c)
		if off > pieceStart && w+cw.w > l.width && !unicode.IsSpace(r) {
			l.emit(pieceStart, off)
			pieceStart, w = off, 0
		}
		w += cw.w
		off += int(cw.runes)
	}
	return pieceStart, w
}

// lineOf returns the visual line containing rune offset off. An offset on a
// wrap boundary belongs to the following line (where the caret is drawn).
func (l *layout) lineOf(off int) int {
	i := sort.Search(len(l.lines), func(i int) bool { return int(l.lines[i].start) > off }) - 1
	if i < 0 {
		return 0
	}
	return i
}

// lineOfEnd is like lineOf but an offset on a wrap boundary belongs to the
// line it ends, which is where the end edge of a span is drawn.
func (l *layout) lineOfEnd(off int) int {
	i := l.lineOf(off)
	if i > 0 && int(l.lines[i].start) == off && int(l.lines[i-1].end) == off {
		return i - 1
	}
	return i
}

func (l *layout) geom(i int) *lineGeom {
	if g, ok := l.geoms[i]; ok {
		return g
	}
	if len(l.geoms) > 4096 { // scrolled far: forget old lines
		l.geoms = make(map[int]*lineGeom)
	}
	ln := l.lines[i]
	g := &lineGeom{
		// a copy: its prefixes are measured (and cached by Fyne), see seg
		text:   strings.Clone(l.doc.slice(int(ln.start), int(ln.end))),
		bounds: l.doc.graphemeBounds(int(ln.start), int(ln.end)),
	}
	g.xs = make([]float32, len(g.bounds))
	for k := range g.xs {
		g.xs[k] = -1
	}
	g.xs[0] = 0
	l.geoms[i] = g
	return g
}

// xk returns the x of the k-th grapheme boundary of line i.
func (l *layout) xk(i int, g *lineGeom, k int) float32 {
	if g.xs[k] < 0 {
		rel := l.doc.byteOff[g.bounds[k]] - l.doc.byteOff[g.bounds[0]]
		g.xs[k] = l.measure(g.text[:rel])
	}
	return g.xs[k]
}

// xAt returns the x (relative to the text column) of offset off on line i;
// offsets inside a cluster round up to its end, offsets past the line clamp.
func (l *layout) xAt(i, off int) float32 {
	g := l.geom(i)
	k := sort.SearchInts(g.bounds, off)
	if k >= len(g.bounds) {
		k = len(g.bounds) - 1
	}
	return l.xk(i, g, k)
}

// lineWidth is the drawn width of line i.
func (l *layout) lineWidth(i int) float32 {
	g := l.geom(i)
	return l.xk(i, g, len(g.bounds)-1)
}

// hit maps x on line i to the nearest grapheme boundary and to the start of
// the cluster under x (-1 when x is outside the drawn text).
func (l *layout) hit(i int, x float32) (nearest, under int) {
	g := l.geom(i)
	last := len(g.bounds) - 1
	// largest k with xs[k] <= x; measured lazily, so ~log2(n) measurements.
	k := sort.Search(last+1, func(k int) bool { return l.xk(i, g, k) > x }) - 1
	switch {
	case k < 0:
		return g.bounds[0], -1
	case k >= last:
		return g.bounds[last], -1
	}
	x0, x1 := l.xk(i, g, k), l.xk(i, g, k+1)
	nearest = g.bounds[k]
	if x-x0 > x1-x {
		nearest = g.bounds[k+1]
	}
	return nearest, g.bounds[k]
}
