package agreement

import "sort"

// gapFits answers, for a unit length l, in how many positions a unit of
// that length fits into the gaps of one category's segmentations:
// Σ over gaps g ≥ l of (g − l + 1), which is S(l) − (l − 1)·C(l) with S
// and C the sum and the number of the gaps at least l long. These are
// integers, exact in any order, so every way below gives the same number
// as adding one gap at a time.
type gapFits struct {
	table []int64 // by length, up to the longest unit; nil: use sorted
	// Fallback when the longest unit is far longer than there are gaps
	// and units (a table by length would be mostly empty): the gaps
	// sorted with suffix sums, a binary search per unit.
	sorted []int
	suffix []int64
}

// newGapFits indexes the gaps of segs for units no longer than longest
// (units of them in all).
func newGapFits(segs [][]segment, longest, units int) gapFits {
	if longest <= 4*units+1024 {
		return gapFitsTable(segs, longest)
	}
	return gapFitsSorted(segs)
}

// gapFitsTable counts the gaps by length, the ones longer than the
// longest unit together (they fit every unit), then takes suffix sums:
// linear, where sorting the gaps was most of α_u's time.
func gapFitsTable(segs [][]segment, longest int) gapFits {
	count := make([]int64, longest+1)
	sum := make([]int64, longest+1)
	for _, ss := range segs {
		for _, s := range ss {
			if !s.isUnit {
				b := min(s.len, longest)
				count[b]++
				sum[b] += int64(s.len)
			}
		}
	}
	table := make([]int64, longest+1)
	var c, sm int64
	for l := longest; l >= 1; l-- {
		c += count[l]
		sm += sum[l]
		table[l] = sm - int64(l-1)*c
	}
	return gapFits{table: table}
}

func gapFitsSorted(segs [][]segment) gapFits {
	var gaps []int
	for _, ss := range segs {
		for _, s := range ss {
			if !s.isUnit {
				gaps = append(gaps, s.len)
			}
		}
	}
	sort.Ints(gaps)
	suffix := make([]int64, len(gaps)+1)
	for i := len(gaps) - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1] + int64(gaps[i])
	}
	return gapFits{sorted: gaps, suffix: suffix}
}

// of is the number of positions a unit of length l (≥ 1, at most the
// longest unit) fits in.
func (g gapFits) of(l int) int64 {
	if g.table != nil {
		return g.table[l]
	}
	i := sort.SearchInts(g.sorted, l)
	return g.suffix[i] - int64(l-1)*int64(len(g.sorted)-i)
}
