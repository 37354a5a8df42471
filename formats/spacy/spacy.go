// Package spacy reads and writes spaCy-style JSON lines:
// {"text", "entities": [[start, end, label]], "spans": [[start, end, label]],
// "cats": {"label": 1.0}}, with code-point offsets (Python str indices).
// Classes of a document-label set other than "cats" are also listed under
// "doc_label_sets" ({"stance": ["pro"]}) so the set keeps its name when
// Margin reads the file back; spaCy sees only "cats".
//
// The binary .spacy DocBin is not written: it is msgpack of spaCy's
// internal structures (string store hashes, token arrays from a spaCy
// tokenizer and vocabulary), which cannot be produced reliably without
// spaCy itself. Convert with a few lines of Python:
// nlp.make_doc(text); doc.char_span(s, e, label, alignment_mode="expand").
package spacy

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

// CatsSet is the document-label set that "cats" go to.
const CatsSet = "cats"

// Format describes spaCy JSONL for the registry.
var Format = formats.Format{
	Name:        "spacy",
	Description: `spaCy JSONL: {"text","entities":[[start,end,label]] (non-overlapping only),"spans":[[start,end,label]] (all),"cats":{...}}; import also reads "entities" alone`,
	Extensions:  []string{".jsonl"},
	Import:      Import,
	Stream:      Stream,
	NewExporter: NewExporter,
}

// Stream reads a spaCy JSONL file one document at a time (see
// formats.Format.Stream), so memory holds a few documents, not the file.
func Stream(path string, opts formats.ImportOptions, fn func(model.DocumentImport) error) (*formats.Imported, error) {
	f, err := formats.OpenProgress(path, opts.Progress)
	if err != nil {
		return nil, fmt.Errorf("import spacy %s: %w", path, err)
	}
	defer f.Close()
	var sum formats.Summary
	err = ReadEach(f, path, opts, func(di model.DocumentImport) error {
		sum.Add(&di)
		return fn(di)
	})
	if err != nil {
		return nil, fmt.Errorf("import spacy: %w", err)
	}
	return sum.Imported(), nil
}

// Import reads a spaCy JSONL file.
func Import(path string, opts formats.ImportOptions) (*formats.Imported, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("import spacy %s: %w", path, err)
	}
	defer f.Close()
	docs, err := Read(f, path, opts)
	if err != nil {
		return nil, fmt.Errorf("import spacy: %w", err)
	}
	return &formats.Imported{Docs: docs, Labels: formats.LabelsFor(formats.LabelNames(docs)), DocLabelSets: formats.DocLabelSetsFor(docs)}, nil
}

type record struct {
	Text     *string             `json:"text"`
	Name     string              `json:"name,omitempty"`
	Entities json.RawMessage     `json:"entities,omitempty"`
	Spans    json.RawMessage     `json:"spans,omitempty"`
	Cats     map[string]float64  `json:"cats,omitempty"`
	Sets     map[string][]string `json:"doc_label_sets,omitempty"`
}

// Read parses spaCy JSONL. Spans present in both "entities" and "spans"
// (as Margin writes them) are read once.
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
// an error from fn stops the read and is returned with file:line. "cats"
// with a score of 0.5 or more become document labels of the set "cats",
// or of the set "doc_label_sets" names for them (Margin's export).
func ReadEach(r io.Reader, file string, opts formats.ImportOptions, fn func(model.DocumentImport) error) error {
	annotator := formats.AnnotatorOr("", opts)
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	return formats.ReadLines(r, file, func(line int, raw []byte) error {
		var rec record
		dec := json.NewDecoder(bytes.NewReader(raw))
		if err := dec.Decode(&rec); err != nil {
			return fmt.Errorf("malformed JSON: %w", err)
		}
		if rec.Text == nil {
			return fmt.Errorf(`"text" is missing`)
		}
		if err := formats.CheckText(*rec.Text); err != nil {
			return err
		}
		di := model.DocumentImport{Doc: model.NewDocument{Name: rec.Name, Text: *rec.Text}}
		if di.Doc.Name == "" {
			di.Doc.Name = fmt.Sprintf("%s-%d", base, line)
		}
		ix := model.NewTextIndex(*rec.Text)
		seen := map[string]bool{}
		for _, key := range []string{"entities", "spans"} {
			raw := rec.Entities
			if key == "spans" {
				raw = rec.Spans
			}
			triples, err := parseSpans(raw)
			if err != nil {
				return fmt.Errorf("%q: %w", key, err)
			}
			for i, t := range triples {
				fr, err := formats.Span(t.start, t.end, ix.Len())
				if err != nil {
					return fmt.Errorf("%s[%d]: %w", key, i, err)
				}
				if strings.TrimSpace(t.label) == "" {
					return fmt.Errorf("%s[%d]: no label", key, i)
				}
				k := fmt.Sprint(t.start, t.end, t.label)
				if seen[k] {
					continue
				}
				seen[k] = true
				di.Annotations = append(di.Annotations, model.Annotation{ID: formats.NewID(), Annotator: annotator, Label: t.label,
					Fragments: []model.Fragment{fr}, Text: ix.Slice(fr.Start, fr.End)})
			}
		}
		cats := make([]string, 0, len(rec.Cats))
		for c, v := range rec.Cats {
			if v >= 0.5 {
				cats = append(cats, c)
			}
		}
		sort.Strings(cats)
		for _, l := range formats.AssignDocLabelSets(cats, rec.Sets, CatsSet) {
			l.Annotator = annotator
			di.DocLabels = append(di.DocLabels, l)
		}
		return fn(di)
	})
}

type triple struct {
	start, end int
	label      string
}

// parseSpans reads [[s, e, label(, kb_id)]...] or, as spaCy's doc.spans,
// {"group": [[s, e, label]...]} (every group is read).
func parseSpans(raw json.RawMessage) ([]triple, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var groups map[string]json.RawMessage
	if json.Unmarshal(raw, &groups) == nil {
		keys := make([]string, 0, len(groups))
		for k := range groups {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []triple
		for _, k := range keys {
			ts, err := parseSpans(groups[k])
			if err != nil {
				return nil, fmt.Errorf("group %q: %w", k, err)
			}
			out = append(out, ts...)
		}
		return out, nil
	}
	var items [][]json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("want a list of [start, end, label]")
	}
	out := make([]triple, len(items))
	for i, it := range items {
		if len(it) < 3 || len(it) > 4 || json.Unmarshal(it[0], &out[i].start) != nil || json.Unmarshal(it[1], &out[i].end) != nil || json.Unmarshal(it[2], &out[i].label) != nil {
			return nil, fmt.Errorf("item %d: want [start, end, label] with integer offsets", i)
		}
	}
	return out, nil
}

// Exporter writes one JSON line per document.
type Exporter struct {
	enc        *json.Encoder
	report     formats.Counter
	annotators map[string]bool
}

// NewExporter writes spaCy JSONL to w.
func NewExporter(w io.Writer, _ string, _ formats.ExportOptions) (formats.Exporter, error) {
	if w == nil {
		return nil, fmt.Errorf("export spacy: no output stream")
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &Exporter{enc: enc, annotators: map[string]bool{}}, nil
}

type outRec struct {
	Name     string              `json:"name,omitempty"`
	Text     string              `json:"text"`
	Entities [][3]any            `json:"entities"`
	Spans    [][3]any            `json:"spans"`
	Cats     map[string]float64  `json:"cats,omitempty"`
	Sets     map[string][]string `json:"doc_label_sets,omitempty"`
}

// Write writes one document. "entities" holds a non-overlapping subset
// (longest first, ties to the earlier start), as spaCy's doc.ents needs;
// "spans" holds every fragment.
func (e *Exporter) Write(d formats.Layered) error {
	rec := outRec{Name: d.Doc.Name, Text: d.Doc.Text, Entities: [][3]any{}, Spans: [][3]any{}}
	type sp struct {
		s, e  int
		label string
	}
	var all []sp
	for _, a := range d.Annotations {
		e.annotators[a.Annotator] = true
		losses.Count(&e.report, &a)
		for _, f := range a.Fragments {
			all = append(all, sp{f.Start, f.End, a.Label})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].s < all[j].s })
	for _, s := range all {
		rec.Spans = append(rec.Spans, [3]any{s.s, s.e, s.label})
	}
	byLen := append([]sp(nil), all...)
	sort.SliceStable(byLen, func(i, j int) bool { return byLen[i].e-byLen[i].s > byLen[j].e-byLen[j].s })
	var kept []sp
	for _, s := range byLen {
		ok := true
		for _, k := range kept {
			if s.s < k.e && k.s < s.e {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, s)
		} else {
			e.report.Add(`overlapping spans left out of "entities" (they are in "spans")`, 1)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].s < kept[j].s })
	for _, s := range kept {
		rec.Entities = append(rec.Entities, [3]any{s.s, s.e, s.label})
	}
	for _, l := range d.DocLabels {
		if rec.Cats == nil {
			rec.Cats = map[string]float64{}
		}
		if l.Set != CatsSet {
			// spaCy sees one "cats" dict; the set's name is kept for Margin.
			if rec.Sets == nil {
				rec.Sets = map[string][]string{}
			}
			rec.Sets[l.Set] = append(rec.Sets[l.Set], l.Value)
		}
		rec.Cats[l.Value] = 1
	}
	if len(d.Relations) > 0 {
		e.report.Add("relations dropped (spaCy training data has none)", len(d.Relations))
	}
	if err := e.enc.Encode(rec); err != nil {
		return fmt.Errorf("export spacy %q: %w", d.Doc.Name, err)
	}
	return nil
}

// Close has nothing to flush.
func (e *Exporter) Close() error { return nil }

// Report lists what spaCy JSONL could not hold.
func (e *Exporter) Report() []string {
	out := e.report.Lines()
	if len(e.annotators) > 1 {
		out = append(out, fmt.Sprintf("layers of %d annotators merged", len(e.annotators)))
	}
	return out
}

// losses is what an annotation loses when written in this format.
var losses = formats.Losses{
	Discontinuous: "discontinuous annotations written as one span per fragment",
	Attributes:    "annotations whose attributes were dropped",
	Note:          "annotation notes dropped",
}
