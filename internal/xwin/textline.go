package xwin

import "image"

// wordGap is the widest run of ink-free columns that still joins two
// pieces of ink into one stretch of text: the space between words at the
// window's text size is narrower, the gap between a panel's text and the
// next panel's is wider.
const wordGap = 12

// TextLine finds the first line of text in r at least minWidth pixels
// wide and returns its ink's bounding box: the rows from the first one
// whose widest stretch of ink (pieces at most wordGap apart) reaches
// minWidth to the last such row after it, and across them the widest
// stretch of columns with ink. A short label (a document's name, a
// count, an icon) never qualifies, so a test can find an article's first
// line wherever the layout put it instead of assuming a position.
func TextLine(img image.Image, r image.Rectangle, minWidth int) (image.Rectangle, bool) {
	r = r.Intersect(img.Bounds())
	top := -1
	for y := r.Min.Y; y < r.Max.Y; y++ {
		_, w := widestRun(r.Dx(), func(i int) bool { return inkAt(img, r.Min.X+i, y) })
		if w >= minWidth {
			if top < 0 {
				top = y
			}
			continue
		}
		if top >= 0 {
			return lineBox(img, r, top, y), true
		}
	}
	if top >= 0 {
		return lineBox(img, r, top, r.Max.Y), true
	}
	return image.Rectangle{}, false
}

// lineBox is the widest stretch of ink columns of r in rows [y0, y1).
func lineBox(img image.Image, r image.Rectangle, y0, y1 int) image.Rectangle {
	x, w := widestRun(r.Dx(), func(i int) bool {
		for y := y0; y < y1; y++ {
			if inkAt(img, r.Min.X+i, y) {
				return true
			}
		}
		return false
	})
	return image.Rect(r.Min.X+x, y0, r.Min.X+x+w, y1)
}

// widestRun is the start and width of the widest stretch of the n
// positions whose inked ones are at most wordGap apart.
func widestRun(n int, inked func(int) bool) (start, width int) {
	runStart, last := -1, -1
	for i := 0; i < n; i++ {
		if !inked(i) {
			continue
		}
		if runStart < 0 || i-last > wordGap+1 {
			runStart = i
		}
		last = i
		if w := last - runStart + 1; w > width {
			start, width = runStart, w
		}
	}
	return start, width
}

// inkAt reports whether the pixel is text or drawing on the dark theme
// (brighter than mid-grey), as WaitInk counts it.
func inkAt(img image.Image, x, y int) bool {
	c0, c1, c2, _ := img.At(x, y).RGBA()
	return (c0+c1+c2)/3 > 0x8000
}
