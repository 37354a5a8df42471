package agreement

import (
	"math/rand"
	"sort"
	"testing"
)

// expectedUSorting is expectedU as it was before gapFits: every gap
// collected and sorted, the units copied into one list. The new one must
// give the same double.
func expectedUSorting(perRater [][]place, begin, length int) float64 {
	R := float64(len(perRater))
	L := float64(length)
	var gaps []int
	var all []place
	for _, us := range perRater {
		for _, s := range segmentation(us, begin, length) {
			if !s.isUnit {
				gaps = append(gaps, s.len)
			}
		}
		all = append(all, us...)
	}
	if len(all) == 0 {
		return 0
	}
	nc := float64(len(all))
	sumLL := 0.0
	for _, u := range all {
		l := float64(u.len)
		sumLL += l * (l - 1)
	}
	sort.Ints(gaps)
	suffix := make([]int64, len(gaps)+1)
	for i := len(gaps) - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1] + int64(gaps[i])
	}
	result := 0.0
	for _, u := range all {
		l := float64(u.len)
		term := (nc - 1) * (2*l*l*l - 3*l*l + l) / 3
		i := sort.SearchInts(gaps, u.len)
		fit := float64(suffix[i] - int64(u.len-1)*int64(len(gaps)-i))
		result += term + l*l*fit
	}
	result *= 2 / L
	return result / (R*L*(R*L-1) - sumLL)
}

// randomCategory is raters' merged units of one category on [0, length):
// short units mostly, some as long as a quarter of the continuum.
func randomCategory(r *rand.Rand, raters, length int) [][]place {
	out := make([][]place, raters)
	for k := range out {
		var us []place
		for range r.Intn(40) {
			n := 1 + r.Intn(12)
			if r.Intn(10) == 0 {
				n = 1 + r.Intn(length/4)
			}
			off := r.Intn(length - n + 1)
			us = append(us, place{off, n})
		}
		out[k], _ = mergeUnits(us)
	}
	return out
}

func TestExpectedUMatchesSortingGaps(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for n := range 500 {
		length := 20 + r.Intn(5000)
		cat := randomCategory(r, 2+r.Intn(4), length)
		segs := make([][]segment, len(cat))
		longest, units := 0, 0
		for k, us := range cat {
			segs[k] = segmentation(us, 0, length)
			units += len(us)
			for _, u := range us {
				longest = max(longest, u.len)
			}
		}
		want := expectedUSorting(cat, 0, length)
		if got := expectedU(cat, segs, length); got != want {
			t.Fatalf("case %d: expectedU = %v, sorting the gaps gives %v", n, got, want)
		}
		// Both ways of counting fitting positions, whichever expectedU took.
		table, sorted := gapFitsTable(segs, longest), gapFitsSorted(segs)
		for l := 1; l <= longest; l++ {
			if a, b := table.of(l), sorted.of(l); a != b {
				t.Fatalf("case %d: length %d fits %d positions by table, %d by sorted gaps", n, l, a, b)
			}
		}
	}
}

func TestExpectedULongUnitsSortGaps(t *testing.T) {
	// One unit far longer than there are units: the table would be mostly
	// empty, so the gaps are sorted instead, with the same result.
	length := 100000
	cat := [][]place{{{10, 90000}}, {{5, 3}, {20, 4}}}
	segs := [][]segment{segmentation(cat[0], 0, length), segmentation(cat[1], 0, length)}
	if f := newGapFits(segs, 90000, 3); f.table != nil {
		t.Fatal("a table of 90,001 lengths for 3 units")
	}
	if got, want := expectedU(cat, segs, length), expectedUSorting(cat, 0, length); got != want {
		t.Fatalf("expectedU = %v, sorting the gaps gives %v", got, want)
	}
}
