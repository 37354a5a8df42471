// Package doccano reads and writes doccano JSONL: sequence labeling
// ({"text", "label": [[start, end, "L"]]}), sequence labeling with
// relations ({"text", "entities": [...], "relations": [...]}) and text
// classification ({"text", "label": ["x"]}). Offsets are code points
// (doccano's backend is Python).
package doccano

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// DocLabelSet is the document-label set that doccano's classification
// labels go to (doccano has one unnamed set per project).
const DocLabelSet = "label"

// Format describes doccano for the registry.
var Format = formats.Format{
	Name:        "doccano",
	Description: `doccano JSONL: {"text","label":[[start,end,"L"]]}, or "entities"/"relations" when the document has relations; {"label":["x"]} is text classification`,
	Extensions:  []string{".jsonl", ".json"},
	Import:      Import,
	Stream:      Stream,
	NewExporter: NewExporter,
}

// Import reads a doccano JSONL file.
func Import(path string, opts formats.ImportOptions) (*formats.Imported, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("import doccano %s: %w", path, err)
	}
	defer f.Close()
	docs, err := Read(f, path, opts)
	if err != nil {
		return nil, fmt.Errorf("import doccano: %w", err)
	}
	return &formats.Imported{Docs: docs, Labels: formats.LabelsFor(formats.LabelNames(docs)), Relations: formats.RelationTypesFor(docs)}, nil
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
// than text/label/labels/entities/relations/name/id are kept as the
// document's meta (doccano exports its metadata columns that way).
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
	return formats.ReadLines(r, file, func(line int, raw []byte) error {
		di, ok := fastLine(raw, annotator, labels)
		if !ok {
			var err error
			if di, err = parseLine(raw, annotator); err != nil {
				return err
			}
		}
		if di.Doc.Name == "" {
			di.Doc.Name = fmt.Sprintf("%s-%d", base, line)
		}
		return fn(di)
	})
}

func parseLine(raw []byte, annotator string) (model.DocumentImport, error) {
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
	if err := json.Unmarshal(rec["text"], &text); err != nil || rec["text"] == nil {
		return di, fmt.Errorf(`"text" must be a string`)
	}
	if err := formats.CheckText(text); err != nil {
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
	for _, key := range []string{"label", "labels", "doc_labels"} {
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
				di.DocLabels = append(di.DocLabels, model.DocLabel{Annotator: annotator, Set: DocLabelSet, Value: cls})
				continue
			}
			var triple []json.RawMessage
			if err := json.Unmarshal(it, &triple); err != nil || len(triple) != 3 {
				return di, fmt.Errorf(`%s[%d]: want [start, end, "label"] or "class"`, key, i)
			}
			var s, e int
			var l string
			if json.Unmarshal(triple[0], &s) != nil || json.Unmarshal(triple[1], &e) != nil || json.Unmarshal(triple[2], &l) != nil {
				return di, fmt.Errorf(`%s[%d]: want [start, end, "label"] with integer offsets`, key, i)
			}
			if err := span(s, e, l); err != nil {
				return di, fmt.Errorf("%s[%d]: %w", key, i, err)
			}
		}
	}
	ids := map[string]string{}
	if v, ok := rec["entities"]; ok && string(v) != "null" {
		var ents []entity
		if err := json.Unmarshal(v, &ents); err != nil {
			return di, fmt.Errorf(`"entities": %w`, err)
		}
		for i, en := range ents {
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
	meta := map[string]json.RawMessage{}
	for k, v := range rec {
		switch k {
		case "text", "label", "labels", "doc_labels", "entities", "relations", "name", "id":
		default:
			meta[k] = v
		}
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
	ID        int64    `json:"id,omitempty"`
	Name      string   `json:"name,omitempty"`
	Text      string   `json:"text"`
	Label     [][3]any `json:"label"`
	DocLabels []string `json:"doc_labels,omitempty"`
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
	ID        int64    `json:"id,omitempty"`
	Name      string   `json:"name,omitempty"`
	Text      string   `json:"text"`
	Entities  []entRec `json:"entities"`
	Relations []relRec `json:"relations"`
	DocLabels []string `json:"doc_labels,omitempty"`
}

type classRec struct {
	ID    int64    `json:"id,omitempty"`
	Name  string   `json:"name,omitempty"`
	Text  string   `json:"text"`
	Label []string `json:"label"`
}

// Write writes one document: the "label" shape, the entities/relations
// shape when it has relations, or the classification shape when it has
// document labels and no spans. Document labels next to spans go to
// "doc_labels" (doccano keeps unknown keys as metadata; Margin reads them
// back).
func (e *Exporter) Write(d formats.Layered) error {
	var docLabels []string
	for _, l := range d.DocLabels {
		if l.Set != DocLabelSet {
			e.report.Add("document labels of sets other than \"label\" written without their set name", 1)
		}
		docLabels = append(docLabels, l.Value)
	}
	// Spans: one per fragment (doccano has no discontinuous spans).
	type sp struct {
		s, e  int
		label string
		annID string
	}
	var spans []sp
	for _, a := range d.Annotations {
		e.annotators[a.Annotator] = true
		losses.Count(&e.report, &a)
		for _, f := range a.Fragments {
			spans = append(spans, sp{f.Start, f.End, a.Label, a.ID})
		}
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].s < spans[j].s })
	var rec any
	switch {
	case len(d.Relations) > 0:
		r := relDocRec{ID: d.Doc.ID, Name: d.Doc.Name, Text: d.Doc.Text, Entities: []entRec{}, Relations: []relRec{}, DocLabels: docLabels}
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
		rec = classRec{ID: d.Doc.ID, Name: d.Doc.Name, Text: d.Doc.Text, Label: docLabels}
	default:
		r := spanRec{ID: d.Doc.ID, Name: d.Doc.Name, Text: d.Doc.Text, Label: [][3]any{}, DocLabels: docLabels}
		for _, s := range spans {
			r.Label = append(r.Label, [3]any{s.s, s.e, s.label})
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
