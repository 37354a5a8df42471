// Package doccano reads and writes doccano JSONL: sequence labeling
// ({"text", "label": [[start, end, "L"]]}), sequence labeling with
// relations ({"text", "entities": [...], "relations": [...]}) and text
// classification ({"text", "label": ["x"]}) and intent detection
// ({"text", "entities": [[start, end, "L"]], "cats": ["x"]}). The text and
// label columns may be renamed (doccano's import dialog lets a project
// call them anything). Offsets are code points (doccano's backend is
// Python).
package doccano

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// DocLabelSet is the document-label set that doccano's classification
// labels go to (doccano has one unnamed set per project).
const DocLabelSet = "label"

// Format describes doccano for the registry.
var Format = formats.Format{
	Name:         "doccano",
	Description:  `doccano JSONL: {"text","label":[[start,end,"L"]]}, or "entities"/"relations" when the document has relations; {"label":["x"]} is text classification, "entities" + "cats" intent detection; --text-field/--label-field for renamed columns`,
	Extensions:   []string{".jsonl", ".json"},
	Import:       Import,
	Stream:       Stream,
	NewExporter:  NewExporter,
	ImportFields: []formats.Option{formats.OptTextField, formats.OptLabelField},
}

// Import reads a doccano JSONL file.
func Import(path string, opts formats.ImportOptions) (*formats.Imported, error) {
	f, err := formats.OpenRegular(path, 0)
	if err != nil {
		return nil, fmt.Errorf("import doccano %s: %w", path, err)
	}
	defer f.Close()
	docs, err := Read(f, path, opts)
	if err != nil {
		return nil, fmt.Errorf("import doccano: %w", err)
	}
	return &formats.Imported{Docs: docs, Labels: formats.LabelsFor(formats.LabelNames(docs)), Relations: formats.RelationTypesFor(docs), DocLabelSets: formats.DocLabelSetsFor(docs)}, nil
}

type entity struct {
	ID          json.RawMessage `json:"id"`
	StartOffset *int            `json:"start_offset"`
	EndOffset   *int            `json:"end_offset"`
	Label       string          `json:"label"`
}

type relation struct {
	ID     json.RawMessage `json:"id,omitempty"`
	FromID json.RawMessage `json:"from_id"`
	ToID   json.RawMessage `json:"to_id"`
	Type   string          `json:"type"`
}

// Stream reads a doccano JSONL file one document at a time (see
// formats.Format.Stream).
func Stream(path string, opts formats.ImportOptions, fn func(model.DocumentImport) error) (*formats.Imported, error) {
	f, err := formats.OpenProgress(path, opts.Progress)
	if err != nil {
		return nil, fmt.Errorf("import doccano %s: %w", path, err)
	}
	defer f.Close()
	var sum formats.Summary
	err = ReadEach(f, path, opts, func(di model.DocumentImport) error {
		sum.Add(&di)
		return fn(di)
	})
	if err != nil {
		return nil, fmt.Errorf("import doccano: %w", err)
	}
	return sum.Imported(), nil
}

// Read parses doccano JSONL; file names the input in errors. Keys other
// than the text and label columns and entities/relations/cats/name/id/
// doc_labels/doc_label_sets are kept as the document's meta (doccano
// exports its metadata columns that way).
func Read(r io.Reader, file string, opts formats.ImportOptions) ([]model.DocumentImport, error) {
	var out []model.DocumentImport
	err := ReadEach(r, file, opts, func(di model.DocumentImport) error {
		out = append(out, di)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReadEach is Read one document at a time: fn gets each in input order;
// an error from fn stops the read and is returned with file:line.
func ReadEach(r io.Reader, file string, opts formats.ImportOptions, fn func(model.DocumentImport) error) error {
	annotator := formats.AnnotatorOr("", opts)
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	labels := map[string]string{}
	f := fieldsOf(opts)
	// The fast path knows only the default column names.
	fast := f.text == "text" && f.label == "label"
	return formats.ReadLines(r, file, func(line int, raw []byte) error {
		di, ok := model.DocumentImport{}, false
		if fast {
			di, ok = fastLine(raw, annotator, labels)
		}
		if !ok {
			var err error
			if di, err = parseLine(raw, annotator, f); err != nil {
				return err
			}
		}
		if di.Doc.Name == "" {
			di.Doc.Name = fmt.Sprintf("%s-%d", base, line)
		}
		return fn(di)
	})
}

// fields are doccano's renamable columns ("column_data" and
// "column_label" in doccano's import dialog) and the document-label set
// its classes go to.
type fields struct {
	text, label string
	labelKeys   []string // keys read as the label column
	set         string
}

func fieldsOf(opts formats.ImportOptions) fields {
	f := fields{text: "text", label: "label", set: DocLabelSet}
	if opts.TextField != "" {
		f.text = opts.TextField
	}
	if opts.LabelField != "" {
		f.label, f.set = opts.LabelField, opts.LabelField
	}
	f.labelKeys = []string{f.label}
	if f.label == "label" {
		f.labelKeys = append(f.labelKeys, "labels") // older doccano exports
	}
	return f
}

func parseLine(raw []byte, annotator string, f fields) (model.DocumentImport, error) {
	var di model.DocumentImport
	var rec map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&rec); err != nil {
		return di, fmt.Errorf("malformed JSON: %w", err)
	}
	if dec.More() {
		return di, fmt.Errorf("more than one JSON value on the line")
	}
	if rec == nil {
		return di, fmt.Errorf("want a JSON object")
	}
	var text string
	if err := json.Unmarshal(rec[f.text], &text); err != nil || rec[f.text] == nil {
		return di, fmt.Errorf("%q must be a string", f.text)
	}
	if err := formats.CheckText(text); err != nil {
		if f.text != "text" {
			return di, fmt.Errorf("%s (the text field is %q)", err, f.text)
		}
		return di, err
	}
	di.Doc.Text = text
	if n, ok := rec["name"]; ok {
		if err := json.Unmarshal(n, &di.Doc.Name); err != nil {
			return di, fmt.Errorf(`"name" must be a string`)
		}
	}
	ix := model.NewTextIndex(text)
	di.Index = ix
	span := func(s, e int, label string) error {
		fr, err := formats.Span(s, e, ix.Len())
		if err != nil {
			return err
		}
		if strings.TrimSpace(label) == "" {
			return fmt.Errorf("span %d-%d has no label", s, e)
		}
		a := model.Annotation{ID: formats.NewID(), Annotator: annotator, Label: label, Fragments: []model.Fragment{fr}}
		a.Text = model.CoveredText(ix, a.Fragments)
		di.Annotations = append(di.Annotations, a)
		return nil
	}
	var classes []string
	// The label column holds spans or classes; "cats" (intent detection)
	// and Margin's older "doc_labels" hold classes.
	for _, key := range append(append([]string{}, f.labelKeys...), "cats", "doc_labels") {
		v, ok := rec[key]
		if !ok || string(v) == "null" {
			continue
		}
		var items []json.RawMessage
		if err := json.Unmarshal(v, &items); err != nil {
			return di, fmt.Errorf("%q must be a list", key)
		}
		for i, it := range items {
			var cls string
			if json.Unmarshal(it, &cls) == nil {
				if strings.TrimSpace(cls) == "" {
					return di, fmt.Errorf("%s[%d]: empty class", key, i)
				}
				classes = append(classes, cls)
				continue
			}
			if key == "cats" || key == "doc_labels" {
				return di, fmt.Errorf(`%s[%d]: want a "class" string`, key, i)
			}
			s, e, l, err := triple(it)
			if err != nil {
				return di, fmt.Errorf("%s[%d]: %w", key, i, err)
			}
			if err := span(s, e, l); err != nil {
				return di, fmt.Errorf("%s[%d]: %w", key, i, err)
			}
		}
	}
	ids := map[string]string{}
	if v, ok := rec["entities"]; ok && string(v) != "null" {
		var items []json.RawMessage
		if err := json.Unmarshal(v, &items); err != nil {
			return di, fmt.Errorf(`"entities" must be a list`)
		}
		for i, it := range items {
			// Intent detection writes [start, end, "L"]; relation
			// extraction writes objects with ids.
			if bytes.HasPrefix(bytes.TrimSpace(it), []byte("[")) {
				s, e, l, err := triple(it)
				if err == nil {
					err = span(s, e, l)
				}
				if err != nil {
					return di, fmt.Errorf("entities[%d]: %w", i, err)
				}
				continue
			}
			var en entity
			if err := json.Unmarshal(it, &en); err != nil {
				return di, fmt.Errorf("entities[%d]: %w", i, err)
			}
			if en.StartOffset == nil || en.EndOffset == nil {
				return di, fmt.Errorf("entities[%d]: start_offset and end_offset are required", i)
			}
			if err := span(*en.StartOffset, *en.EndOffset, en.Label); err != nil {
				return di, fmt.Errorf("entities[%d]: %w", i, err)
			}
			if len(en.ID) > 0 {
				k := string(en.ID)
				if _, dup := ids[k]; dup {
					return di, fmt.Errorf("entities[%d]: id %s is used twice", i, k)
				}
				ids[k] = di.Annotations[len(di.Annotations)-1].ID
			}
		}
	}
	if v, ok := rec["relations"]; ok && string(v) != "null" {
		var rels []relation
		if err := json.Unmarshal(v, &rels); err != nil {
			return di, fmt.Errorf(`"relations": %w`, err)
		}
		for i, r := range rels {
			from, ok1 := ids[string(r.FromID)]
			to, ok2 := ids[string(r.ToID)]
			if !ok1 || !ok2 {
				return di, fmt.Errorf("relations[%d]: from_id %s or to_id %s is not an entity id of this line", i, r.FromID, r.ToID)
			}
			if strings.TrimSpace(r.Type) == "" {
				return di, fmt.Errorf("relations[%d]: no type", i)
			}
			di.Relations = append(di.Relations, model.Relation{ID: formats.NewID(), Annotator: annotator, Type: r.Type, From: from, To: to})
		}
	}
	var sets map[string][]string
	if v, ok := rec[formats.DocLabelSetsKey]; ok && string(v) != "null" {
		if err := json.Unmarshal(v, &sets); err != nil {
			return di, fmt.Errorf(`%q must map set names to lists of classes`, formats.DocLabelSetsKey)
		}
	}
	for _, l := range formats.AssignDocLabelSets(classes, sets, f.set) {
		l.Annotator = annotator
		di.DocLabels = append(di.DocLabels, l)
	}
	meta := map[string]json.RawMessage{}
	for k, v := range rec {
		if k == f.text || k == "entities" || k == "relations" || k == "name" || k == "id" || k == "cats" || k == "doc_labels" || k == formats.DocLabelSetsKey || slices.Contains(f.labelKeys, k) {
			continue
		}
		meta[k] = v
	}
	if len(meta) > 0 {
		m, err := json.Marshal(meta)
		if err != nil {
			return di, err
		}
		di.Doc.Meta = m
	}
	return di, nil
}

// triple reads [start, end, "label"].
func triple(it json.RawMessage) (s, e int, l string, err error) {
	var t []json.RawMessage
	if err := json.Unmarshal(it, &t); err != nil || len(t) != 3 {
		return 0, 0, "", fmt.Errorf(`want [start, end, "label"] or "class"`)
	}
	if json.Unmarshal(t[0], &s) != nil || json.Unmarshal(t[1], &e) != nil || json.Unmarshal(t[2], &l) != nil {
		return 0, 0, "", fmt.Errorf(`want [start, end, "label"] with integer offsets`)
	}
	return s, e, l, nil
}

// Exporter writes one doccano record per document.
type Exporter struct {
	w          io.Writer
	buf        []byte
	enc        *json.Encoder
	report     formats.Counter
	annotators map[string]bool
}

// NewExporter writes doccano JSONL to w.
func NewExporter(w io.Writer, _ string, _ formats.ExportOptions) (formats.Exporter, error) {
	if w == nil {
		return nil, fmt.Errorf("export doccano: no output stream")
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &Exporter{w: w, enc: enc, annotators: map[string]bool{}}, nil
}

type spanRec struct {
	ID    int64        `json:"id,omitempty"`
	Name  string       `json:"name,omitempty"`
	Text  string       `json:"text"`
	Label []spanTriple `json:"label"`
}

// spanTriple is a span as doccano writes it, [start, end, "L"]: typed
// rather than a [3]any, whose three boxed values were three allocations
// per span of an export (issue 14).
type spanTriple struct {
	Start, End int
	Label      string
}

// MarshalJSON writes [start,end,"L"] as encoding/json writes the [3]any.
func (t spanTriple) MarshalJSON() ([]byte, error) { return appendTriple(nil, t), nil }

// intentRec is doccano's intent detection shape: spans and classes.
type intentRec struct {
	ID       int64               `json:"id,omitempty"`
	Name     string              `json:"name,omitempty"`
	Text     string              `json:"text"`
	Entities [][3]any            `json:"entities"`
	Cats     []string            `json:"cats"`
	Sets     map[string][]string `json:"doc_label_sets,omitempty"`
}

type entRec struct {
	ID    int64  `json:"id"`
	Start int    `json:"start_offset"`
	End   int    `json:"end_offset"`
	Label string `json:"label"`
}

type relRec struct {
	ID     int    `json:"id"`
	FromID int    `json:"from_id"`
	ToID   int    `json:"to_id"`
	Type   string `json:"type"`
}

type relDocRec struct {
	ID        int64               `json:"id,omitempty"`
	Name      string              `json:"name,omitempty"`
	Text      string              `json:"text"`
	Entities  []entRec            `json:"entities"`
	Relations []relRec            `json:"relations"`
	Cats      []string            `json:"cats,omitempty"`
	Sets      map[string][]string `json:"doc_label_sets,omitempty"`
}

type classRec struct {
	ID    int64               `json:"id,omitempty"`
	Name  string              `json:"name,omitempty"`
	Text  string              `json:"text"`
	Label []string            `json:"label"`
	Sets  map[string][]string `json:"doc_label_sets,omitempty"`
}

// Write writes one document in the shape of the doccano task it fits:
// sequence labeling ("label" spans), relation extraction ("entities" and
// "relations", document labels in "cats") when it has relations, text
// classification ("label" classes) when it has document labels and no
// spans, intent detection ("entities" triples and "cats") when it has
// both. Classes of a set
// other than "label" are also listed by set in "doc_label_sets" (doccano
// keeps unknown keys as metadata; Margin reads them back), so the set
// keeps its name.
func (e *Exporter) Write(d formats.Layered) error {
	var docLabels []string
	var sets map[string][]string
	named := map[string]bool{}
	for _, l := range d.DocLabels {
		if l.Set != DocLabelSet {
			if sets == nil {
				sets = map[string][]string{}
			}
			sets[l.Set] = append(sets[l.Set], l.Value)
		}
		named[l.Set] = true
		docLabels = append(docLabels, l.Value)
	}
	if len(named) > 1 {
		e.report.Add("documents whose labels of several sets doccano sees as one list (the set names are kept in doc_label_sets)", 1)
	}
	// Spans: one per fragment (doccano has no discontinuous spans).
	type sp struct {
		s, e  int
		label string
		annID string
	}
	spans := make([]sp, 0, len(d.Annotations))
	for _, a := range d.Annotations {
		e.annotators[a.Annotator] = true
		losses.Count(&e.report, &a)
		for _, f := range a.Fragments {
			spans = append(spans, sp{f.Start, f.End, a.Label, a.ID})
		}
	}
	// Usually in order already (storage gives annotations in text order).
	byStart := func(x, y sp) int { return x.s - y.s }
	if !slices.IsSortedFunc(spans, byStart) {
		slices.SortStableFunc(spans, byStart)
	}
	var rec any
	switch {
	case len(d.Relations) > 0:
		r := relDocRec{ID: d.Doc.ID, Name: d.Doc.Name, Text: d.Doc.Text, Entities: []entRec{}, Relations: []relRec{}, Cats: docLabels, Sets: sets}
		first := map[string]int64{} // annotation id -> entity id of its first fragment
		for i, s := range spans {
			id := int64(i + 1)
			if _, ok := first[s.annID]; !ok {
				first[s.annID] = id
			}
			r.Entities = append(r.Entities, entRec{ID: id, Start: s.s, End: s.e, Label: s.label})
		}
		for i, rel := range d.Relations {
			f, ok1 := first[rel.From]
			t, ok2 := first[rel.To]
			if !ok1 || !ok2 {
				e.report.Add("relations skipped: an end is not among the exported annotations", 1)
				continue
			}
			r.Relations = append(r.Relations, relRec{ID: i + 1, FromID: int(f), ToID: int(t), Type: rel.Type})
		}
		rec = r
	case len(spans) == 0 && len(docLabels) > 0:
		rec = classRec{ID: d.Doc.ID, Name: d.Doc.Name, Text: d.Doc.Text, Label: docLabels, Sets: sets}
	case len(docLabels) > 0:
		r := intentRec{ID: d.Doc.ID, Name: d.Doc.Name, Text: d.Doc.Text, Cats: docLabels, Sets: sets}
		for _, s := range spans {
			r.Entities = append(r.Entities, [3]any{s.s, s.e, s.label})
		}
		rec = r
	default:
		r := spanRec{ID: d.Doc.ID, Name: d.Doc.Name, Text: d.Doc.Text, Label: make([]spanTriple, len(spans))}
		for i, s := range spans {
			r.Label[i] = spanTriple{s.s, s.e, s.label}
		}
		// The usual shape: encoded by hand, the same bytes, faster.
		e.buf = appendSpanRec(e.buf[:0], &r)
		if _, err := e.w.Write(e.buf); err != nil {
			return fmt.Errorf("export doccano %q: %w", d.Doc.Name, err)
		}
		return nil
	}
	if err := e.enc.Encode(rec); err != nil {
		return fmt.Errorf("export doccano %q: %w", d.Doc.Name, err)
	}
	return nil
}

// Lean: Write reads an annotation's label, fragments, annotator and id,
// and its attributes and note only to report them dropped
// (formats.LeanExporter).
func (e *Exporter) Lean() bool { return true }

// Close has nothing to flush: every line is written by Write.
func (e *Exporter) Close() error { return nil }

// Report lists what doccano could not hold.
func (e *Exporter) Report() []string {
	out := e.report.Lines()
	if len(e.annotators) > 1 {
		out = append(out, fmt.Sprintf("layers of %d annotators merged into one record per document (doccano JSONL has no annotator field)", len(e.annotators)))
	}
	return out
}

// losses is what an annotation loses when written in this format.
var losses = formats.Losses{
	Discontinuous: "discontinuous annotations written as one span per fragment",
	Attributes:    "annotations whose attributes were dropped (doccano has none)",
	Note:          "annotation notes dropped (doccano has none)",
}
