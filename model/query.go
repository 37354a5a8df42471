package model

import (
	"sort"
	"unicode"
)

// AnnotationSort orders the annotations table.
type AnnotationSort string

// Sort keys of the annotations table. SortDocument (the default) is the
// store's index order: document, annotator, position.
const (
	SortDocument  AnnotationSort = "document"
	SortLabel     AnnotationSort = "label"
	SortAnnotator AnnotationSort = "annotator"
	SortText      AnnotationSort = "text"
)

// AnnotationQuery is one page of the annotations of every document,
// filtered: empty fields match everything; Text matches the covered text
// case-insensitively as a substring; DocID 0 is every document.
type AnnotationQuery struct {
	Label, Annotator, Text string
	DocID                  int64
	Sort                   AnnotationSort
	Desc                   bool
	Offset, Limit          int // Limit 0 or less means 100
	// Count asks for Total as well, which costs a pass over every
	// matching row (about 0.1 s for a million spans): a table asks once
	// per filter, with its first page.
	Count bool
}

// PageLimit is the page size a query asks for (Limit, or 100).
func (q AnnotationQuery) PageLimit() int {
	if q.Limit <= 0 {
		return 100
	}
	return q.Limit
}

// AnnotationRow is one row of the annotations table.
type AnnotationRow struct {
	Annotation
	DocName string
}

// AnnotationPage is one page of rows and how many rows match in all.
type AnnotationPage struct {
	Rows  []AnnotationRow
	Total int // rows that match in all; -1 unless the query asked to Count
}

// SearchHit is a document whose text contains the searched words, with
// every occurrence (code points, end exclusive).
type SearchHit struct {
	DocID   int64
	DocName string
	Matches []Fragment
}

// LabelCount is how many spans of a label an annotator has in a document.
type LabelCount struct {
	DocID     int64
	Annotator string
	Label     string
	Count     int
}

// DayCount is an annotator's progress on one day (UTC, "2006-01-02"):
// spans created that day (still present) and documents marked done.
type DayCount struct {
	Day         string
	Annotator   string
	Annotations int
	DocsDone    int
}

// FindWords returns every case-insensitive occurrence of term in text
// that starts and ends on a word boundary (no letter or digit just
// outside it), as code-point ranges without overlaps. Case is folded one
// code point at a time, so offsets never shift (unlike lower-casing the
// whole string, which can change its length). It is what full-text search
// across documents marks: the index finds documents by whole words, and
// this finds where.
func FindWords(text, term string) []Fragment {
	q := foldRunes(term)
	if len(q) == 0 {
		return nil
	}
	t := foldRunes(text)
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) }
	var out []Fragment
	for i := 0; i+len(q) <= len(t); {
		if !equalRunes(t[i:i+len(q)], q) ||
			(i > 0 && word(t[i-1]) && word(q[0])) ||
			(i+len(q) < len(t) && word(t[i+len(q)]) && word(q[len(q)-1])) {
			i++
			continue
		}
		out = append(out, Fragment{Start: i, End: i + len(q)})
		i += len(q)
	}
	return out
}

func foldRunes(s string) []rune {
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = unicode.ToLower(r)
	}
	return rs
}

func equalRunes(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// DayCounter adds up DayCounts per day and annotator (both stores'
// Progress use it).
type DayCounter map[[2]string]*DayCount

// Add counts spans created and documents done by who on day.
func (c DayCounter) Add(day, who string, spans, done int) {
	k := [2]string{day, who}
	d := c[k]
	if d == nil {
		d = &DayCount{Day: day, Annotator: who}
		c[k] = d
	}
	d.Annotations += spans
	d.DocsDone += done
}

// Days lists the counts, oldest day first, then by annotator.
func (c DayCounter) Days() []DayCount {
	out := make([]DayCount, 0, len(c))
	for _, d := range c {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Annotator < out[j].Annotator
	})
	return out
}
