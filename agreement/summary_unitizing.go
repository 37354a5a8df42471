package agreement

import (
	"errors"
	"slices"
)

// unitizing is Summary's α_u: UnitizingAlpha over the documents with text
// laid end to end in key order, for the spans of the Label option.
func (ix *sumIndex) unitizing(spans []Span, opts SummaryOptions) (UnitizingReport, error) {
	if rep, ok := ix.unitizingIndexed(); ok {
		return rep, nil
	}
	// Something UnitizingAlpha refuses or finds nothing in: it runs on the
	// spans in continuum order (each rater's units then come nearly
	// sorted), and on an error again on the spans as given, so the error
	// names the span UnitizingAlpha names.
	lengths := make(map[string]int, len(opts.Texts))
	order := make([]string, 0, len(opts.Texts))
	var onContinuum []Span
	for _, d := range ix.docs {
		if d.hasText {
			lengths[d.key] = d.runes
			order = append(order, d.key)
			for _, sp := range d.spans {
				if !ix.hasFilter || sp.label == ix.f1Filter {
					onContinuum = append(onContinuum, spans[sp.src])
				}
			}
		}
	}
	rep, err := UnitizingAlpha(onContinuum, lengths, order, ix.anns)
	if err != nil && !errors.Is(err, ErrUndefined) {
		rep, err = UnitizingAlpha(withLabel(spans, opts.Label), lengths, order, ix.anns)
	}
	return rep, err
}

// unitizingIndexed is UnitizingAlpha's result computed from the index:
// the units go straight into one block, grouped by label code (codes are
// in name order, as AlphaU takes the categories) and rater, instead of
// copying the spans in continuum order and grouping them again by name.
// ok is false when UnitizingAlpha would fail (a unit past its document's
// end, an empty label) or have no continuum: the caller asks it then.
func (ix *sumIndex) unitizingIndexed() (rep UnitizingReport, ok bool) {
	na := len(ix.anns)
	count := make([]int, len(ix.names)*na) // [code*na + rater]
	var order []string
	pos, units := 0, 0
	for _, d := range ix.docs {
		if !d.hasText {
			continue
		}
		order = append(order, d.key)
		pos += d.runes
		for i := range d.spans {
			sp := &d.spans[i]
			if ix.hasFilter && sp.label != ix.f1Filter {
				continue
			}
			if ix.names[sp.label] == "" || sp.hi > d.runes {
				return rep, false
			}
			count[int(sp.label)*na+int(sp.ann)] += len(sp.frags)
			units += len(sp.frags)
		}
	}
	if pos == 0 {
		return rep, false
	}
	block := make([]place, units)
	cells := make([][]place, len(count))
	at := 0
	for c, n := range count {
		cells[c] = block[at : at : at+n]
		at += n
	}
	off := 0
	for _, d := range ix.docs {
		if !d.hasText {
			continue
		}
		for i := range d.spans {
			sp := &d.spans[i]
			if ix.hasFilter && sp.label != ix.f1Filter {
				continue
			}
			c := int(sp.label)*na + int(sp.ann)
			for _, f := range sp.frags {
				cells[c] = append(cells[c], place{off + f.Start, f.Len()})
			}
		}
		off += d.runes
	}
	var labels []string
	var cats [][][]place
	for code, name := range ix.names {
		perRater := cells[code*na : (code+1)*na : (code+1)*na]
		for _, us := range perRater {
			if len(us) > 0 {
				labels = append(labels, name)
				cats = append(cats, perRater)
				break
			}
		}
	}
	rep = UnitizingReport{Annotators: slices.Clone(ix.anns), Documents: order, ContinuumLength: pos}
	rep.UnitizingResult = alphaUOf(labels, cats, 0, pos)
	return rep, true
}
