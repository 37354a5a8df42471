package brat

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// How brat's structures map onto Margin's:
//
//   - T (text-bound) -> an annotation; discontinuous "0 5;8 12" -> fragments.
//   - E (event) -> one annotation with the event type as label, the
//     trigger's fragments, and attribute EventAttr = true; each role
//     (Theme:T2) -> a relation of type RolePrefix+role ("role:Theme") from
//     the event annotation to the argument. The trigger T line itself is not
//     a separate annotation (it would duplicate the event). Relations keep
//     events visible as links in Margin and export back to the same E line;
//     the "role:" prefix tells them apart from R relations (brat type names
//     cannot contain ':').
//   - R -> a relation (Arg1 -> Arg2); `*` Equiv T1 T2 T3 -> relations of
//     type "Equiv" between neighbours (T1->T2, T2->T3), a type the schema
//     marks Equivalence; the export joins them back into one * line.
//   - Events sharing one trigger: each event is its own annotation over
//     the trigger's span; the export writes one T line for them again.
//   - A/M -> attributes: binary -> true, valued -> the string value.
//   - N normalisations (Reference T1 Wikipedia:123) -> attribute
//     "norm:Wikipedia" = "123".
//   - # AnnotatorNotes -> the note (several notes are joined by newlines).

// EventAttr marks an annotation that is a brat event.
const EventAttr = "brat_event"

// RolePrefix starts the type of relations that are event roles.
const RolePrefix = "role:"

// NormPrefix starts attributes that hold brat normalisations.
const NormPrefix = "norm:"

type tLine struct {
	line  int
	label string
	frags []model.Fragment
}

type eLine struct {
	line           int
	label, trigger string
	roles          [][2]string // role, argument id
}

// ParseAnn parses a .ann file against its document text. file names the
// .ann in errors; annotator fills the layer. The returned warnings count
// what Margin cannot hold (notes or attributes on relations).
func ParseAnn(data []byte, file, text, annotator string) ([]model.Annotation, []model.Relation, []string, error) {
	r, err := parseAnn(data, file, text, annotator)
	if err != nil {
		return nil, nil, nil, err
	}
	return r.anns, r.rels, r.warnings, nil
}

// parsed is one .ann file read.
type parsed struct {
	anns       []model.Annotation
	rels       []model.Relation
	warnings   []string
	equivTypes []string // types of its * lines (equivalences)
}

func parseAnn(data []byte, file, text, annotator string) (*parsed, error) {
	ix := model.NewTextIndex(text)
	var (
		order []string // T and E ids in file order
		ts    = map[string]*tLine{}
		es    = map[string]*eLine{}
		rels  []struct {
			line          int
			typ, from, to string
		}
		attrs []struct {
			line                int
			name, target, value string
			binary              bool
		}
		notes []struct {
			line         int
			target, text string
		}
		ids        = map[string]int{}
		warn       formats.Counter
		equivTypes []string
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		fail := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s", file, n, fmt.Sprintf(format, a...))
		}
		f := strings.SplitN(line, "\t", 3)
		if len(f) < 2 {
			return nil, fail("want ID<TAB>TYPE ARGS..., got %q", line)
		}
		id, body := f[0], f[1]
		if id == "" {
			return nil, fail("empty annotation id")
		}
		if id != "*" {
			if prev, dup := ids[id]; dup {
				return nil, fail("id %s is already used on line %d", id, prev)
			}
			ids[id] = n
		}
		tok := strings.Fields(body)
		if len(tok) == 0 {
			return nil, fail("no type after id %s", id)
		}
		switch id[0] {
		case 'T':
			typ, offs, _ := strings.Cut(body, " ")
			if strings.TrimSpace(typ) == "" || strings.ContainsAny(typ, "\t\r") {
				return nil, fail("%s: no type before the offsets", id)
			}
			frags, err := parseOffsets(offs, ix.Len())
			if err != nil {
				return nil, fail("%s: %v", id, err)
			}
			if len(f) == 3 {
				got := model.CoveredText(ix, frags)
				if f[2] != got && f[2] != flatten(got) {
					return nil, fail("%s %v: the .ann says %q but the text has %q there", id, frags, f[2], got)
				}
			}
			ts[id] = &tLine{line: n, label: typ, frags: frags}
			order = append(order, id)
		case 'E':
			typ, trig, ok := strings.Cut(tok[0], ":")
			if !ok || typ == "" || trig == "" {
				return nil, fail("event %s: want TYPE:TRIGGER, got %q", id, tok[0])
			}
			e := &eLine{line: n, label: typ, trigger: trig}
			for _, arg := range tok[1:] {
				role, target, ok := strings.Cut(arg, ":")
				if !ok || role == "" || target == "" {
					return nil, fail("event %s: want ROLE:ID, got %q", id, arg)
				}
				e.roles = append(e.roles, [2]string{role, target})
			}
			es[id] = e
			order = append(order, id)
		case 'R':
			if len(tok) != 3 {
				return nil, fail("relation %s: want TYPE Arg1:ID Arg2:ID, got %q", id, body)
			}
			r1, a1, ok1 := strings.Cut(tok[1], ":")
			r2, a2, ok2 := strings.Cut(tok[2], ":")
			if !ok1 || !ok2 || a1 == "" || a2 == "" {
				return nil, fail("relation %s: want TYPE Arg1:ID Arg2:ID, got %q", id, body)
			}
			if r1 == "Arg2" && r2 == "Arg1" {
				a1, a2 = a2, a1
			}
			rels = append(rels, struct {
				line          int
				typ, from, to string
			}{n, tok[0], a1, a2})
		case '*':
			if len(tok) < 3 {
				return nil, fail("equivalence: want TYPE ID ID..., got %q", body)
			}
			if !contains(equivTypes, tok[0]) {
				equivTypes = append(equivTypes, tok[0])
			}
			for i := 1; i+1 < len(tok); i++ {
				rels = append(rels, struct {
					line          int
					typ, from, to string
				}{n, tok[0], tok[i], tok[i+1]})
			}
		case 'A', 'M':
			if len(tok) != 2 && len(tok) != 3 {
				return nil, fail("attribute %s: want NAME ID [VALUE], got %q", id, body)
			}
			a := struct {
				line                int
				name, target, value string
				binary              bool
			}{line: n, name: tok[0], target: tok[1], binary: len(tok) == 2}
			if !a.binary {
				a.value = tok[2]
			}
			attrs = append(attrs, a)
		case 'N':
			if len(tok) != 3 {
				return nil, fail("normalization %s: want TYPE ID DB:KEY, got %q", id, body)
			}
			db, key, ok := strings.Cut(tok[2], ":")
			if !ok {
				return nil, fail("normalization %s: want DB:KEY, got %q", id, tok[2])
			}
			attrs = append(attrs, struct {
				line                int
				name, target, value string
				binary              bool
			}{n, NormPrefix + db, tok[1], key, false})
		case '#':
			if len(tok) < 2 {
				return nil, fail("note %s: want AnnotatorNotes ID<TAB>text, got %q", id, body)
			}
			note := ""
			if len(f) == 3 {
				note = f[2]
			}
			notes = append(notes, struct {
				line         int
				target, text string
			}{n, tok[1], note})
		default:
			return nil, fail("unknown annotation id %q (want T, R, E, A, M, N, # or *)", id)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}

	// Triggers become the events' annotations, not annotations of their own.
	triggerOf := map[string][]string{} // T id -> event ids
	for _, eid := range order {
		if e, ok := es[eid]; ok {
			if _, ok := ts[e.trigger]; !ok {
				return nil, fmt.Errorf("%s:%d: event %s: trigger %s is not a T annotation of this file", file, e.line, eid, e.trigger)
			}
			triggerOf[e.trigger] = append(triggerOf[e.trigger], eid)
		}
	}
	var anns []model.Annotation
	idx := map[string][]int{} // brat id -> annotation indexes
	for _, bid := range order {
		a := model.Annotation{ID: formats.NewID(), Annotator: annotator}
		if t, ok := ts[bid]; ok {
			if len(triggerOf[bid]) > 0 {
				continue
			}
			a.Label, a.Fragments = t.label, t.frags
		} else {
			e := es[bid]
			a.Label, a.Fragments = e.label, append([]model.Fragment(nil), ts[e.trigger].frags...)
			a.Attributes = map[string]any{EventAttr: true}
		}
		a.Text = model.CoveredText(ix, a.Fragments)
		idx[bid] = append(idx[bid], len(anns))
		anns = append(anns, a)
	}
	for tid, evs := range triggerOf {
		for _, eid := range evs {
			idx[tid] = append(idx[tid], idx[eid]...)
		}
	}
	var out []model.Relation
	rel := func(line int, typ, from, to string) error {
		fi, ti := idx[from], idx[to]
		if len(fi) == 0 || len(ti) == 0 {
			missing := from
			if len(fi) != 0 {
				missing = to
			}
			return fmt.Errorf("%s:%d: %s refers to %s, which is not a T or E annotation of this file", file, line, typ, missing)
		}
		out = append(out, model.Relation{ID: formats.NewID(), Annotator: annotator, Type: typ, From: anns[fi[0]].ID, To: anns[ti[0]].ID})
		return nil
	}
	for _, eid := range order {
		if e, ok := es[eid]; ok {
			for _, r := range e.roles {
				if err := rel(e.line, RolePrefix+r[0], eid, r[1]); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, r := range rels {
		if err := rel(r.line, r.typ, r.from, r.to); err != nil {
			return nil, err
		}
	}
	isRel := func(id string) bool { return id != "" && (id[0] == 'R' || id[0] == '*') && ids[id] > 0 }
	for _, a := range attrs {
		targets := idx[a.target]
		if len(targets) == 0 {
			if isRel(a.target) {
				warn.Add("attributes on relations skipped (Margin relations have no attributes)", 1)
				continue
			}
			return nil, fmt.Errorf("%s:%d: attribute %s refers to %s, which is not a T or E annotation of this file", file, a.line, a.name, a.target)
		}
		for _, i := range targets {
			if anns[i].Attributes == nil {
				anns[i].Attributes = map[string]any{}
			}
			if a.binary {
				anns[i].Attributes[a.name] = true
			} else {
				anns[i].Attributes[a.name] = a.value
			}
		}
	}
	for _, nt := range notes {
		targets := idx[nt.target]
		if len(targets) == 0 {
			if isRel(nt.target) {
				warn.Add("notes on relations skipped (Margin relations have no notes)", 1)
				continue
			}
			return nil, fmt.Errorf("%s:%d: note refers to %s, which is not a T or E annotation of this file", file, nt.line, nt.target)
		}
		for _, i := range targets {
			if anns[i].Note != "" {
				anns[i].Note += "\n"
			}
			anns[i].Note += nt.text
		}
	}
	return &parsed{anns: anns, rels: out, warnings: warn.Lines(), equivTypes: equivTypes}, nil
}

// parseOffsets reads "0 5;8 12" into sorted, validated fragments.
func parseOffsets(s string, n int) ([]model.Fragment, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("no offsets")
	}
	var frags []model.Fragment
	for _, part := range strings.Split(s, ";") {
		se := strings.Fields(part)
		if len(se) != 2 {
			return nil, fmt.Errorf("offsets %q: want START END", part)
		}
		start, err1 := strconv.Atoi(se[0])
		end, err2 := strconv.Atoi(se[1])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("offsets %q are not integers", part)
		}
		frags = append(frags, model.Fragment{Start: start, End: end})
	}
	model.NormalizeFragments(frags)
	if err := model.ValidateFragments(frags, n); err != nil {
		return nil, err
	}
	return frags, nil
}

// flatten replaces line breaks by spaces: the .ann text field is one line,
// so a span over a line break is written (by Margin and other tools) with
// spaces there, one per code point so lengths still match.
func flatten(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}
