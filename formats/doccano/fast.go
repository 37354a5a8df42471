package doccano

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// fastLine parses the common shape of a doccano line,
// {"text": "...", "label": [[start, end, "L"], ...]} with optional "name"
// and integer "id", without encoding/json's reflection: an import of a
// million spans spends most of its parsing time here. Anything else —
// another key, a duplicate key, a malformed or out-of-range span, an
// escape it does not handle — returns ok false, and the line goes to
// parseLine, which accepts or refuses it and words the error. So fastLine
// never changes what is accepted, only how fast.
func fastLine(raw []byte, annotator string, labels map[string]string) (di model.DocumentImport, ok bool) {
	p := fastParser{b: raw}
	if !p.consume('{') {
		return di, false
	}
	var (
		text, name         string
		haveText, haveName bool
		haveLabel, haveID  bool
		spans              []fastSpan
		classes            []string
		first              = true
	)
	for {
		if first && p.consume('}') {
			break
		}
		if !first && !p.consume(',') {
			if p.consume('}') {
				break
			}
			return di, false
		}
		first = false
		key, ok := p.str()
		if !ok || !p.consume(':') {
			return di, false
		}
		switch key {
		case "text":
			if haveText {
				return di, false
			}
			if text, ok = p.str(); !ok {
				return di, false
			}
			haveText = true
		case "name":
			if haveName {
				return di, false
			}
			if name, ok = p.str(); !ok {
				return di, false
			}
			haveName = true
		case "id":
			if haveID {
				return di, false
			}
			if _, ok = p.int(); !ok {
				return di, false
			}
			haveID = true
		case "label":
			if haveLabel {
				return di, false
			}
			haveLabel = true
			if spans, classes, ok = p.labels(labels); !ok {
				return di, false
			}
		default:
			return di, false
		}
	}
	p.ws()
	if p.i != len(p.b) || !haveText {
		return di, false
	}
	ix := model.NewTextIndex(text)
	if formats.CheckIndexedText(ix) != nil {
		return di, false
	}
	di.Doc.Text, di.Doc.Name = text, name
	di.Index = ix
	n := ix.Len()
	frags := make([]model.Fragment, len(spans))
	if len(spans) > 0 {
		di.Annotations = make([]model.Annotation, len(spans))
	}
	for i, s := range spans {
		if s.start < 0 || s.start >= s.end || s.end > n {
			return model.DocumentImport{}, false
		}
		frags[i] = model.Fragment{Start: s.start, End: s.end}
		f := frags[i : i+1 : i+1]
		// No id: nothing in this shape refers to the span, and the
		// store makes one (formats.Imported).
		di.Annotations[i] = model.Annotation{Annotator: annotator, Label: s.label, Fragments: f, Text: model.CoveredText(ix, f)}
	}
	for _, c := range classes {
		di.DocLabels = append(di.DocLabels, model.DocLabel{Annotator: annotator, Set: DocLabelSet, Value: c})
	}
	return di, true
}

type fastSpan struct {
	start, end int
	label      string
}

type fastParser struct {
	b []byte
	i int
}

func (p *fastParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) consume(c byte) bool {
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *fastParser) peek() byte {
	p.ws()
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

// strBytes returns a JSON string token's raw content (between the quotes)
// and whether it has escapes.
func (p *fastParser) strBytes() (raw []byte, escaped, ok bool) {
	if !p.consume('"') {
		return nil, false, false
	}
	// The text of an article is most of a line: the closing quote and any
	// backslash are found with bytes.IndexByte (vectorised), and only the
	// check for control characters looks at every byte.
	start := p.i
	for {
		k := bytes.IndexByte(p.b[p.i:], '"')
		if k < 0 {
			return nil, false, false
		}
		seg := p.b[p.i : p.i+k]
		bs := bytes.IndexByte(seg, '\\')
		if bs >= 0 {
			seg = seg[:bs]
		}
		for _, c := range seg {
			if c < 0x20 {
				return nil, false, false
			}
		}
		if bs < 0 {
			p.i += k + 1
			return p.b[start : p.i-1], escaped, true
		}
		// Skip the backslash and the byte it escapes (which may be a quote).
		escaped = true
		p.i += bs + 2
		if p.i > len(p.b) {
			return nil, false, false
		}
	}
}

func (p *fastParser) str() (string, bool) {
	p.ws()
	tok := p.i
	raw, escaped, ok := p.strBytes()
	if !ok {
		return "", false
	}
	if !escaped {
		return string(raw), true
	}
	// encoding/json decodes the escapes exactly as parseLine would.
	var s string
	if json.Unmarshal(p.b[tok:p.i], &s) != nil {
		return "", false
	}
	return s, true
}

// int reads a JSON integer that fits an int (no fraction, no exponent).
func (p *fastParser) int() (int, bool) {
	p.ws()
	start := p.i
	if p.i < len(p.b) && p.b[p.i] == '-' {
		p.i++
	}
	digits := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	if p.i == digits || (p.b[digits] == '0' && p.i-digits > 1) {
		return 0, false
	}
	if p.i < len(p.b) && (p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		return 0, false
	}
	v, err := strconv.Atoi(string(p.b[start:p.i]))
	return v, err == nil
}

// labels reads "label": a list of [start, end, "L"] triples and "class"
// strings. Label names are interned in labels.
func (p *fastParser) labels(labels map[string]string) (spans []fastSpan, classes []string, ok bool) {
	if p.peek() == 'n' { // null: as if absent
		if bytes.HasPrefix(p.b[p.i:], []byte("null")) {
			p.i += 4
			return nil, nil, true
		}
		return nil, nil, false
	}
	if !p.consume('[') {
		return nil, nil, false
	}
	if p.consume(']') {
		return nil, nil, true
	}
	for {
		switch p.peek() {
		case '"':
			c, ok := p.str()
			if !ok || strings.TrimSpace(c) == "" {
				return nil, nil, false
			}
			classes = append(classes, c)
		case '[':
			p.i++
			s, ok1 := p.int()
			ok2 := p.consume(',')
			e, ok3 := p.int()
			ok4 := p.consume(',')
			raw, escaped, ok5 := p.strBytes()
			if !(ok1 && ok2 && ok3 && ok4 && ok5) || escaped || !p.consume(']') {
				return nil, nil, false
			}
			l, seen := labels[string(raw)]
			if !seen {
				l = string(raw)
				if len(bytes.TrimSpace(raw)) == 0 {
					return nil, nil, false
				}
				labels[l] = l
			}
			spans = append(spans, fastSpan{s, e, l})
		default:
			return nil, nil, false
		}
		if p.consume(']') {
			return spans, classes, true
		}
		if !p.consume(',') {
			return nil, nil, false
		}
	}
}
