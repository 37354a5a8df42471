package qdpx

import (
	"archive/zip"
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// Exporter writes a .qdpx as documents arrive: each text goes into the
// zip's sources folder at once and its TextSource element into a
// temporary file; Close writes project.qde, whose users, codebook and
// variables come before the sources but are only known at the end.
type Exporter struct {
	zw     *zip.Writer
	tmp    *os.File
	buf    *bufio.Writer
	enc    *xml.Encoder
	schema *model.Schema

	users     []string
	userSeen  map[string]bool
	labelSeen map[string]bool
	extra     []string // labels used but missing from the schema
	docSeen   map[string]bool
	docs      int
	notes     []xTextSource
	links     []xLink
	vars      []xVariable
	varSeen   map[string]bool
	cases     []*xCase
	caseByKey map[string]*xCase
	report    formats.Counter
}

// maxInternal is the largest internal file the standard allows (8.5).
const maxInternal = math.MaxInt32

// NewExporter starts a .qdpx on w.
func NewExporter(w io.Writer, _ string, opts formats.ExportOptions) (formats.Exporter, error) {
	if w == nil {
		return nil, errNoWriter
	}
	tmp, err := os.CreateTemp("", "margin-qdpx-*.xml")
	if err != nil {
		return nil, fmt.Errorf("export qdpx: %w", err)
	}
	e := &Exporter{zw: zip.NewWriter(w), tmp: tmp, buf: bufio.NewWriter(tmp), schema: opts.Schema,
		userSeen: map[string]bool{}, labelSeen: map[string]bool{}, docSeen: map[string]bool{},
		varSeen: map[string]bool{}, caseByKey: map[string]*xCase{}}
	e.enc = xml.NewEncoder(e.buf)
	e.enc.Indent("    ", "  ")
	if e.schema == nil {
		e.schema = &model.Schema{}
	}
	return e, nil
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func (e *Exporter) userGUID(name string) string {
	if !e.userSeen[name] {
		e.userSeen[name] = true
		e.users = append(e.users, name)
	}
	return derive("user", name)
}

func (e *Exporter) codeGUID(label string) string {
	if _, ok := e.schema.Label(label); !ok && !e.labelSeen[label] {
		e.extra = append(e.extra, label)
	}
	e.labelSeen[label] = true
	return derive("code", label)
}

// Write adds one document: its text as sources/GUID.txt and its
// TextSource with one PlainTextSelection and Coding per annotation
// fragment.
func (e *Exporter) Write(d formats.Layered) error {
	text := d.Doc.Text
	if len(text) > maxInternal {
		return fmt.Errorf("export qdpx: document %q is %d bytes; REFI-QDA (8.5) allows internal files up to %d bytes", formats.DocName(d.Doc), len(text), maxInternal)
	}
	sha := model.TextSHA256(text)
	guid := derive("document", sha)
	if e.docSeen[guid] {
		guid = derive("document", sha, strconv.FormatInt(d.Doc.ID, 10))
	}
	e.docSeen[guid] = true
	file := guid + ".txt"
	fw, err := e.zw.Create("sources/" + file)
	if err != nil {
		return fmt.Errorf("export qdpx: %w", err)
	}
	content := text
	if strings.HasPrefix(text, "\ufeff") {
		// Readers drop a leading byte-order mark (QualCoder, Windows
		// tools, this package), so a text that starts with U+FEFF gets one
		// more to keep its own.
		content = "\ufeff" + text
	}
	if _, err := io.WriteString(fw, content); err != nil {
		return fmt.Errorf("export qdpx: %w", err)
	}
	ts := xTextSource{GUID: guid, Name: formats.DocName(d.Doc), PlainTextPath: "internal://" + file,
		CreationDateTime: stamp(d.Doc.CreatedAt)}
	e.meta(&ts, d.Doc)
	ix := model.NewTextIndex(text)
	first := map[string]string{} // annotation id -> GUID of its first selection
	for i := range d.Annotations {
		a := &d.Annotations[i]
		user := e.userGUID(a.Annotator)
		code := e.codeGUID(a.Label)
		if len(a.Attributes) > 0 {
			e.report.Add("annotations whose attributes were not written (REFI-QDA codings have no attributes)", 1)
		}
		if len(a.Fragments) > 1 {
			e.report.Add("discontinuous annotations written as one selection per fragment", 1)
		}
		for k, f := range a.Fragments {
			sel := xSelection{
				GUID:             derive("selection", sha, a.ID, strconv.Itoa(k)),
				Name:             selectionName(ix.Slice(f.Start, f.End)),
				Start:            strconv.Itoa(f.Start),
				End:              strconv.Itoa(f.End),
				CreatingUser:     user,
				CreationDateTime: stamp(a.CreatedAt),
			}
			if !a.UpdatedAt.IsZero() {
				sel.ModifyingUser, sel.ModifiedDateTime = user, stamp(a.UpdatedAt)
			}
			coding := xCoding{GUID: guidOr(a.ID, "annotation", sha), CreatingUser: user, CreationDateTime: stamp(a.CreatedAt), CodeRef: xRef{Target: code}}
			if k == 0 {
				sel.Description = a.Note
				first[a.ID] = sel.GUID
			} else {
				coding.GUID = derive("coding", sha, a.ID, strconv.Itoa(k))
			}
			sel.Codings = []xCoding{coding}
			ts.Selections = append(ts.Selections, sel)
		}
	}
	for _, r := range d.Relations {
		from, ok1 := first[r.From]
		to, ok2 := first[r.To]
		if !ok1 || !ok2 {
			e.report.Add("relations whose ends are not in the exported layers not written", 1)
			continue
		}
		e.links = append(e.links, xLink{GUID: guidOr(r.ID, "relation", sha), Name: r.Type, Direction: "OneWay", Origin: from, Target: to})
	}
	if len(d.DocLabels) > 0 {
		e.report.Add("document labels not written (REFI-QDA codes selections, not document classes)", len(d.DocLabels))
	}
	if err := e.enc.EncodeElement(ts, xml.StartElement{Name: xml.Name{Local: "TextSource"}}); err != nil {
		return fmt.Errorf("export qdpx: document %q: %w", ts.Name, err)
	}
	e.docs++
	return nil
}

// selectionName is what ATLAS.ti names a quotation: its text, cut at 60
// characters with an ellipsis.
func selectionName(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:60]) + "…"
}

// meta writes the document metadata a qdpx import fills (description,
// notes, variables, cases) back as the source's Description, notes,
// variables and case membership.
func (e *Exporter) meta(ts *xTextSource, d *model.Document) {
	if len(d.Meta) == 0 {
		return
	}
	var m map[string]any
	if err := json.Unmarshal(d.Meta, &m); err != nil {
		e.report.Add("documents whose metadata is not a JSON object: metadata not written", 1)
		return
	}
	for _, k := range formats.AttrKeys(m) {
		switch v := m[k]; k {
		case metaDescription:
			if s, ok := v.(string); ok {
				ts.Description = s
				continue
			}
		case metaNotes:
			if list, ok := v.([]any); ok {
				for i, n := range list {
					s, ok := n.(string)
					if !ok {
						e.report.Add("document notes that are not text not written", 1)
						continue
					}
					g := derive("note", ts.GUID, strconv.Itoa(i))
					// QualCoder 3.x refuses a note without a date.
					e.notes = append(e.notes, xTextSource{GUID: g, Name: fmt.Sprintf("%s note %d", ts.Name, i+1), CreationDateTime: stamp(d.CreatedAt), Content: &s})
					ts.NoteRefs = append(ts.NoteRefs, xRef{Target: g})
				}
				continue
			}
		case metaVariables:
			if vars, ok := v.(map[string]any); ok {
				ts.Values = e.values(vars)
				continue
			}
		case metaCases:
			if cs, ok := v.(map[string]any); ok {
				for _, name := range formats.AttrKeys(cs) {
					vars, _ := cs[name].(map[string]any)
					e.addToCase(name, vars, ts.GUID)
				}
				continue
			}
		}
		e.report.Add(fmt.Sprintf("document metadata %q not written (only description, notes, variables and cases map to REFI-QDA)", k), 1)
	}
}

// values returns VariableValues for vars, sorted by name, defining each
// (name, type) variable once.
func (e *Exporter) values(vars map[string]any) []xValue {
	var out []xValue
	for _, name := range formats.AttrKeys(vars) {
		typ := varType(vars[name])
		if typ == "" {
			e.report.Add(fmt.Sprintf("variable %q values that are not text, number or boolean not written", name), 1)
			continue
		}
		g := derive("variable", name, typ)
		if !e.varSeen[g] {
			e.varSeen[g] = true
			e.vars = append(e.vars, xVariable{GUID: g, Name: name, Type: typ})
		}
		out = append(out, valueXML(g, typ, vars[name]))
	}
	return out
}

func (e *Exporter) addToCase(name string, vars map[string]any, source string) {
	c, ok := e.caseByKey[name]
	if !ok {
		c = &xCase{GUID: derive("case", name), Name: name, Values: e.values(vars)}
		e.caseByKey[name] = c
		e.cases = append(e.cases, c)
	}
	c.SourceRefs = append(c.SourceRefs, xRef{Target: source})
}

// codeTree nests the labels by Parent; a label whose parent is missing,
// or that sits in a parent cycle, is written at the top.
func (e *Exporter) codeTree() []xCode {
	labels := append([]model.Label(nil), e.schema.Labels...)
	for _, n := range e.extra {
		labels = append(labels, model.Label{Name: n})
	}
	known := map[string]bool{}
	for _, l := range labels {
		known[l.Name] = true
	}
	kids := map[string][]model.Label{}
	for _, l := range labels {
		if l.Parent != "" && known[l.Parent] && l.Parent != l.Name {
			kids[l.Parent] = append(kids[l.Parent], l)
		}
	}
	done := map[string]bool{}
	var build func(l model.Label) xCode
	build = func(l model.Label) xCode {
		done[l.Name] = true
		c := xCode{GUID: derive("code", l.Name), Name: l.Name, IsCodable: "true", Color: l.Color, Description: l.Description}
		for _, k := range kids[l.Name] {
			if !done[k.Name] {
				c.Codes = append(c.Codes, build(k))
			}
		}
		return c
	}
	var out []xCode
	for _, l := range labels {
		if l.Parent == "" || !known[l.Parent] || l.Parent == l.Name {
			out = append(out, build(l))
		}
	}
	for _, l := range labels {
		if !done[l.Name] {
			e.report.Add("labels in a parent cycle written at the top of the code tree", 1)
			out = append(out, build(l))
		}
	}
	return out
}

// Close writes project.qde and finishes the zip.
func (e *Exporter) Close() error {
	defer func() {
		e.tmp.Close()
		os.Remove(e.tmp.Name())
	}()
	if err := e.buf.Flush(); err != nil {
		return fmt.Errorf("export qdpx: %w", err)
	}
	w, err := e.zw.Create("project.qde")
	if err != nil {
		return fmt.Errorf("export qdpx: %w", err)
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"%s\" name=\"Margin project\" origin=\"Margin\">\n", Namespace)
	enc := xml.NewEncoder(bw)
	enc.Indent("  ", "  ")
	put := func(name string, v any) error {
		return enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}})
	}
	if len(e.users) > 0 {
		var us xUsers
		for _, n := range e.users {
			us.Users = append(us.Users, xUser{GUID: derive("user", n), Name: n})
		}
		err = put("Users", us)
	}
	if codes := e.codeTree(); err == nil && len(codes) > 0 {
		var cb xCodeBook
		cb.Codes.Codes = codes
		err = put("CodeBook", cb)
	}
	if err == nil && len(e.vars) > 0 {
		err = put("Variables", xVariables{Variables: e.vars})
	}
	if err == nil && len(e.cases) > 0 {
		var cs xCases
		for _, c := range e.cases {
			cs.Cases = append(cs.Cases, *c)
		}
		err = put("Cases", cs)
	}
	if err == nil {
		err = enc.Flush()
	}
	if err == nil && e.docs > 0 {
		if err = e.copySources(bw); err != nil {
			return fmt.Errorf("export qdpx: %w", err)
		}
	}
	if err == nil && len(e.notes) > 0 {
		err = put("Notes", xNotes{Notes: e.notes})
	}
	if err == nil && len(e.links) > 0 {
		err = put("Links", xLinks{Links: e.links})
	}
	if err == nil {
		err = enc.Flush()
	}
	if err == nil {
		_, err = io.WriteString(bw, "\n</Project>\n")
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = e.zw.Close()
	}
	if err != nil {
		return fmt.Errorf("export qdpx: %w", err)
	}
	return nil
}

// copySources writes <Sources> with the TextSource elements Write kept.
func (e *Exporter) copySources(w io.Writer) error {
	if _, err := io.WriteString(w, "\n  <Sources>\n"); err != nil {
		return err
	}
	if _, err := e.tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(w, e.tmp); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n  </Sources>")
	return err
}

// Report lists what the export could not express, with counts.
func (e *Exporter) Report() []string {
	lines := e.report.Lines()
	sort.Strings(lines)
	return lines
}
