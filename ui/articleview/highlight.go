package articleview

import (
	"image/color"
	"sort"
)

// Highlight is one annotation span as the view draws it.
type Highlight struct {
	ID         string      // annotation id
	Start, End int         // code points, end exclusive
	Color      color.Color // label colour; drawn translucent so the text stays readable
	Tooltip    string      // shown on hover, e.g. "CEASEFIRE_TERM · status=agreed"
	Tag        string      // drawn above the span's start while SetShowLabelTags is on, e.g. "CEASEFIRE_TERM"; "" none
}

type hlEntry struct {
	Highlight
	depth int // nesting level from greedy interval colouring; 0 = outermost
}

// hlStore keeps spans sorted by (Start asc, End desc, ID) so that an
// enclosing span precedes the spans it contains and gets the lower depth.
// Depths and the running maximum of End are recomputed lazily in one
// O(n·depth) sweep; insertion is a binary search plus a memmove, so adding
// to 10,000 spans stays cheap.
type hlStore struct {
	items  []*hlEntry
	byID   map[string]*hlEntry
	maxEnd []int // maxEnd[i] = max End of items[0..i]; lets a query stop early
	dirty  bool
	// touched is the rune range whose spans changed (added, removed or
	// given another depth) since the rows (rows.go) last took it; all is
	// set by set, where everything changed.
	touched touchedRange
}

// touchedRange is a rune range [a, b), empty while a >= b.
type touchedRange struct {
	a, b int
	all  bool
}

func (t *touchedRange) add(a, b int) {
	if t.a >= t.b {
		t.a, t.b = a, b
		return
	}
	t.a, t.b = min(t.a, a), max(t.b, b)
}

func entryLess(a, b *hlEntry) bool {
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	if a.End != b.End {
		return a.End > b.End
	}
	return a.ID < b.ID
}

func (s *hlStore) set(hs []Highlight) {
	s.items = make([]*hlEntry, 0, len(hs))
	s.byID = make(map[string]*hlEntry, len(hs))
	for _, h := range hs {
		if h.ID != "" {
			if old, ok := s.byID[h.ID]; ok { // last one wins, as with add
				old.Highlight = h
				continue
			}
		}
		e := &hlEntry{Highlight: h}
		s.items = append(s.items, e)
		if h.ID != "" {
			s.byID[h.ID] = e
		}
	}
	sort.Slice(s.items, func(i, j int) bool { return entryLess(s.items[i], s.items[j]) })
	s.dirty = true
	s.touched.all = true
}

func (s *hlStore) add(h Highlight) {
	if s.byID == nil {
		s.byID = make(map[string]*hlEntry)
	}
	if h.ID != "" {
		s.remove(h.ID)
	}
	e := &hlEntry{Highlight: h}
	i := sort.Search(len(s.items), func(i int) bool { return !entryLess(s.items[i], e) })
	s.items = append(s.items, nil)
	copy(s.items[i+1:], s.items[i:])
	s.items[i] = e
	if h.ID != "" {
		s.byID[h.ID] = e
	}
	s.dirty = true
	s.touched.add(h.Start, h.End)
}

func (s *hlStore) remove(id string) bool {
	e, ok := s.byID[id]
	if !ok {
		return false
	}
	delete(s.byID, id)
	s.touched.add(e.Start, e.End)
	i := sort.Search(len(s.items), func(i int) bool { return !entryLess(s.items[i], e) })
	for ; i < len(s.items); i++ {
		if s.items[i] == e {
			s.items = append(s.items[:i], s.items[i+1:]...)
			break
		}
	}
	s.dirty = true
	return true
}

func (s *hlStore) get(id string) *hlEntry {
	if id == "" {
		return nil
	}
	return s.byID[id]
}

// finish recomputes depths and maxEnd if anything changed.
func (s *hlStore) finish() {
	if !s.dirty {
		return
	}
	s.dirty = false
	if cap(s.maxEnd) < len(s.items) {
		s.maxEnd = make([]int, len(s.items))
	}
	s.maxEnd = s.maxEnd[:len(s.items)]
	var depthEnd []int // depthEnd[d] = End of the last span placed at depth d
	m := -1 << 62
	for i, e := range s.items {
		d := 0
		for d < len(depthEnd) && depthEnd[d] > e.Start {
			d++
		}
		if d == len(depthEnd) {
			depthEnd = append(depthEnd, e.End)
		} else {
			depthEnd[d] = e.End
		}
		if e.depth != d {
			s.touched.add(e.Start, e.End)
		}
		e.depth = d
		if e.End > m {
			m = e.End
		}
		s.maxEnd[i] = m
	}
}

// query appends the spans overlapping [a, b) to out, in sorted order.
func (s *hlStore) query(a, b int, out []*hlEntry) []*hlEntry {
	s.finish()
	hi := sort.Search(len(s.items), func(i int) bool { return s.items[i].Start >= b })
	n0 := len(out)
	for i := hi - 1; i >= 0 && s.maxEnd[i] > a; i-- {
		if e := s.items[i]; e.End > a && e.End > e.Start {
			out = append(out, e)
		}
	}
	// collected backwards; restore sorted order
	for i, j := n0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// covering returns the spans containing rune off, innermost (shortest) first.
func (s *hlStore) covering(off int) []*hlEntry {
	hs := s.query(off, off+1, nil)
	sort.SliceStable(hs, func(i, j int) bool {
		li, lj := hs[i].End-hs[i].Start, hs[j].End-hs[j].Start
		if li != lj {
			return li < lj
		}
		return hs[i].depth > hs[j].depth
	})
	return hs
}
