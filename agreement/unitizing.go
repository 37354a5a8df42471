package agreement

import (
	"fmt"
	"slices"
	"unicode/utf8"
)

// This file implements Krippendorff's unitizing alpha α_u (Krippendorff 1995,
// "On the reliability of unitizing continuous data", Sociological Methodology
// 25; 2004, Content Analysis, 2nd ed., p. 251ff), following the open
// reference implementation DKPro Statistics
// (org.dkpro.statistics.agreement.unitizing.KrippendorffAlphaUnitizingAgreement)
// formula by formula, so that our numbers equal the ones researchers get
// there:
//
//   - Per category c, each rater's continuum is cut into units of c and the
//     gaps between them. Observed disagreement sums, over all rater pairs
//     and all overlapping segment pairs, the distance
//     unit/unit overlapping:  (b1−b2)² + (e1−e2)²
//     unit inside a gap:      l²
//     otherwise:              0
//     and normalizes by R(R−1)L²/2.
//   - Expected disagreement uses Krippendorff's closed form over all
//     possible placements of every unit of c into every gap (of any rater)
//     at least as long, normalized by R·L·(R·L−1) − Σ l(l−1).
//   - α_u(c) = 1 − Do(c)/De(c). The overall value, like DKPro's
//     calculateAgreement, averages Do and De over the categories (each
//     category measured against its own gaps) and takes 1 − mean Do/mean De.
//
// Everything is float64; the expected-disagreement terms grow like l³, which
// float64 represents with ample relative precision for texts of millions of
// code points.

// Unit is one identified unit on the continuum, for AlphaU.
type Unit struct {
	Rater  int    // 0-based rater index
	Label  string // category; must not be empty
	Offset int    // first position
	Length int    // number of positions, > 0
}

// UnitizingScore holds α_u with its disagreements. Alpha is nil when the
// expected disagreement is 0 (no units of the category at all).
type UnitizingScore struct {
	Units                int      `json:"units"`
	ObservedDisagreement float64  `json:"observed_disagreement"`
	ExpectedDisagreement float64  `json:"expected_disagreement"`
	Alpha                *float64 `json:"alpha,omitempty"`
}

// UnitizingResult is α_u per category and overall.
type UnitizingResult struct {
	Labels  map[string]UnitizingScore `json:"labels"`
	Overall UnitizingScore            `json:"overall"`
	// MergedUnits counts units that overlapped another unit of the same
	// rater and category and were merged into their union: α_u assumes a
	// rater's units of one category do not overlap (adjacent units are
	// fine and stay separate).
	MergedUnits int `json:"merged_units,omitempty"`
}

// AlphaU computes α_u for units identified by raters on the continuum
// [begin, begin+length). Positions are abstract (code points, seconds, ...).
func AlphaU(begin, length, raters int, units []Unit) (UnitizingResult, error) {
	res := UnitizingResult{Labels: map[string]UnitizingScore{}}
	if raters < 2 {
		return res, ErrTooFewAnnotators
	}
	if length <= 0 {
		return res, fmt.Errorf("agreement: continuum length must be positive, got %d", length)
	}
	// label -> rater -> units
	by := map[string][][]place{}
	for _, u := range units {
		if u.Rater < 0 || u.Rater >= raters {
			return res, fmt.Errorf("agreement: unit rater %d out of range [0,%d)", u.Rater, raters)
		}
		if u.Label == "" {
			return res, fmt.Errorf("agreement: unit at %d has no label", u.Offset)
		}
		if u.Length <= 0 || u.Offset < begin || u.Offset+u.Length > begin+length {
			return res, fmt.Errorf("agreement: unit [%d,+%d) is empty or outside the continuum [%d,%d)", u.Offset, u.Length, begin, begin+length)
		}
		if by[u.Label] == nil {
			by[u.Label] = make([][]place, raters)
		}
		by[u.Label][u.Rater] = append(by[u.Label][u.Rater], place{u.Offset, u.Length})
	}
	labels := sortedKeys(by)
	cats := make([][][]place, len(labels))
	for i, l := range labels {
		cats[i] = by[l]
	}
	return alphaUOf(labels, cats, begin, length), nil
}

// place is where a unit lies: all α_u's sums use of it once the units are
// grouped by category and rater.
type place struct{ off, len int }

// alphaUOf is AlphaU of checked units: cats[i][rater] are the units of
// category labels[i], labels sorted. The slices are sorted and merged in
// place.
func alphaUOf(labels []string, cats [][][]place, begin, length int) UnitizingResult {
	res := UnitizingResult{Labels: make(map[string]UnitizingScore, len(labels))}
	// Categories are independent: measured in parallel, then added up in
	// label order, the same sums as one after the other.
	scores := make([]UnitizingScore, len(labels))
	merged := make([]int, len(labels))
	parallel(len(labels), func(_, i int) {
		scores[i], merged[i] = unitizingCategory(cats[i], begin, length)
	})
	var sumDo, sumDe float64
	total := 0
	for i, c := range labels {
		s := scores[i]
		res.MergedUnits += merged[i]
		res.Labels[c] = s
		sumDo += s.ObservedDisagreement
		sumDe += s.ExpectedDisagreement
		total += s.Units
	}
	res.Overall.Units = total
	if len(labels) > 0 {
		res.Overall.ObservedDisagreement = sumDo / float64(len(labels))
		res.Overall.ExpectedDisagreement = sumDe / float64(len(labels))
		if sumDe > 0 {
			res.Overall.Alpha = fptr(1 - sumDo/sumDe)
		}
	}
	return res
}

// unitizingCategory is α_u of one category, and how many units merged.
func unitizingCategory(perRater [][]place, begin, length int) (UnitizingScore, int) {
	n, mergedUnits := 0, 0
	segs := make([][]segment, len(perRater))
	for r := range perRater {
		var merged int
		perRater[r], merged = mergeUnits(perRater[r])
		mergedUnits += merged
		n += len(perRater[r])
		segs[r] = segmentation(perRater[r], begin, length)
	}
	do := observedU(segs, length)
	de := expectedU(perRater, segs, length)
	s := UnitizingScore{Units: n, ObservedDisagreement: do, ExpectedDisagreement: de}
	if de > 0 {
		s.Alpha = fptr(1 - do/de)
	}
	return s, mergedUnits
}

// mergeUnits sorts one rater's units of one category and merges overlapping
// ones, returning how many were absorbed.
func mergeUnits(us []place) ([]place, int) {
	// Units that tie are equal (one rater, one category), so the order
	// among them does not matter.
	slices.SortFunc(us, func(a, b place) int {
		if a.off != b.off {
			return cmpInt(a.off, b.off)
		}
		return cmpInt(a.len, b.len)
	})
	out := us[:0] // merged in place: out never passes the unit being read
	merged := 0
	for _, u := range us {
		if k := len(out) - 1; k >= 0 && u.off < out[k].off+out[k].len {
			end := max(out[k].off+out[k].len, u.off+u.len)
			out[k].len = end - out[k].off
			merged++
			continue
		}
		out = append(out, u)
	}
	return out, merged
}

// segment is a unit (isUnit) or a gap of one rater's segmentation.
type segment struct {
	off, len int
	isUnit   bool
}

// segmentation tiles [begin, begin+length) with the rater's (sorted,
// non-overlapping) units and the gaps between them.
func segmentation(us []place, begin, length int) []segment {
	out := make([]segment, 0, 2*len(us)+1)
	pos := begin
	for _, u := range us {
		if u.off > pos {
			out = append(out, segment{pos, u.off - pos, false})
		}
		out = append(out, segment{u.off, u.len, true})
		pos = u.off + u.len
	}
	if end := begin + length; end > pos {
		out = append(out, segment{pos, end - pos, false})
	}
	return out
}

// distanceU is Krippendorff's squared distance between two segments, as in
// DKPro's measureDistance. It is 0 for segments that do not overlap, so
// summing it over overlapping pairs equals summing over all pairs.
func distanceU(a, b segment) float64 {
	bd := float64(a.off - b.off)
	ld := float64(a.len - b.len)
	la, lb := float64(a.len), float64(b.len)
	switch {
	case a.isUnit && b.isUnit && -la < bd && bd < lb:
		return bd*bd + (bd+ld)*(bd+ld)
	case a.isUnit && !b.isUnit && bd >= 0 && -ld >= bd: // a inside gap b
		return la * la
	case !a.isUnit && b.isUnit && bd <= 0 && -ld <= bd: // b inside gap a
		return lb * lb
	}
	return 0
}

// observedU is the observed disagreement of one category from the
// raters' segmentations.
func observedU(segs [][]segment, length int) float64 {
	R := len(segs)
	sum := 0.0
	for r1 := 0; r1 < R; r1++ {
		for r2 := r1 + 1; r2 < R; r2++ {
			// Both segmentations tile the continuum, so a merge-like sweep
			// visits every overlapping pair exactly once.
			s1, s2 := segs[r1], segs[r2]
			i, j := 0, 0
			for i < len(s1) && j < len(s2) {
				sum += distanceU(s1[i], s2[j])
				e1, e2 := s1[i].off+s1[i].len, s2[j].off+s2[j].len
				if e1 <= e2 {
					i++
				}
				if e2 <= e1 {
					j++
				}
			}
		}
	}
	L := float64(length)
	return 2 * sum / (float64(R*(R-1)) * L * L)
}

// expectedU is the expected disagreement of one category: its units per
// rater (merged) and the raters' segmentations of them.
func expectedU(perRater [][]place, segs [][]segment, length int) float64 {
	R := float64(len(perRater))
	L := float64(length)
	units, longest := 0, 0
	for _, us := range perRater {
		units += len(us)
		for _, u := range us {
			longest = max(longest, u.len)
		}
	}
	if units == 0 {
		return 0
	}
	nc := float64(units)
	sumLL := 0.0 // Σ l(l−1), units in rater order
	for _, us := range perRater {
		for _, u := range us {
			l := float64(u.len)
			sumLL += l * (l - 1)
		}
	}
	fits := newGapFits(segs, longest, units)
	result := 0.0
	for _, us := range perRater {
		for _, u := range us {
			l := float64(u.len)
			// Placements against the other units of c ...
			term := (nc - 1) * (2*l*l*l - 3*l*l + l) / 3
			// ... and every position of the unit inside every gap that fits it.
			result += term + l*l*float64(fits.of(u.len))
		}
	}
	result *= 2 / L
	return result / (R*L*(R*L-1) - sumLL)
}

// UnitizingReport is α_u over a project's documents laid end to end.
type UnitizingReport struct {
	Annotators      []string `json:"annotators"`
	Documents       []string `json:"documents"`
	ContinuumLength int      `json:"continuum_length"`
	UnitizingResult
}

// UnitizingAlpha computes α_u for spans over the continuum formed by the
// documents in docOrder laid end to end; docLengths gives each document's
// length in code points (see DocLengths). Every annotator is taken to have
// worked on every listed document, so list only documents all of them
// annotated; spans on other documents are ignored. A discontinuous span
// contributes one unit per fragment. With no annotators given, every
// annotator with a span is used, sorted.
func UnitizingAlpha(spans []Span, docLengths map[string]int, docOrder []string, annotators []string) (UnitizingReport, error) {
	anns := annotatorsOf(spans, annotators)
	rep := UnitizingReport{Annotators: anns, Documents: docOrder}
	if len(anns) < 2 {
		return rep, ErrTooFewAnnotators
	}
	if err := validateSpans(spans); err != nil {
		return rep, err
	}
	offset := map[string]int{}
	pos := 0
	for _, d := range docOrder {
		n, ok := docLengths[d]
		if !ok {
			return rep, fmt.Errorf("agreement: no length for document %q", d)
		}
		if _, dup := offset[d]; dup {
			return rep, fmt.Errorf("agreement: document %q listed twice", d)
		}
		offset[d] = pos
		pos += n
	}
	rep.ContinuumLength = pos
	if pos == 0 {
		return rep, ErrNoData
	}
	rater := map[string]int{}
	for i, a := range anns {
		rater[a] = i
	}
	units := make([]Unit, 0, len(spans))
	// Spans usually come document by document: look each one up once.
	doc, off, size, inDoc := "", 0, 0, false
	for _, s := range spans {
		r, ok := rater[s.Annotator]
		if s.Doc != doc || doc == "" {
			doc = s.Doc
			off, inDoc = offset[doc]
			size = docLengths[doc]
		}
		if !ok || !inDoc {
			continue
		}
		for _, f := range s.Fragments {
			if f.End > size {
				return rep, fmt.Errorf("agreement: span %q/%q/%q ends at %d, past the document's %d code points", s.Doc, s.Annotator, s.Label, f.End, size)
			}
			units = append(units, Unit{Rater: r, Label: s.Label, Offset: off + f.Start, Length: f.Len()})
		}
	}
	res, err := AlphaU(0, pos, len(anns), units)
	rep.UnitizingResult = res
	return rep, err
}

// DocLengths returns the length in code points of each text, the unit all
// offsets in this package use.
func DocLengths(texts map[string]string) map[string]int {
	out := make(map[string]int, len(texts))
	for k, t := range texts {
		out[k] = utf8.RuneCountInString(t)
	}
	return out
}
