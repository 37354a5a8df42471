// Package labelcolor picks colours for new labels that are easy to tell
// from the labels a schema already has: the candidate farthest, in the
// OKLab perceptual space, from every colour in use. Fixed palettes taken
// in order (the schema editor's, the importers') gave new labels colours
// next to the schema's own (a blue beside NEGOTIATION_EVENT's, a red
// beside CEASEFIRE_TERM's).
package labelcolor

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Lab is a colour in OKLab (Björn Ottosson, 2020): L lightness 0–1, a and
// b the green–red and blue–yellow axes; Euclidean distance approximates
// how different two colours look.
type Lab struct{ L, A, B float64 }

// Distance is the perceptual difference of two colours (ΔE in OKLab; about
// 0.02 is just noticeable).
func Distance(p, q Lab) float64 {
	return math.Sqrt((p.L-q.L)*(p.L-q.L) + (p.A-q.A)*(p.A-q.A) + (p.B-q.B)*(p.B-q.B))
}

// MinDistance is the distance (about four just noticeable differences)
// Pick keeps each new label's colour from every colour before it while a
// schema has up to 20 labels (the default schema's 8 and 12 more); the
// greedy choice leaves less room past that.
const MinDistance = 0.09

// Unknown is the colour the window draws a label that is not in the
// schema with; new labels keep away from it too.
const Unknown = "#808080"

// ParseHex reads "#rrggbb" (case-insensitive).
func ParseHex(s string) (Lab, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) != 6 {
		return Lab{}, false
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return Lab{}, false
	}
	return FromSRGB(float64(v>>16)/255, float64(v>>8&0xff)/255, float64(v&0xff)/255), true
}

func linear(c float64) float64 {
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

func gamma(c float64) float64 {
	if c <= 0.0031308 {
		return 12.92 * c
	}
	return 1.055*math.Pow(c, 1/2.4) - 0.055
}

// FromSRGB converts sRGB components (0–1) to OKLab.
func FromSRGB(r, g, b float64) Lab {
	r, g, b = linear(r), linear(g), linear(b)
	l := math.Cbrt(0.4122214708*r + 0.5363325363*g + 0.0514459929*b)
	m := math.Cbrt(0.2119034982*r + 0.6806995451*g + 0.1073969566*b)
	s := math.Cbrt(0.0883024619*r + 0.2817188376*g + 0.6299787005*b)
	return Lab{
		L: 0.2104542553*l + 0.7936177850*m - 0.0040720468*s,
		A: 1.9779984951*l - 2.4285922050*m + 0.4505937099*s,
		B: 0.0259040371*l + 0.7827717662*m - 0.8086757660*s,
	}
}

// sRGB converts back, reporting whether the colour is inside the sRGB
// gamut.
func (c Lab) sRGB() (r, g, b float64, ok bool) {
	l := c.L + 0.3963377774*c.A + 0.2158037573*c.B
	m := c.L - 0.1055613458*c.A - 0.0638541728*c.B
	s := c.L - 0.0894841775*c.A - 1.2914855480*c.B
	l, m, s = l*l*l, m*m*m, s*s*s
	r = 4.0767416621*l - 3.3077115913*m + 0.2309699292*s
	g = -1.2684380046*l + 2.6097574011*m - 0.3413193965*s
	b = -0.0041960863*l - 0.7034186147*m + 1.7076147010*s
	in := func(v float64) bool { return v >= -1e-9 && v <= 1+1e-9 }
	ok = in(r) && in(g) && in(b)
	clamp := func(v float64) float64 { return math.Max(0, math.Min(1, v)) }
	return gamma(clamp(r)), gamma(clamp(g)), gamma(clamp(b)), ok
}

// Hex is the colour as "#rrggbb".
func (c Lab) Hex() string {
	r, g, b, _ := c.sRGB()
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(r*255)), int(math.Round(g*255)), int(math.Round(b*255)))
}

// candidates are the colours a new label may get: saturated, in the sRGB
// gamut, light enough to read as a highlight band on the dark theme and
// dark enough on the light one (OKLab lightness 0.58–0.80), every 6° of
// hue.
var candidates = func() []Lab {
	var out []Lab
	for _, l := range []float64{0.70, 0.62, 0.78} {
		for _, ch := range []float64{0.16, 0.12} {
			for h := 0; h < 360; h += 6 {
				rad := float64(h) * math.Pi / 180
				c := Lab{L: l, A: ch * math.Cos(rad), B: ch * math.Sin(rad)}
				if _, _, _, ok := c.sRGB(); ok {
					// Snap to what "#rrggbb" can hold, so a colour read back
					// from the schema is the one chosen.
					c, _ = ParseHex(c.Hex())
					out = append(out, c)
				}
			}
		}
	}
	return out
}()

// Pick is the colour ("#rrggbb") for a new label that differs most from
// every colour in used (hex strings; unreadable ones are ignored) and from
// Unknown: the candidate whose nearest used colour is farthest.
func Pick(used []string) string {
	var labs []Lab
	for _, u := range append([]string{Unknown}, used...) {
		if c, ok := ParseHex(u); ok {
			labs = append(labs, c)
		}
	}
	best, bestD := candidates[0], -1.0
	for _, c := range candidates {
		d := math.Inf(1)
		for _, u := range labs {
			d = math.Min(d, Distance(c, u))
		}
		if d > bestD+1e-9 {
			best, bestD = c, d
		}
	}
	return best.Hex()
}

// Nearest is the smallest distance from c to a colour in used (+Inf when
// none can be read).
func Nearest(c string, used []string) float64 {
	p, ok := ParseHex(c)
	if !ok {
		return 0
	}
	d := math.Inf(1)
	for _, u := range used {
		if q, ok := ParseHex(u); ok {
			d = math.Min(d, Distance(p, q))
		}
	}
	return d
}
