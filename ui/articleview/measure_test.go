package articleview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/assets"
)

// TestShapedMeasureIsFynes: the article's own measure (one shaper, kept)
// gives exactly fyne.MeasureText's widths, so that wrapping, hit-testing
// and the highlights drawn under the text stay where Fyne draws it: for
// every word, every line prefix and every line of the sample corpus,
// and for text Fyne takes from its fallback fonts (an emoji), tabs and
// other sizes, where it leaves the measure to Fyne.
func TestShapedMeasureIsFynes(t *testing.T) {
	test.NewTempApp(t)
	// The sample article (assets' copy of the corpus's) and the corpus's
	// two others, as formats/brat keeps them.
	texts := []string{assets.DemoArticle}
	files, _ := filepath.Glob("../../formats/brat/testdata/corpus/*.txt")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	texts = append(texts, "The White House said Trump and Putin agreed to an “infrastructure and energy ceasefire” and talks 👍🏽.",
		"tab\tstop", "Київ і Харків — 2025 р.", "naïve café, résumé; ‘quotes’ … ½ € £ ©", "    spaced   out  ", "x")
	for _, size := range []float32{14, 17.5, 22} {
		fyneW := fyneMeasure(size)
		fell := 0
		m := newShaped(size, func(s string) float32 { fell++; return fyneW(s) })
		if m == nil {
			t.Fatal("the theme's font does not parse")
		}
		ours := m.width
		n := 0
		check := func(s string) {
			n++
			if a, b := ours(s), fyneW(s); a != b {
				t.Fatalf("size %v: %q measures %v, Fyne %v", size, s, a, b)
			}
		}
		for _, text := range texts {
			for _, line := range strings.Split(text, "\n") {
				if len(line) > 400 {
					line = line[:400]
					for !utf8.ValidString(line) {
						line = line[:len(line)-1]
					}
				}
				check(line)
				for _, w := range strings.Fields(line) {
					check(w)
					check(w + " ")
				}
				for i := range line {
					if i > 0 && i%7 == 0 {
						check(line[:i])
					}
				}
			}
		}
		if n < 2000 || len(texts) < 9 {
			t.Fatalf("only %d strings of %d texts measured", n, len(texts))
		}
		if fell*20 > n { // the emoji's line, the tab, "½": a few
			t.Fatalf("%d of %d strings were left to Fyne", fell, n)
		}
	}
}
