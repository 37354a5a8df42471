package qdpx

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// streamSources runs the second pass over project.qde: every TextSource
// under <Sources>, in file order, becomes a document handed to fn.
func streamSources(a *archive, p *project, opts formats.ImportOptions, fn func(model.DocumentImport) error) error {
	rc, err := a.openQDE()
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	if _, err := rootElement(dec); err != nil {
		return a.errAt(dec, err)
	}
	seen := map[string]bool{} // annotation ids, unique across the file
	for {
		se, err := nextChild(dec)
		if err != nil {
			return a.errAt(dec, err)
		}
		if se == nil {
			return nil
		}
		if se.Name.Local != "Sources" {
			if err := dec.Skip(); err != nil {
				return a.errAt(dec, err)
			}
			continue
		}
		for {
			src, err := nextChild(dec)
			if err != nil {
				return a.errAt(dec, err)
			}
			if src == nil {
				break
			}
			line, _ := dec.InputPos()
			var ts xTextSource
			switch src.Name.Local {
			case "TextSource":
				if err := dec.DecodeElement(&ts, src); err != nil {
					return a.errAt(dec, fmt.Errorf("<TextSource>: %w", err))
				}
			case "PDFSource":
				var pdf xPDFSource
				if err := dec.DecodeElement(&pdf, src); err != nil {
					return a.errAt(dec, fmt.Errorf("<PDFSource>: %w", err))
				}
				var ok bool
				if ts, ok = p.pdfText(&pdf); !ok {
					continue
				}
			default:
				// Pictures, audio and video: Margin annotates text.
				p.warn.Add(fmt.Sprintf("%s sources skipped (Margin imports text sources)", strings.TrimSuffix(src.Name.Local, "Source")), 1)
				if err := dec.Skip(); err != nil {
					return a.errAt(dec, err)
				}
				continue
			}
			di, ok, err := p.textSource(a, &ts, opts, seen)
			if err != nil {
				return fmt.Errorf("import qdpx %s: %s:%d: TextSource %q: %w", a.path, a.qde.Name, line, ts.Name, err)
			}
			if opts.Progress != nil {
				opts.Progress(min(a.read, a.size), a.size)
			}
			if !ok {
				continue
			}
			if err := fn(di); err != nil {
				return err
			}
		}
	}
}

// textSource converts one TextSource; ok is false for a source skipped
// with a warning (an empty text).
func (p *project) textSource(a *archive, ts *xTextSource, opts formats.ImportOptions, seen map[string]bool) (model.DocumentImport, bool, error) {
	var di model.DocumentImport
	var text string
	switch {
	case ts.Content != nil && ts.PlainTextPath == "":
		text = strings.TrimPrefix(*ts.Content, "\ufeff")
	case ts.PlainTextPath != "":
		var err error
		if text, err = a.readText(ts.PlainTextPath, p.basePath); err != nil {
			return di, false, err
		}
	default:
		return di, false, fmt.Errorf("neither PlainTextContent nor plainTextPath (the schema requires one)")
	}
	name := strings.TrimSpace(ts.Name)
	if name == "" {
		name = normGUID(ts.GUID)
	}
	if strings.TrimSpace(text) == "" {
		p.warn.Add(fmt.Sprintf("text source %q skipped: its text is empty", name), 1)
		return di, false, nil
	}
	if err := formats.CheckText(text); err != nil {
		return di, false, err
	}
	meta, err := p.sourceMeta(ts)
	if err != nil {
		return di, false, err
	}
	di.Doc = model.NewDocument{Name: name, Text: text, Source: a.path, Meta: meta}
	ix := model.NewTextIndex(text)
	di.Index = ix
	if len(ts.Codings) > 0 {
		p.warn.Add("codings of whole sources skipped (Margin codes spans)", len(ts.Codings))
	}
	conv := func(pos int) int { return pos }
	if pairs := crlfPairs(text); crlfAsOne(ts.Selections, ix, pairs) {
		conv = func(pos int) int { return fromOneCRLF(pairs, pos) }
		p.warn.Add(fmt.Sprintf("text source %q: positions count a \\r\\n line break as one character, as ATLAS.ti and MAXQDA do (the selections' names match only so); read accordingly", name), 1)
	}
	first := map[string]string{} // selection GUID -> its first annotation
	for _, sel := range ts.Selections {
		anns, err := p.selection(&sel, ix, conv, opts, seen)
		if err != nil {
			return di, false, err
		}
		if len(anns) > 0 {
			first[normGUID(sel.GUID)] = anns[0].ID
		}
		di.Annotations = append(di.Annotations, anns...)
	}
	di.Relations = p.relations(first, di.Annotations)
	return di, true, nil
}

// selection converts a PlainTextSelection: one annotation per Coding, in
// the layer of the coding's user (else the selection's). Positions are
// code points from 0, end exclusive (REFI-QDA 10.2; ATLAS.ti's and
// QualCoder's exports: endPosition-startPosition is the selected text's
// length); conv maps them when the file counts line breaks otherwise
// (crlf.go).
func (p *project) selection(sel *xSelection, ix *model.TextIndex, conv func(int) int, opts formats.ImportOptions, seen map[string]bool) ([]model.Annotation, error) {
	start, err1 := strconv.Atoi(strings.TrimSpace(sel.Start))
	end, err2 := strconv.Atoi(strings.TrimSpace(sel.End))
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("PlainTextSelection %s: positions %q-%q are not integers", sel.GUID, sel.Start, sel.End)
	}
	start, end = conv(start), conv(end)
	if start == end && start >= 0 && start <= ix.Len() {
		p.warn.Add("empty text selections (start = end) skipped", 1)
		return nil, nil
	}
	frag, err := formats.Span(start, end, ix.Len())
	if err != nil {
		return nil, fmt.Errorf("PlainTextSelection %s: %w", sel.GUID, err)
	}
	if len(sel.Codings) == 0 {
		p.warn.Add("text selections without a coding (memos on text) skipped", 1)
		return nil, nil
	}
	var notes []string
	if d := strings.TrimSpace(sel.Description); d != "" {
		notes = append(notes, d)
	}
	for _, r := range sel.NoteRefs {
		notes = appendNote(notes, p.noteText(r.Target))
	}
	for _, g := range p.linked[normGUID(sel.GUID)] {
		notes = appendNote(notes, p.noteText(g))
	}
	covered := ix.Slice(frag.Start, frag.End)
	var out []model.Annotation
	for _, c := range sel.Codings {
		label, ok := p.codes[normGUID(c.CodeRef.Target)]
		if !ok {
			return nil, fmt.Errorf("PlainTextSelection %s: coding %s refers to code %s, which the codebook does not define", sel.GUID, c.GUID, c.CodeRef.Target)
		}
		own := notes
		for _, r := range c.NoteRefs {
			own = appendNote(append([]string(nil), own...), p.noteText(r.Target))
		}
		id := normGUID(c.GUID)
		if id == "" || seen[id] {
			id = formats.NewID()
		}
		seen[id] = true
		a := model.Annotation{
			ID:        id,
			Annotator: p.user(opts, c.CreatingUser, sel.CreatingUser),
			Label:     label,
			Fragments: []model.Fragment{frag},
			Text:      covered,
			Note:      strings.Join(own, "\n\n"),
			CreatedAt: firstTime(c.CreationDateTime, sel.CreationDateTime),
		}
		a.UpdatedAt = firstTime(sel.ModifiedDateTime)
		if a.UpdatedAt.IsZero() {
			a.UpdatedAt = a.CreatedAt
		}
		out = append(out, a)
	}
	return out, nil
}

func appendNote(notes []string, n string) []string {
	if n == "" {
		return notes
	}
	for _, have := range notes {
		if have == n {
			return notes
		}
	}
	return append(notes, n)
}

func firstTime(ts ...string) time.Time {
	for _, s := range ts {
		if t, err := time.Parse(time.RFC3339, strings.TrimSpace(s)); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// relations turns the links between two selections of this source into
// relations typed by the link's name, origin -> target. They join the
// layer of the origin's annotation; a link across layers cannot be one
// Margin relation and is counted instead.
func (p *project) relations(first map[string]string, anns []model.Annotation) []model.Relation {
	layer := map[string]string{}
	for _, a := range anns {
		layer[a.ID] = a.Annotator
	}
	var out []model.Relation
	for _, l := range p.links {
		from, ok1 := first[normGUID(l.Origin)]
		to, ok2 := first[normGUID(l.Target)]
		if !ok1 || !ok2 {
			continue
		}
		if layer[from] != layer[to] {
			p.warn.Add("links between selections of two users' layers not imported", 1)
			continue
		}
		typ := strings.TrimSpace(l.Name)
		if typ == "" {
			typ = "link"
		}
		out = append(out, model.Relation{ID: guidOr(l.GUID, "link"), Annotator: layer[from], Type: typ, From: from, To: to})
	}
	return out
}

// sourceMeta collects a source's description, notes, variables and cases
// as document metadata; nil when there are none.
func (p *project) sourceMeta(ts *xTextSource) (json.RawMessage, error) {
	m := map[string]any{}
	if d := strings.TrimSpace(ts.Description); d != "" {
		m[metaDescription] = d
	}
	var notes []string
	for _, r := range ts.NoteRefs {
		notes = appendNote(notes, p.noteText(r.Target))
	}
	for _, g := range p.linked[normGUID(ts.GUID)] {
		notes = appendNote(notes, p.noteText(g))
	}
	if len(notes) > 0 {
		m[metaNotes] = notes
	}
	vars, err := p.values(ts.Values)
	if err != nil {
		return nil, err
	}
	for k, v := range p.sourceVars[normGUID(ts.GUID)] {
		if vars == nil {
			vars = map[string]any{}
		}
		if _, own := vars[k]; !own {
			vars[k] = v
		}
	}
	if vars != nil {
		m[metaVariables] = vars
	}
	if names := p.caseOf[normGUID(ts.GUID)]; len(names) > 0 {
		cs := map[string]any{}
		for _, n := range names {
			cs[n] = p.cases[n]
		}
		m[metaCases] = cs
	}
	if len(m) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	return b, nil
}

// pdfText returns the plain text representation of a PDF source as a text
// source (REFI-QDA 10.3: text selections in a PDF are selections in its
// representation), under the PDF's name, GUID, description, notes and
// variables; ok is false for a PDF without one. Area selections on pages
// cannot be spans and are counted.
func (p *project) pdfText(pdf *xPDFSource) (xTextSource, bool) {
	if len(pdf.Areas) > 0 {
		p.warn.Add("PDF area selections skipped (they select a region of a page, not text)", len(pdf.Areas))
	}
	if pdf.Representation == nil || (pdf.Representation.PlainTextPath == "" && pdf.Representation.Content == nil) {
		p.warn.Add("PDF sources without a plain text representation skipped", 1)
		return xTextSource{}, false
	}
	ts := *pdf.Representation
	ts.GUID, ts.Name, ts.Description = pdf.GUID, pdf.Name, pdf.Description
	ts.NoteRefs = append(append([]xRef(nil), pdf.NoteRefs...), ts.NoteRefs...)
	ts.Values = append(append([]xValue(nil), pdf.Values...), ts.Values...)
	ts.Codings = append(append([]xCoding(nil), pdf.Codings...), ts.Codings...)
	return ts, true
}
