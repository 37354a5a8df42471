// Package agreement computes inter-annotator agreement for Margin projects:
// instance-based span F1 (exact and overlap), token-level Cohen's and Fleiss'
// kappa, Krippendorff's alpha for document labels (nominal, with missing
// values) and Krippendorff's unitizing alpha (α_u) over a continuum of code
// points.
//
// The package is pure computation: no I/O, standard library only. Callers map
// their domain types onto Span and Fragment.
//
// JSON cannot carry NaN, so every coefficient whose denominator can be zero is
// a *float64 in the reports: nil means "undefined for this data" (for
// example, the F1 of two empty annotation sets, or kappa when both coders use
// a single category throughout). Functions that return a bare float64 return
// ErrUndefined instead.
package agreement

import (
	"errors"
	"math"
	"sort"
)

// Fragment is one contiguous piece of a span, in code points; End is
// exclusive.
type Fragment struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the number of code points in the fragment (0 if malformed).
func (f Fragment) Len() int {
	if f.End < f.Start {
		return 0
	}
	return f.End - f.Start
}

// Span is one annotation by one annotator. Fragments are sorted and do not
// overlap; usually there is exactly one.
type Span struct {
	Doc       string     `json:"doc"` // document key, e.g. its SHA-256
	Annotator string     `json:"annotator"`
	Label     string     `json:"label"`
	Fragments []Fragment `json:"fragments"`
}

// length is the total number of code points covered by the span.
func (s Span) length() int {
	n := 0
	for _, f := range s.Fragments {
		n += f.Len()
	}
	return n
}

var (
	// ErrTooFewAnnotators is returned when fewer than two annotators are
	// available: agreement needs at least one pair.
	ErrTooFewAnnotators = errors.New("agreement: at least two annotators are needed")
	// ErrUndefined is returned when a coefficient has a zero denominator for
	// the given data (e.g. expected agreement is 1 because only one category
	// was ever used), so no meaningful value exists.
	ErrUndefined = errors.New("agreement: coefficient undefined for this data (zero denominator)")
	// ErrNoData is returned when there is nothing to compare.
	ErrNoData = errors.New("agreement: no data to compare")
)

// annotatorsOf returns the requested annotators (deduplicated, order kept),
// or, when none were requested, every annotator appearing in spans, sorted.
func annotatorsOf(spans []Span, requested []string) []string {
	seen := map[string]bool{}
	var out []string
	if len(requested) > 0 {
		for _, a := range requested {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
		return out
	}
	for _, s := range spans {
		if !seen[s.Annotator] {
			seen[s.Annotator] = true
			out = append(out, s.Annotator)
		}
	}
	sort.Strings(out)
	return out
}

// fptr is a small helper so reports can carry optional values.
func fptr(v float64) *float64 { return &v }

// meanSD returns the mean and the population standard deviation (divide by
// n, not n-1: the pairs are the whole population we report on, as bratiaa
// does) of the values; nil when there are none.
func meanSD(vals []float64) (mean, sd *float64) {
	if len(vals) == 0 {
		return nil, nil
	}
	m := 0.0
	for _, v := range vals {
		m += v
	}
	m /= float64(len(vals))
	ss := 0.0
	for _, v := range vals {
		ss += (v - m) * (v - m)
	}
	return fptr(m), fptr(math.Sqrt(ss / float64(len(vals))))
}
