package webanno

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/conll"
	"github.com/margin-app/margin/model"
)

// unitKey names an annotation of a layer in a unit (token or sub-token row)
// by its stacking index, as INCEpTION's TsvUnit.getUimaAnnotation does.
type unitKey struct {
	unit  string
	layer int
	stack int
}

// ref points at an annotation: a unit and, if ambiguous there, its
// disambiguation id (0 if none).
type ref struct {
	unit   string
	disamb int
	line   int
}

// span is a span annotation (also a chain element) being read.
type span struct {
	layer      int
	start, end int // UTF-16
	line       int // first row it appears in
	feats      map[string]string
	slotRoles  map[string][]string // slot feature -> roles ("" for none)
	slotTarget map[string][]*ref   // slot feature -> fillers (nil for none)
	slotFeats  []string
	chainLink  string // referenceRelation of a chain element
	id         string // Margin annotation id; "" if skipped
}

// relation is a #T_RL annotation being read.
type relation struct {
	layer    int
	line     int
	feats    map[string]string
	src, tgt *ref
}

type chainKey struct {
	layer, chain, elem int
}

// chainSuffix is INCEpTION's CHAIN_SUFFIX_PATTERN: "value->chain-element".
var chainSuffix = regexp.MustCompile(`^(.*[^\\]|)->(\d+)-(\d+)$`)

var formatLine = regexp.MustCompile(`^#FORMAT=WebAnno TSV 3\.(\d+)$`)

// reader holds the state of one file's parse.
type reader struct {
	file     string
	layers   []layer
	cols     []column
	spans    []*span
	rels     []*relation
	perUnit  map[unitKey]*span
	relUnit  map[unitKey]*relation
	byID     map[[2]int]*span // (layer, disambiguation id)
	anyID    map[int]*span    // disambiguation ids are unique in a file INCEpTION writes
	chains   map[chainKey]*span
	chainOrd []chainKey
	pendType map[unitKey]string // chain referenceType values, set once the element exists
	warns    []string
}

// Read parses one WebAnno TSV 3.x file; file names it in errors. It reads
// the file as INCEpTION's Tsv3XDeserializer does (inception @55ba8ba6):
// span layers become annotations, relation layers and slot (link)
// features relations (a slot's role is the relation type), chains
// annotations linked in order. What Margin cannot hold (zero-length spans,
// relations on layers that are not in the file) is skipped with a warning
// that names the line.
func Read(data []byte, file string, opts formats.ImportOptions) (model.DocumentImport, []string, error) {
	var di model.DocumentImport
	r := &reader{file: file, perUnit: map[unitKey]*span{}, relUnit: map[unitKey]*relation{},
		byID: map[[2]int]*span{}, anyID: map[int]*span{}, chains: map[chainKey]*span{}, pendType: map[unitKey]string{}}
	type sent struct {
		lines []string
		begin int // UTF-16 of the first token, -1 until known
		line  int // line of the first token
	}
	var sents []sent
	type tokRow struct {
		line       int
		begin, end int
		form       string
		sent       int  // index in sents
		sub        bool // a sub-token row ("1-2.1")
	}
	var toks []tokRow
	unescapeText := UnescapeText
	lines := splitLines(data)
	inHeader := false // the previous line was a sentence header (#Text=, #Sentence.id=)
	for i, line := range lines {
		n := i + 1
		fail := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s", file, n, fmt.Sprintf(format, a...))
		}
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
			m := formatLine.FindStringSubmatch(line)
			if m == nil {
				return di, nil, fail("want #FORMAT=WebAnno TSV 3.x on the first line (3.3 is what INCEpTION writes)")
			}
			if minor, _ := strconv.Atoi(m[1]); minor <= 1 {
				unescapeText = unescapeJava // TSV 3.0 and 3.1 escape #Text as Java strings
			}
			continue
		}
		switch {
		case strings.HasPrefix(line, "#T_SP=") || strings.HasPrefix(line, "#T_CH=") || strings.HasPrefix(line, "#T_RL="):
			if len(sents) > 0 {
				return di, nil, fail("layer declaration after the first sentence")
			}
			var l layer
			l, r.cols = parseLayer(line, len(r.layers), r.cols)
			if strings.TrimSpace(l.short()) == "" {
				return di, nil, fail("layer declaration %q names no type", line)
			}
			r.layers = append(r.layers, l)
			inHeader = false
		case strings.HasPrefix(line, "#Text="):
			t := unescapeText(line[len("#Text="):])
			if inHeader && len(sents) > 0 && sents[len(sents)-1].begin < 0 {
				sents[len(sents)-1].lines = append(sents[len(sents)-1].lines, t)
			} else {
				sents = append(sents, sent{lines: []string{t}, begin: -1})
			}
			inHeader = true
		case strings.HasPrefix(line, "#"):
			// Other headers such as #Sentence.id= belong to the next sentence.
			inHeader = inHeader || strings.HasPrefix(line, "#Sentence.id=")
		case line == "":
			inHeader = false
		default:
			inHeader = false
			if len(sents) == 0 {
				return di, nil, fail("token row before any #Text= line")
			}
			cols := strings.Split(line, "\t")
			want := 3 + len(r.cols)
			extra := len(cols) > want && strings.Join(cols[want:], "") == ""
			if len(cols) != want && !extra {
				return di, nil, fail("want %d tab-separated columns (id, offsets, token and %d feature columns), got %d", want, len(r.cols), len(cols))
			}
			b, e, ok := strings.Cut(cols[1], "-")
			begin, err1 := strconv.Atoi(b)
			end, err2 := strconv.Atoi(e)
			if !ok || err1 != nil || err2 != nil || begin < 0 || end < begin {
				return di, nil, fail("offsets %q: want BEGIN-END", cols[1])
			}
			if s := &sents[len(sents)-1]; s.begin < 0 {
				s.begin, s.line = begin, n
			}
			toks = append(toks, tokRow{n, begin, end, cols[2], len(sents) - 1, strings.Contains(cols[0], ".")})
			if err := r.row(n, cols[0], begin, end, cols[3:want]); err != nil {
				return di, nil, err
			}
		}
	}
	if len(sents) == 0 {
		return di, nil, fmt.Errorf("%s: no #Text= sentences", file)
	}
	// Rebuild the text as INCEpTION does: every sentence's lines, each
	// followed by a line break, placed at its first token; the break is
	// dropped when the next sentence starts right there, and a gap is
	// filled with spaces. The last sentence's break is not part of the
	// document (INCEpTION's writer never wrote one).
	var b strings.Builder
	u := 0 // UTF-16 length written
	for i, s := range sents {
		if s.begin >= 0 {
			if s.begin < u {
				if s.begin != u-1 {
					return di, nil, fmt.Errorf("%s:%d: sentence %d starts at %d, inside the previous sentence (which ends at %d)", file, s.line, i+1, s.begin, u-1)
				}
				str := b.String()[:b.Len()-1] // the previous sentence's line break
				b.Reset()
				b.WriteString(str)
				u--
			}
			b.WriteString(strings.Repeat(" ", s.begin-u))
			u = s.begin
		}
		t := strings.Join(s.lines, "\n") + "\n"
		b.WriteString(t)
		u += utf16Len(t)
	}
	text := strings.TrimSuffix(b.String(), "\n")
	if err := formats.CheckText(text); err != nil {
		return di, nil, fmt.Errorf("%s: %w", file, err)
	}
	ix := model.NewTextIndex(text)
	cp := func(x int) (int, error) { return ix.UTF16ToCodePoint(x) }
	var tokSents [][][2]int
	lastSent, prevEnd, inOrder := -1, 0, true
	for _, t := range toks {
		s, err1 := cp(t.begin)
		e, err2 := cp(t.end)
		if err1 != nil || err2 != nil {
			return di, nil, fmt.Errorf("%s:%d: token offsets %d-%d are outside the text or split a character", file, t.line, t.begin, t.end)
		}
		// INCEpTION writes the token as it is in the text (and reads only
		// the offsets); older writers escaped it. A token that is neither
		// means the offsets do not fit the #Text: refused, since the
		// annotations would land on other words.
		if got := ix.Slice(s, e); got != t.form && Unescape(t.form) != got {
			return di, nil, fmt.Errorf("%s:%d: token %q but the #Text has %q at %d-%d (UTF-16): the offsets do not fit the text", file, t.line, t.form, got, t.begin, t.end)
		}
		// The file's tokens (not sub-tokens) are kept as the document's
		// tokenization, so that a CoNLL or TSV export uses them again.
		if !t.sub && s < e && inOrder {
			if len(tokSents) == 0 || t.sent != lastSent {
				tokSents = append(tokSents, nil)
				lastSent = t.sent
			}
			cur := &tokSents[len(tokSents)-1]
			inOrder = s >= prevEnd
			*cur = append(*cur, [2]int{s, e})
			prevEnd = e
		}
	}
	var meta []byte
	if inOrder && len(tokSents) > 0 {
		var err error
		if meta, err = conll.TokensMeta(tokSents); err != nil {
			return di, nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	di.Doc = model.NewDocument{Name: strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)), Text: text, Meta: meta}
	if err := r.build(&di, ix, formats.AnnotatorOr("", opts)); err != nil {
		return di, nil, err
	}
	return di, r.warns, nil
}

// row reads the feature columns of one token or sub-token row.
func (r *reader) row(n int, unit string, begin, end int, cells []string) error {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%s:%d: %s", r.file, n, fmt.Sprintf(format, a...))
	}
	for ci, cell := range cells {
		if cell == "_" || cell == "" {
			continue
		}
		c := r.cols[ci]
		l := r.layers[c.layer]
		for k, val := range splitUnescaped(cell, '|') {
			key := unitKey{unit, c.layer, k}
			info := ""
			if c.kind != colSlotTarget {
				if strings.HasSuffix(val, "]") && !strings.HasSuffix(val, `\]`) {
					if i := strings.LastIndex(val, "["); i >= 0 {
						info, val = val[i+1:len(val)-1], val[:i]
					}
				} else if m := chainSuffix.FindStringSubmatch(val); m != nil && c.kind == colChainLink {
					info, val = m[2]+"-"+m[3], m[1]
				}
			}
			switch l.kind {
			case "T_SP":
				id := 0
				if info != "" {
					var err error
					if id, err = strconv.Atoi(info); err != nil || id < 0 {
						return fail("span id %q in layer %s is not a number", info, l.name)
					}
				}
				sp := r.spanAt(key, id, n, begin, end)
				switch c.kind {
				case colPrimitive:
					if val != "*" && val != "_" {
						sp.feats[c.feat] = Unescape(val)
					}
				case colSlotRole:
					if sp.slotRoles[c.feat] == nil {
						sp.slotFeats = append(sp.slotFeats, c.feat)
					}
					roles := []string{}
					if val != "_" {
						for _, role := range splitUnescaped(val, ';') {
							if role == "*" {
								role = ""
							}
							roles = append(roles, Unescape(role))
						}
					}
					sp.slotRoles[c.feat] = roles
				case colSlotTarget:
					var targets []*ref
					if val != "*" && val != "_" {
						for _, t := range splitUnescaped(val, ';') {
							if t == "*" || t == "_" {
								targets = append(targets, nil)
								continue
							}
							rf := &ref{unit: t, line: n}
							if strings.HasSuffix(t, "]") {
								if i := strings.LastIndex(t, "["); i >= 0 {
									d, err := strconv.Atoi(t[i+1 : len(t)-1])
									if err != nil {
										return fail("slot filler %q of layer %s: the id in brackets is not a number", t, l.name)
									}
									rf.unit, rf.disamb = t[:i], d
								}
							}
							targets = append(targets, rf)
						}
					}
					sp.slotTarget[c.feat] = targets
				}
			case "T_RL":
				rel := r.relUnit[key]
				if rel == nil {
					rel = &relation{layer: c.layer, line: n, feats: map[string]string{}}
					r.relUnit[key] = rel
					r.rels = append(r.rels, rel)
				}
				switch c.kind {
				case colPrimitive:
					if val != "*" && val != "_" {
						rel.feats[c.feat] = Unescape(val)
					}
				case colRelRef:
					src, tgt := &ref{unit: val, line: n}, &ref{unit: unit, line: n}
					if info != "" {
						a, b, ok := strings.Cut(info, "_")
						sa, err1 := strconv.Atoi(a)
						sb, err2 := strconv.Atoi(b)
						if !ok || err1 != nil || err2 != nil {
							return fail("relation reference %q of layer %s: want SOURCE[ID_ID]", cell, l.name)
						}
						src.disamb, tgt.disamb = sa, sb
					}
					rel.src, rel.tgt = src, tgt
				}
			case "T_CH":
				switch c.kind {
				case colChainType:
					r.pendType[key] = val
				case colChainLink:
					a, b, ok := strings.Cut(info, "-")
					chain, err1 := strconv.Atoi(a)
					elem, err2 := strconv.Atoi(b)
					if !ok || err1 != nil || err2 != nil {
						return fail("chain link %q of layer %s: want VALUE->CHAIN-ELEMENT", cell, l.name)
					}
					ck := chainKey{c.layer, chain, elem}
					sp := r.chains[ck]
					if sp == nil {
						sp = r.newSpan(c.layer, n, begin, end)
						r.chains[ck] = sp
						r.chainOrd = append(r.chainOrd, ck)
					}
					sp.start, sp.end = min(sp.start, begin), max(sp.end, end)
					if val != "*" && val != "_" {
						sp.chainLink = Unescape(val)
					}
					r.perUnit[key] = sp
				}
			}
		}
	}
	return nil
}

func (r *reader) newSpan(li, n, begin, end int) *span {
	sp := &span{layer: li, start: begin, end: end, line: n, feats: map[string]string{},
		slotRoles: map[string][]string{}, slotTarget: map[string][]*ref{}}
	r.spans = append(r.spans, sp)
	return sp
}

// spanAt finds or creates the span annotation of a layer in a unit, as
// INCEpTION's getOrCreateSpanAnnotation: the same stacking index in the
// same unit is the same annotation (for all columns of its layer), and a
// disambiguation id seen before extends that annotation to this unit.
func (r *reader) spanAt(key unitKey, id, n, begin, end int) *span {
	sp := r.perUnit[key]
	if sp == nil && id > 0 {
		sp = r.byID[[2]int{key.layer, id}]
	}
	if sp == nil {
		sp = r.newSpan(key.layer, n, begin, end)
	}
	sp.start, sp.end = min(sp.start, begin), max(sp.end, end)
	r.perUnit[key] = sp
	if id > 0 {
		r.byID[[2]int{key.layer, id}] = sp
		if r.anyID[id] == nil {
			r.anyID[id] = sp
		}
	}
	return sp
}

// layerIndex is the index of the span or chain layer named name, or -1.
func (r *reader) layerIndex(name string) int {
	for i, l := range r.layers {
		if l.name == name && l.kind != "T_RL" {
			return i
		}
	}
	return -1
}

// resolve finds the annotation rf points at, as INCEpTION's
// TsvDocument.resolveReference: by disambiguation id if it has one, else
// the first annotation of the type in the unit. A type that is not a layer
// of the file (uima.tcas.Annotation) matches any layer.
func (r *reader) resolve(typ string, rf *ref) *span {
	li := r.layerIndex(typ)
	if rf.disamb > 0 {
		if li >= 0 {
			if sp := r.byID[[2]int{li, rf.disamb}]; sp != nil {
				return sp
			}
		}
		return r.anyID[rf.disamb]
	}
	if li >= 0 {
		return r.perUnit[unitKey{rf.unit, li, 0}]
	}
	for i := range r.layers {
		if sp := r.perUnit[unitKey{rf.unit, i, 0}]; sp != nil {
			return sp
		}
	}
	return nil
}

// build turns what was read into Margin annotations and relations.
func (r *reader) build(di *model.DocumentImport, ix *model.TextIndex, annotator string) error {
	for key, v := range r.pendType {
		if sp := r.perUnit[key]; sp != nil && v != "*" && v != "_" {
			sp.feats["referenceType"] = Unescape(v)
		}
	}
	for _, sp := range r.spans {
		l := r.layers[sp.layer]
		s, err1 := ix.UTF16ToCodePoint(sp.start)
		e, err2 := ix.UTF16ToCodePoint(sp.end)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("%s:%d: span of layer %s has bad offsets %d-%d", r.file, sp.line, l.name, sp.start, sp.end)
		}
		if s >= e {
			// Margin's annotations cover at least one character
			// (model.ValidateFragments); INCEpTION's zero-length spans
			// mark a position, which Margin cannot hold.
			r.warns = append(r.warns, fmt.Sprintf("%s:%d: zero-length span of layer %s at offset %d skipped (Margin annotations cover at least one character)", r.file, sp.line, l.name, sp.start))
			continue
		}
		label, attrs := r.labelOf(l, sp.feats)
		a := model.Annotation{ID: formats.NewID(), Annotator: annotator, Label: label, Fragments: []model.Fragment{{Start: s, End: e}}, Attributes: attrs}
		a.Text = ix.Slice(s, e)
		sp.id = a.ID
		di.Annotations = append(di.Annotations, a)
	}
	addRel := func(typ string, from, to *span, line int, what string) {
		if from.id == "" || to.id == "" {
			r.warns = append(r.warns, fmt.Sprintf("%s:%d: %s skipped: it links a zero-length span", r.file, line, what))
			return
		}
		di.Relations = append(di.Relations, model.Relation{ID: formats.NewID(), Annotator: annotator, Type: typ, From: from.id, To: to.id})
	}
	// Slot (link) features: one relation per filler, typed by its role.
	for _, sp := range r.spans {
		for _, f := range sp.slotFeats {
			roles, targets := sp.slotRoles[f], sp.slotTarget[f]
			var typ string
			for _, c := range r.layers[sp.layer].cols {
				if r.cols[c].kind == colSlotTarget && r.cols[c].feat == f {
					typ = r.cols[c].target
				}
			}
			for i, t := range targets {
				if t == nil {
					continue
				}
				role := f
				if i < len(roles) && roles[i] != "" {
					role = roles[i]
				}
				to := r.resolve(typ, t)
				if to == nil {
					return fmt.Errorf("%s:%d: slot %s of layer %s points at %s, where there is no %s annotation", r.file, t.line, f, r.layers[sp.layer].name, t.unit, typ)
				}
				addRel(role, sp, to, t.line, fmt.Sprintf("slot %s (role %q) of layer %s", f, role, r.layers[sp.layer].name))
			}
			if len(roles) != len(targets) && len(targets) > 0 {
				r.warns = append(r.warns, fmt.Sprintf("%s:%d: layer %s, slot %s: %d roles but %d fillers", r.file, sp.line, r.layers[sp.layer].name, f, len(roles), len(targets)))
			}
		}
	}
	for _, rel := range r.rels {
		l := r.layers[rel.layer]
		if rel.src == nil {
			return fmt.Errorf("%s:%d: relation of layer %s has no source column value", r.file, rel.line, l.name)
		}
		var typ string
		for _, c := range l.cols {
			if r.cols[c].kind == colRelRef {
				typ = r.cols[c].target
			}
		}
		if r.layerIndex(typ) < 0 {
			r.warns = append(r.warns, fmt.Sprintf("relations of layer %s skipped: they link %s, which is not a span layer of the file", l.name, typ))
			continue
		}
		from, to := r.resolve(typ, rel.src), r.resolve(typ, rel.tgt)
		if from == nil || to == nil {
			return fmt.Errorf("%s:%d: relation of layer %s links %s and %s, but there is no %s annotation at one of them", r.file, rel.line, l.name, rel.src.unit, rel.tgt.unit, typ)
		}
		label, attrs := r.labelOf(l, rel.feats)
		if len(attrs) > 0 {
			r.warns = append(r.warns, fmt.Sprintf("relation features dropped (a Margin relation has only a type), layer %s", l.name))
		}
		addRel(label, from, to, rel.line, "relation of layer "+l.name)
	}
	// Chains: each element linked to the next, typed by its referenceRelation.
	for i, ck := range r.chainOrd {
		next, ok := r.chains[chainKey{ck.layer, ck.chain, ck.elem + 1}]
		if !ok {
			continue
		}
		cur := r.chains[r.chainOrd[i]]
		typ := cur.chainLink
		if typ == "" {
			typ = r.layers[ck.layer].short()
		}
		addRel(typ, cur, next, cur.line, "chain link of layer "+r.layers[ck.layer].name)
	}
	return nil
}

// labelOf picks an annotation's label from its features: "label" or
// "value", else the layer's first feature, else the layer's short name; the
// other features become attributes.
func (r *reader) labelOf(l layer, feats map[string]string) (string, map[string]any) {
	labelFeat := ""
	for _, f := range []string{"label", "value", "referenceType"} {
		if _, ok := feats[f]; ok && labelFeat == "" {
			labelFeat = f
		}
	}
	if labelFeat == "" {
		for _, c := range l.cols {
			if col := r.cols[c]; col.kind == colPrimitive {
				if _, ok := feats[col.feat]; ok {
					labelFeat = col.feat
				}
				break
			}
		}
	}
	label := feats[labelFeat]
	if strings.TrimSpace(label) == "" {
		label = l.short()
	}
	var attrs map[string]any
	for f, v := range feats {
		if f != labelFeat {
			if attrs == nil {
				attrs = map[string]any{}
			}
			attrs[f] = v
		}
	}
	return label, attrs
}

// splitUnescaped splits s at sep bytes that are not escaped.
func splitUnescaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == sep {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}
