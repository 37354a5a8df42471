package xwin

import (
	"image"
	"image/color"
	"image/draw"
	"testing"
)

// TestTextLine: on a dark screen with a short label and an icon beside a
// long line of "words" (blocks 6 px apart) and a second line below, the
// first long line is found with its left edge, not the label's, and
// nothing is found where there is only short ink.
func TestTextLine(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 600, 200))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.Gray{0x18}), image.Point{}, draw.Src)
	light := image.NewUniform(color.Gray{0xdd})
	fill := func(r image.Rectangle) { draw.Draw(img, r, light, image.Point{}, draw.Src) }
	fill(image.Rect(10, 100, 40, 112))  // a document's name in the list
	fill(image.Rect(560, 96, 580, 116)) // an icon right of the text
	for x := 90; x < 480; x += 36 {     // the first line: 30-px words
		fill(image.Rect(x, 102, x+30, 110))
	}
	fill(image.Rect(90, 140, 400, 150)) // the second line
	got, ok := TextLine(img, img.Bounds(), 200)
	if want := image.Rect(90, 102, 480, 110); !ok || got != want {
		t.Fatalf("TextLine = %v, %v; want %v", got, ok, want)
	}
	if got, ok := TextLine(img, image.Rect(0, 0, 600, 120), 400); ok {
		t.Fatalf("TextLine found %v with no line 400 px wide", got)
	}
}
